from django import forms

from dxnet.agencies.forms import ScopedAgenciesField, ScopedAgencyField
from dxnet.core.pickers import bind_pickers
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import Inspection, checklist


class InspectionForm(forms.Form):
    """An inspection: who inspects, when, with whom, whom; the conclusion once there is one."""

    needs = ("user",)

    agency = ScopedAgencyField(label="Cơ quan kiểm tra")
    title = forms.CharField(label="Tên đoàn kiểm tra", max_length=300)
    starts_on = forms.DateField(label="Từ ngày", widget=DATE)
    ends_on = forms.DateField(label="Đến ngày", widget=DATE)
    inspected = ScopedAgenciesField(label="Các cơ quan được kiểm tra")
    members = forms.ModelMultipleChoiceField(label="Thành viên đoàn", queryset=Person.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    conclusion_number = forms.CharField(label="Số thông báo kết luận", max_length=60, required=False)
    conclusion_date = forms.DateField(label="Ngày kết luận", widget=DATE, required=False)
    conclusion_file = forms.FileField(label="Văn bản kết luận", required=False,
                                      validators=Inspection._meta.get_field("conclusion_file").validators)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_pickers(self, user)
        # The team comes from the inspecting side: the user's agency and the bodies just under it (a province's
        # committee and departments), not every commune's staff.
        people = Person.objects.visible_to(user)
        if user.agency is not None:
            people = people.filter(agency__path__startswith=user.agency.path,
                                   agency__depth__lte=user.agency.depth + 1)
        self.fields["members"].queryset = people.select_related("agency").order_by("full_name")


class FindingsForm(forms.Form):
    """The six questions of seed 000, each answered for one inspected agency."""

    inspected_on = forms.DateField(label="Ngày kiểm tra", widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in checklist():
            self.fields[code] = forms.CharField(label=label, required=False,
                                                widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    """Recommendations, one a line; an optional deadline after a “|” (“Kiện toàn đầu mối | Quý I/2027”)."""

    items = forms.CharField(label="Kiến nghị (mỗi dòng một kiến nghị)", required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="Thời hạn sau dấu “|”, ví dụ: Kiện toàn đầu mối CĐS | 31/3/2027")

    def clean_items(self) -> list[dict]:
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            if line.strip():
                text, _, deadline = line.partition("|")
                rows.append({"text": text.strip(), "deadline_text": deadline.strip()})
        return rows
