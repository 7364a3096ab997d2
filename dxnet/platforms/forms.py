from dxnet.agencies.forms import ScopedForm
from dxnet.network.models import VoluntaryMember
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import PlatformUsage


class PlatformUsageForm(ScopedForm):
    class Meta:
        model = PlatformUsage
        fields = ["platform", "person", "voluntary_member", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}
        help_texts = {"person": "Một cán bộ (đầu mối, thành viên bắt buộc của Mạng lưới) hoặc một thành viên tự "
                                "nguyện, không cả hai."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).select_related("agency")
        self.fields["voluntary_member"].queryset = VoluntaryMember.objects.visible_to(self.user)
