from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.PlanListView.as_view(), name="list"),
    path("ke-hoach/lap/", views.PlanCreateView.as_view(), name="create"),
    path("ke-hoach/mau/", views.PlanTemplateListView.as_view(), name="templates"),
    path("ke-hoach/mau/them/", views.PlanTemplateImportView.as_view(), name="template-import"),
    path("ke-hoach/mau/<int:pk>/", views.PlanTemplateDetailView.as_view(), name="template"),
    path("ke-hoach/mau/<int:pk>/tai-ve/", views.PlanTemplateDownloadView.as_view(), name="template-download"),
    path("ke-hoach/<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("ke-hoach/<int:pk>/ban-hanh/", views.PlanIssueView.as_view(), name="issue"),
    path("ke-hoach/<int:pk>/thu-hoi/", views.PlanWithdrawView.as_view(), name="withdraw"),
    path("ke-hoach/<int:pk>/xac-dinh-co-quan/", views.PlanSettleRoleView.as_view(), name="settle"),
    path("ke-hoach/<int:pk>/xac-nhan-thoi-han/", views.PlanConfirmDeadlinesView.as_view(), name="confirm-deadlines"),
    path("ke-hoach/<int:pk>/cap-nhat-hien-trang/", views.PlanBulkStatusView.as_view(), name="bulk-status"),
    path("ke-hoach/<int:pk>/xuat/<str:fmt>/", views.PlanExportView.as_view(), name="export"),
    path("ke-hoach/<int:plan>/nhiem-vu/them/", views.TaskEditView.as_view(), name="task-create"),
    path("ke-hoach/danh-gia/<int:pk>/", views.AssessmentEditView.as_view(), name="assessment"),
    path("nhiem-vu/", views.TaskListView.as_view(), name="tasks"),
    path("nhiem-vu/cua-toi/", views.MyTasksView.as_view(), name="my-tasks"),
    path("nhiem-vu/lich/", views.TimelineView.as_view(), name="timeline"),
    path("nhiem-vu/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("nhiem-vu/<int:pk>/sua/", views.TaskEditView.as_view(), name="task-update"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.TaskUpdateCreateView.as_view(), name="task-report"),
    path("nhiem-vu/minh-chung/<int:pk>/", views.EvidenceFileView.as_view(), name="evidence"),
]
