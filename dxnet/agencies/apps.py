from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "dxnet.agencies"
    label = "agencies"
    verbose_name = "Cơ quan, đơn vị"

    def ready(self):
        from dxnet.core.pickers import register

        from .pickers import AGENCY_PICKER

        register(AGENCY_PICKER)
