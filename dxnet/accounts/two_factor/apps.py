from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "dxnet.accounts.two_factor"
    label = "two_factor"
    verbose_name = "Xác thực hai bước"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .state import stamp_state

        user_logged_in.connect(stamp_state, dispatch_uid="two_factor_stamp_state")
