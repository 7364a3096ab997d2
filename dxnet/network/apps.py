from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "dxnet.network"
    label = "network"
    verbose_name = "Mạng lưới chuyển đổi số"

    def ready(self):
        from dxnet.core.spreadsheets import register

        from .sheets import NetworkMemberSheet, TeamActivitySheet, TeamMemberSheet, TeamSheet, VillageSheet

        register(NetworkMemberSheet, VillageSheet, TeamSheet, TeamMemberSheet, TeamActivitySheet)
