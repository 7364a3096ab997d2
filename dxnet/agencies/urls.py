from django.urls import path

from . import views, views_reorganisation

app_name = "agencies"
urlpatterns = [
    path("", views.AgencyListView.as_view(), name="list"),
    path("cay/", views.AgencyTreeView.as_view(), name="tree"),
    path("<int:pk>/", views.AgencyDetailView.as_view(), name="detail"),
    path("<int:pk>/don-vi-truc-thuoc/", views.AgencyChildrenView.as_view(), name="children"),
    path("<int:pk>/them/", views.AgencyCreateView.as_view(), name="create"),
    path("<int:pk>/sua/", views.AgencyUpdateView.as_view(), name="update"),
    path("<int:pk>/xoa/", views.AgencyDeleteView.as_view(), name="delete"),
    path("<int:pk>/quyet-dinh/them/", views.AgencyDecisionCreateView.as_view(), name="decision-create"),
    path("quyet-dinh/<int:pk>/tep/", views.AgencyDecisionFileView.as_view(), name="decision-file"),
    path("sap-xep/", views_reorganisation.ReorganisationListView.as_view(), name="events"),
    path("sap-xep/them/", views_reorganisation.ReorganisationCreateView.as_view(), name="event-create"),
    path("sap-xep/<int:pk>/", views_reorganisation.ReorganisationDetailView.as_view(), name="event"),
    path("sap-xep/<int:pk>/ap-dung/", views_reorganisation.ReorganisationApplyView.as_view(), name="event-apply"),
]
