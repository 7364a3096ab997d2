from django.urls import path

from . import measure_views, views

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
    # Measurable objectives (Appendix III, II), projects and budget (VII, I.11)
    path("ke-hoach/<int:plan>/chi-tieu/them/", measure_views.IndicatorEditView.as_view(), name="indicator-create"),
    path("chi-tieu/", measure_views.IndicatorListView.as_view(), name="indicators"),
    path("chi-tieu/so-sanh/", measure_views.IndicatorCompareView.as_view(), name="indicator-compare"),
    path("chi-tieu/<int:pk>/", measure_views.IndicatorDetailView.as_view(), name="indicator"),
    path("chi-tieu/<int:pk>/sua/", measure_views.IndicatorEditView.as_view(), name="indicator-update"),
    path("chi-tieu/<int:pk>/ke-khai/", measure_views.IndicatorValueCreateView.as_view(), name="indicator-declare"),
    path("nhiem-vu/<int:pk>/kinh-phi/", measure_views.ProjectEditView.as_view(), name="project-edit"),
    path("du-an/", measure_views.ProjectListView.as_view(), name="projects"),
    path("du-an/<int:pk>/", measure_views.ProjectDetailView.as_view(), name="project"),
    path("du-an/<int:pk>/giai-ngan/", measure_views.DisbursementCreateView.as_view(), name="disbursement-create"),
    path("kinh-phi/", measure_views.SpendingView.as_view(), name="spending"),
    path("kinh-phi/ke-khai/", measure_views.BudgetDeclareView.as_view(), name="budget-declare"),
]
