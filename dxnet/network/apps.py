from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "dxnet.network"
    label = "network"
    verbose_name = "Mạng lưới chuyển đổi số"
