"""The access log of personal data, reviewed by the national administrator (everything) and the coordinators
(the reads made by the users of their subtree): filtered by user, dates and kind, exported to Excel."""

import django_filters
from django.urls import reverse
from django.views import View

from .exchange import do_export
from .models import AccessLog
from .privacy import personal_data_kinds
from .services import require_role
from .spreadsheets import Column, Sheet, text, xlsx_response
from .views import ScopedListView

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
NOT_ALLOWED = "Chỉ quản trị quốc gia và cán bộ điều phối được xem nhật ký truy cập dữ liệu cá nhân."


class AccessLogFilterSet(django_filters.FilterSet):
    actor_name = django_filters.CharFilter(label="Tên đăng nhập", lookup_expr="icontains")
    since = django_filters.DateFilter(label="Từ ngày", field_name="at", lookup_expr="date__gte",
                                      input_formats=DATE_FORMATS)
    until = django_filters.DateFilter(label="Đến ngày", field_name="at", lookup_expr="date__lte",
                                      input_formats=DATE_FORMATS)
    kind = django_filters.ChoiceFilter(label="Loại dữ liệu", choices=personal_data_kinds, empty_label="Tất cả")
    channel = django_filters.ChoiceFilter(label="Kênh", choices=AccessLog.Channel.choices, empty_label="Tất cả")

    class Meta:
        model = AccessLog
        fields = ["actor_name", "since", "until", "kind", "channel"]


class AccessLogSheet(Sheet):
    """The access log as a spreadsheet (export only)."""

    kind = "access-log"
    title = "Nhật ký truy cập dữ liệu cá nhân"
    model = AccessLog
    filterset_class = AccessLogFilterSet
    columns = [Column("Thời điểm", "at", text, width=18), Column("Tên đăng nhập", "actor_name", text),
               Column("Kênh", "channel", text, width=12), Column("Loại dữ liệu", "kind", text, width=30),
               Column("Số dòng", "row_count", text, width=10), Column("Bộ lọc", "filters", text, width=50)]

    def values(self, log):
        return {"at": log.at_shown, "actor_name": log.actor_name, "channel": log.get_channel_display(),
                "kind": log.get_kind_display(), "row_count": log.row_count, "filters": log.filters_text}


class AccessLogListView(ScopedListView):
    model = AccessLog
    filterset_class = AccessLogFilterSet
    title = "Nhật ký truy cập dữ liệu cá nhân"
    columns = (("Thời điểm", "at_shown"), ("Tên đăng nhập", "actor_name"), ("Kênh", "channel"),
               ("Loại dữ liệu", "kind"), ("Số dòng", "row_count"), ("Bộ lọc", "filters_text"))

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user.is_authenticated and request.user.can_review_access_log, NOT_ALLOWED)
        return super().dispatch(request, *args, **kwargs)

    def get_actions(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return [("Xuất Excel", f"{reverse('access-log-export')}?{query.urlencode()}")]


class AccessLogExportView(View):
    """The filtered log as XLSX; the export is itself a read of the log, and logged."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    def get(self, request):
        require_role(request.user.can_review_access_log, NOT_ALLOWED)
        sheet = AccessLogSheet(request.user)
        filterset = AccessLogFilterSet(request.GET or None, queryset=sheet.queryset(), request=request)
        filters = {k: v for k, v in request.GET.items() if v and k not in ("page", "page_size")}
        content = do_export(sheet, filterset.qs, acting_user=request.user, filters=filters)
        return xlsx_response(content, "nhat-ky-truy-cap.xlsx")
