from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực", max_length=32, strip=True,
        help_text="6 chữ số trong ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), "
                  "hoặc một mã dự phòng.",
        error_messages={"required": "Hãy nhập mã xác thực."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


class EnrolForm(forms.Form):
    code = forms.RegexField(
        label="Mã xác thực", regex=r"^\s*\d{6}\s*$", max_length=12, strip=True,
        help_text="Mã 6 chữ số ứng dụng đang hiện cho tài khoản vừa thêm.",
        error_messages={"required": "Hãy nhập mã xác thực.", "invalid": "Mã xác thực gồm đúng 6 chữ số."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class CurrentPasswordField(forms.CharField):
    """The current password, asked again before the second factor changes (ASVS 7.5.1): a session left open or
    stolen cannot bind another app nor take new recovery codes."""

    def __init__(self, **kwargs):
        super().__init__(label="Mật khẩu hiện tại", strip=False, error_messages={
            "required": "Hãy nhập mật khẩu hiện tại."},
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), **kwargs)


class ReplaceForm(EnrolForm):
    """Binding another app in place of the one the account has."""

    current_password = CurrentPasswordField()
    field_order = ["current_password", "code"]


class RecoveryCodesForm(forms.Form):
    current_password = CurrentPasswordField()
