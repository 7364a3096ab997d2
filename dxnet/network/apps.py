from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "dxnet.network"
    label = "network"
    verbose_name = "Mạng lưới chuyển đổi số"

    def ready(self):
        from dxnet.agencies.reorganisation import register_movable
        from dxnet.core.spreadsheets import register

        from .movables import MOVABLES
        from .sheets import NetworkMemberSheet, TeamActivitySheet, TeamMemberSheet, TeamSheet, VillageSheet

        register(NetworkMemberSheet, VillageSheet, TeamSheet, TeamMemberSheet, TeamActivitySheet)
        register_movable(*MOVABLES)

        from dxnet.core.pickers import register as register_picker

        from .pickers import TEAM_PICKER, VILLAGE_PICKER

        register_picker(TEAM_PICKER, VILLAGE_PICKER)
