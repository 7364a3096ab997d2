from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "dxnet.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra thực hiện Đề án"
