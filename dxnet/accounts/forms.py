from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from dxnet.agencies.forms import ScopedAgencyField
from dxnet.core.pickers import bind_pickers

from .models import Role, User


class _AccountForm(forms.Form):
    """Agency picked among those the acting user may see (their own first); roles the acting user may grant."""

    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    agency = ScopedAgencyField(label="Cơ quan")
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        bind_pickers(self, acting_user)
        if not self.is_bound and not self.initial.get("agency") and acting_user.agency is not None:
            self.initial["agency"] = acting_user.agency
        if not acting_user.sees_everything:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.NATIONAL_ADMIN]


class _PasswordFields(forms.Form):
    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validators_help_text_html())
    password2 = forms.CharField(label="Nhập lại mật khẩu",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return data


class UserCreateForm(_AccountForm, _PasswordFields):
    username = forms.RegexField(label="Tên đăng nhập", max_length=150, regex=r"^[\w.@+-]+$",
                                error_messages={"invalid": "Chỉ dùng chữ, số và các ký tự . @ + - _"})
    field_order = ["username", "full_name", "email", "agency", "role", "password1", "password2"]


class UserEditForm(_AccountForm):
    is_active = forms.BooleanField(label="Đang hoạt động", required=False)

    @staticmethod
    def initial_for(account: User) -> dict:
        return {"full_name": account.full_name, "email": account.email, "role": account.role,
                "agency": account.agency.code if account.agency else "", "is_active": account.is_active}


class PasswordForm(_PasswordFields):
    pass


class OwnPasswordForm(_PasswordFields):
    """One's own new password, after the current one."""

    current_password = forms.CharField(
        label="Mật khẩu hiện tại", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["current_password", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Mật khẩu mới"
        self.fields["password2"].label = "Nhập lại mật khẩu mới"
