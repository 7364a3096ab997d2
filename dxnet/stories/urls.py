from django.urls import path

from . import views

app_name = "stories"
urlpatterns = [
    path("", views.SuccessStoryListView.as_view(), name="list"),
    path("them/", views.SuccessStoryCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SuccessStoryDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.SuccessStoryUpdateView.as_view(), name="update"),
    path("<int:pk>/cong-bo/", views.SuccessStoryPublishView.as_view(), name="publish"),
    path("<int:pk>/tep/", views.SuccessStoryFileView.as_view(), name="file"),
]
