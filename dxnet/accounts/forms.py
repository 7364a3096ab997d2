from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from dxnet.agencies.models import Agency

from .models import Role, User


class _AccountForm(forms.Form):
    """Agency by code, among those the acting user may see; roles the acting user may grant."""

    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    agency = forms.CharField(label="Mã cơ quan", max_length=60,
                             help_text="Mã hiện ở trang chi tiết của cơ quan, ví dụ ubnd-xa-02647.")
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        if not acting_user.sees_everything:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.NATIONAL_ADMIN]

    def clean_agency(self):
        code = self.cleaned_data["agency"].strip()
        agency = Agency.objects.visible_to(self.acting_user).filter(code=code).first()
        if agency is None:
            raise forms.ValidationError(f"Không có cơ quan mã “{code}” trong phạm vi của bạn.")
        return agency


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
