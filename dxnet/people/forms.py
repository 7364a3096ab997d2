from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.core.forms import ModelForm
from dxnet.core.pickers import PickerField, bind_pickers

from .models import DxDuty, FocalPoint, JobPosition, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(ScopedForm):
    agency = ScopedAgencyField()

    class Meta:
        model = Person
        fields = ["agency", "full_name", "gender", "position", "phone", "email", "national_id", "job_position"]
        help_texts = {"national_id": "Không bắt buộc; chỉ hiện 3 số cuối."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_position"].queryset = JobPosition.objects.filter(is_active=True)

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].strip()
        if value and (not value.isdigit() or len(value) != 12):
            raise forms.ValidationError("Số định danh cá nhân gồm đúng 12 chữ số.")
        return value


class DutyForm(ModelForm):
    class Meta:
        model = DxDuty
        fields = ["kind", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].required = True


class FocalPointForm(ModelForm):
    """Designate a person of the registry within the user's scope, picked by name (or typed phone)."""

    needs = ("user",)
    person = PickerField("can-bo", label="Cán bộ được giao",
                         help_text="Gõ một phần họ tên (không cần dấu) hoặc số điện thoại rồi chọn trong danh sách; "
                                   "chưa có trong danh sách thì hãy thêm cán bộ trước.")

    class Meta:
        model = FocalPoint
        fields = ["person", "decision_number", "decision_date", "valid_from", "valid_to"]
        widgets = {"decision_date": DATE, "valid_from": DATE, "valid_to": DATE}
        help_texts = {"valid_from": "Bỏ trống: tính từ ngày quyết định."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_pickers(self, user)


class EndDesignationForm(forms.Form):
    ended_on = forms.DateField(label="Thôi giao đầu mối từ ngày", widget=DATE,
                               help_text="Từ ngày này cán bộ không còn là đầu mối, cũng không còn là thành viên "
                                         "bắt buộc của Mạng lưới CĐS.")


class JobPositionForm(ModelForm):
    class Meta:
        model = JobPosition
        fields = ["code", "name", "group", "source", "is_active"]
