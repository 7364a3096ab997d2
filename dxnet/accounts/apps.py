from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dxnet.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
