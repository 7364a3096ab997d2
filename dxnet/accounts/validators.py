"""Django's password rules with messages in Vietnamese (its own catalogue lacks them)."""

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu quá phổ biến, dễ bị đoán."

    def get_help_text(self):
        return "Không dùng mật khẩu phổ biến."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self):
        return "Mật khẩu không chỉ gồm chữ số."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    """Not the username, the full name or the e-mail address, nor close to them."""

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(self.get_error_message(), code=error.code,
                                  params={"verbose_name": str(error.params["verbose_name"]).lower()}) from None

    def get_error_message(self):
        return "Mật khẩu quá giống %(verbose_name)s."

    def get_help_text(self):
        return "Mật khẩu không giống tên đăng nhập, họ tên hay thư điện tử của bạn."
