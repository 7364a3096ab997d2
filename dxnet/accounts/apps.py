from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed


class AccountsConfig(AppConfig):
    name = "dxnet.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from dxnet.agencies.reorganisation import register_movable
        from dxnet.notifications.services import register_daily_source

        from .movables import MOVABLES
        from .services import do_disable_inactive_accounts
        from .throttling import count_failed_sign_in

        register_movable(*MOVABLES)
        user_login_failed.connect(count_failed_sign_in, dispatch_uid="dxnet-sign-in-failures")
        # `dxnet notify`: accounts unused for DXNET_INACTIVE_DAYS are locked.
        register_daily_source("accounts", do_disable_inactive_accounts)
