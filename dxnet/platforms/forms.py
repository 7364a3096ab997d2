from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.geo.models import AdminUnit
from dxnet.network.models import VoluntaryMember
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import PlatformUsage, SharedPlatform


class PlatformUsageForm(ScopedForm):
    class Meta:
        model = PlatformUsage
        fields = ["platform", "person", "voluntary_member", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}
        help_texts = {"person": "Một cán bộ (đầu mối, thành viên bắt buộc của Mạng lưới) hoặc một thành viên tự "
                                "nguyện, không cả hai."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = SharedPlatform.objects.visible_to(self.user)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).select_related("agency")
        self.fields["voluntary_member"].queryset = VoluntaryMember.objects.visible_to(self.user)


class SharedPlatformForm(ScopedForm):
    """A catalogue entry; a coordinator's entry is provincial in their own province (set by the service), so the
    level and the province are the national administrator's fields only."""

    owner = ScopedAgencyField(label="Cơ quan chủ quản", required=False)

    class Meta:
        model = SharedPlatform
        fields = ["name", "address", "level", "province", "owner", "owner_name", "valid_from", "valid_to", "source"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = AdminUnit.objects.provinces().filter(valid_to__isnull=True)
        self.fields["name"].required = False  # the model says what is missing, as in the API
        if not self.user.sees_everything:
            del self.fields["level"], self.fields["province"]


class EndPlatformForm(forms.Form):
    valid_to = forms.DateField(
        label="Ngày kết thúc", widget=DATE,
        help_text="Sau ngày này nền tảng không còn được tính; vẫn giữ trong danh mục làm lịch sử.")
