from django import forms

from .models import Kind


class EmailPreferencesForm(forms.Form):
    """The kinds of notice a user also wants by e-mail."""

    kinds = forms.MultipleChoiceField(label="Nhận e-mail khi có", choices=Kind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
