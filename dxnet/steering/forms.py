from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.agencies.models import Agency
from dxnet.core.forms import ModelForm
from dxnet.core.pickers import PickerField, bind_pickers
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import Attendance, CommitteeMember, Meeting, SteeringCommittee


def _without_empty_files(data: dict, *names: str) -> dict:
    """A file input left empty keeps the stored file (the service is not told to clear it)."""
    for name in names:
        if not data.get(name):
            data.pop(name, None)
    return data


class CommitteeForm(ScopedForm):
    agency = ScopedAgencyField(label="Cơ quan có Ban Chỉ đạo",
                               help_text="Bộ, ngành, Ủy ban nhân dân tỉnh hoặc Ủy ban Quốc gia về chuyển đổi số: gõ "
                                         "một phần của tên rồi chọn trong danh sách.")

    class Meta:
        model = SteeringCommittee
        fields = ["agency", "name", "decision_number", "decision_date", "decision_file", "valid_from", "valid_to"]
        widgets = {"decision_date": DATE, "valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["agency"]
            self.fields["chair"] = forms.ModelChoiceField(
                label="Trưởng ban", required=False, initial=self.instance.chair_id,
                queryset=Person.objects.filter(committee_seats__committee=self.instance))

    def clean(self):
        return _without_empty_files(super().clean(), "decision_file")


class MemberForm(forms.Form):
    person = PickerField("can-bo", label="Cán bộ",
                         help_text="Cán bộ đã có trong danh sách cán bộ làm chuyển đổi số: gõ một phần họ tên (không "
                                   "cần dấu) hoặc số điện thoại rồi chọn trong danh sách.")
    role = forms.ChoiceField(label="Vai trò trong Ban Chỉ đạo", choices=CommitteeMember.Role.choices,
                             initial=CommitteeMember.Role.MEMBER)
    is_agency_head = forms.BooleanField(label="Là người đứng đầu cơ quan", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class MeetingForm(ModelForm):
    """The meeting and, on the same phone screen, one attendance choice per member."""

    class Meta:
        model = Meeting
        fields = ["date", "kind", "agenda", "minutes"]
        widgets = {"date": DATE, "agenda": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=f"{member.person.full_name} ({member.get_role_display()}"
                      f"{', người đứng đầu cơ quan' if member.is_agency_head else ''})",
                choices=[("", "Chưa ghi"), *Attendance.Status.choices], required=False,
                widget=forms.RadioSelect)
            self.fields[f"delegate_{member.pk}"] = forms.CharField(label="Người dự thay", required=False,
                                                                   max_length=200)

    def clean(self):
        data = _without_empty_files(super().clean(), "minutes")
        data["attendance"] = [
            {"member": member, "status": data.pop(f"status_{member.pk}", ""),
             "delegate": data.pop(f"delegate_{member.pk}", "")} for member in self.members]
        data["attendance"] = [entry for entry in data["attendance"] if entry["status"]]
        return data


class ConclusionForm(forms.Form):
    """A notice of conclusions and up to five assignments (more through the API)."""

    ITEMS = 5
    number = forms.CharField(label="Số thông báo", max_length=60)
    date = forms.DateField(label="Ngày thông báo", widget=DATE)
    text = forms.CharField(label="Nội dung kết luận", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, self.ITEMS + 1):
            self.fields[f"item_{index}"] = forms.CharField(label=f"Nội dung giao {index}", required=False,
                                                           widget=forms.Textarea(attrs={"rows": 2}))
            lead = ScopedAgencyField(label="Cơ quan chủ trì", required=False)
            lead.bind_user(user)
            self.fields[f"lead_{index}"] = lead
            self.fields[f"deadline_{index}"] = forms.CharField(
                label="Thời hạn", required=False, max_length=200, help_text="Ví dụ: Quý III/2026, 30/9/2026.")

    def clean(self):
        data = super().clean()
        items = []
        for index in range(1, self.ITEMS + 1):
            text, lead = data.pop(f"item_{index}", ""), data.pop(f"lead_{index}", None)
            deadline = data.pop(f"deadline_{index}", "")
            if not text:
                continue
            if not isinstance(lead, Agency):
                self.add_error(f"lead_{index}", "Hãy ghi mã cơ quan chủ trì.")
            items.append({"text": text, "lead": lead, "deadline_text": deadline})
        if not items:
            raise forms.ValidationError("Hãy ghi ít nhất một nội dung giao.")
        data["items"] = items
        return data
