from django import forms

from dxnet.agencies.forms import ScopedAgenciesField, ScopedAgencyField, ScopedForm
from dxnet.core.forms import BLANK
from dxnet.people.forms import DATE

from .models import ReportForm, ReportRound, SubmissionFile

RECIPIENTS = [("provinces", "Tất cả tỉnh, thành phố"),
              ("ministries", "Tất cả bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"),
              ("children", "Các cơ quan, đơn vị trực thuộc cơ quan yêu cầu"),
              ("codes", "Các cơ quan theo danh sách")]


class RoundForm(ScopedForm):
    agency = ScopedAgencyField(label="Cơ quan yêu cầu báo cáo")
    recipients = forms.ChoiceField(label="Gửi đến", choices=RECIPIENTS)
    codes = ScopedAgenciesField(label="Các cơ quan báo cáo", required=False,
                                help_text="Khi chọn “theo danh sách”: gõ một phần tên cơ quan (không cần dấu) rồi "
                                          "chọn, lần lượt từng cơ quan.")

    class Meta:
        model = ReportRound
        fields = ["form", "agency", "title", "period", "year", "due_date", "recipients", "codes"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = ReportForm.objects.visible_to(self.user)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Để trống để dùng tên mẫu báo cáo."


def answers_form(report_form: ReportForm, answers: dict, *, data=None, files=None, disabled=False,
                 year: int | None = None) -> forms.Form:
    """A Django form for one report's fields, filled with its answers (tables as one row per line); labels read
    with the round's `year` ("năm {year}" → "năm 2026")."""
    built = forms.Form(data=data, files=files)
    for spec in report_form.fields:
        value = answers.get(spec["code"])
        kind = spec["type"]
        label = spec["label"].replace("{year}", str(year) if year else "…")
        common = {"label": label, "required": False, "disabled": disabled}
        if kind == "text":
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
        elif kind == "number":
            field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        elif kind == "date":
            field = forms.DateField(widget=DATE, **common)
        elif kind == "choice":
            field = forms.ChoiceField(choices=[("", BLANK), *((c, c) for c in spec["choices"])], **common)
        elif kind == "table":
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), help_text="Mỗi dòng một hàng; các cột "
                                    f"({' | '.join(spec['columns'])}) cách nhau bởi dấu “|”.", **common)
            value = "\n".join(" | ".join(row) for row in value or [])
        else:
            field = forms.FileField(validators=SubmissionFile._meta.get_field("file").validators, **common)
            value = None
        field.initial = value
        built.fields[spec["code"]] = field
    return built


class ReviewForm(forms.Form):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 3}))
