from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dxnet.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ"
