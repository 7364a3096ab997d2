from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dxnet.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from dxnet.agencies.reorganisation import register_movable

        from .movables import MOVABLES

        register_movable(*MOVABLES)
