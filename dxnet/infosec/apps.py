from django.apps import AppConfig


class InfosecConfig(AppConfig):
    name = "dxnet.infosec"
    label = "infosec"
    verbose_name = "An toàn thông tin theo cấp độ"
