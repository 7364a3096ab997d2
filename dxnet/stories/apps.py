from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dxnet.stories"
    label = "stories"
    verbose_name = "Mô hình, câu chuyện thành công"

    def ready(self):
        from dxnet.core.spreadsheets import register
        from dxnet.monitoring.dashboard import Card, register_card, summed

        from .dashboard import compute_card
        from .sheets import SuccessStorySheet

        register(SuccessStorySheet)
        register_card(Card(name="stories", template="stories/_dashboard_card.html", compute=compute_card,
                           add_up=summed("total", "published"), reads=("stories.successstory",)))
