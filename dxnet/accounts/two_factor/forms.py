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
