from django import forms

BLANK = "— Chọn —"


class ModelForm(forms.ModelForm):
    """A model form whose empty choice reads in Vietnamese, not "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = BLANK
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, BLANK if value == "" else label) for value, label in field.choices]
