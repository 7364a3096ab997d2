from django import forms

from dxnet.core.pickers import PickerField
from dxnet.plans.models import Task

from .models import Category, Obstacle


class ObstacleRaiseForm(forms.ModelForm):
    """Raise an obstacle for one's own agency: the page's form; the rules live in the service."""

    needs = ("user",)
    # Picked by typing: a province sees thousands of plans.
    plan = PickerField("ke-hoach", label="Kế hoạch liên quan", required=False)

    class Meta:
        model = Obstacle
        fields = ["title", "category", "description", "plan", "task", "attachment"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"attachment": "Không bắt buộc. PDF, Word, Excel, ảnh hoặc ZIP; tối đa 20 MB."}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].empty_label = "— Chọn nhóm —"
        for name in ("title", "description", "category"):  # the service says what is missing, as in the API
            self.fields[name].required = False
        self.fields["plan"].bind_user(user)
        self.fields["task"].queryset = Task.objects.visible_to(user).none() if not self.data.get("plan") else (
            Task.objects.visible_to(user).filter(plan_id=self.data.get("plan") or 0))
        for name in ("title", "description"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Nội dung trả lời", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    answer_file = forms.FileField(label="Văn bản trả lời (không bắt buộc)", required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    pass
