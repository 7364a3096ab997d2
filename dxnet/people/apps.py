from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dxnet.people"
    label = "people"
    verbose_name = "Nhân lực chuyển đổi số"

    def ready(self):
        from dxnet.agencies.pages import register_agency_section
        from dxnet.agencies.reorganisation import register_movable
        from dxnet.core.spreadsheets import register

        from .movables import MOVABLES
        from .services import agency_section
        from .sheets import FocalPointSheet, PeopleSheet

        register(PeopleSheet, FocalPointSheet)
        register_movable(*MOVABLES)
        register_agency_section(agency_section)

        from dxnet.core.pickers import register as register_picker

        from .pickers import PERSON_PICKER

        register_picker(PERSON_PICKER)
