from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "dxnet.agencies"
    label = "agencies"
    verbose_name = "Cơ quan, đơn vị"
