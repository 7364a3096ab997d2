from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: the home page, the exchange pages and the operators' commands, over every domain app."""

    name = "dxnet.portal"
    label = "portal"
    verbose_name = "Cổng làm việc"
