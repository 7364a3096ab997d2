from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dxnet.stories"
    label = "stories"
    verbose_name = "Mô hình, câu chuyện thành công"
