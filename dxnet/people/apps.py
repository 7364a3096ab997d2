from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dxnet.people"
    label = "people"
    verbose_name = "Nhân lực chuyển đổi số"
