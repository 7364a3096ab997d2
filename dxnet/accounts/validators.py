"""Django's password rules with messages in Vietnamese (its own catalogue lacks them)."""

from django.contrib.auth import password_validation as base


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
