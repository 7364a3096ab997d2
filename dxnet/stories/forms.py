"""Forms of a success story and of its publication."""

from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.people.forms import DATE

from .models import StoryArea, SuccessStory


class SuccessStoryForm(ScopedForm):
    """A story's page form; the rules (title, a past date, the link's scheme, the file's type) live in the model."""

    agency = ScopedAgencyField(required=False, help_text="Để trống: cơ quan của bạn.")

    class Meta:
        model = SuccessStory
        fields = ["title", "agency", "area", "date", "summary", "link", "file"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 5}), "link": forms.URLInput}
        help_texts = {"file": "Không bắt buộc. PDF, Word, Excel, ảnh hoặc ZIP; tối đa 20 MB."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = StoryArea.objects.all()
        for name in ("title", "area", "date"):  # the model says what is missing, as in the API
            self.fields[name].required = False
        if self.instance.pk:
            self.fields["agency"].required = True


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(label="Công bố", coerce=lambda v: v == "true",
                                       choices=[("true", "Công bố"), ("false", "Thu hồi công bố")])
