from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import services
from .filters import PlatformUsageFilterSet
from .forms import PlatformUsageForm
from .models import PlatformUsage


class PlatformUsageListView(ScopedListView):
    model = PlatformUsage
    related = ("platform", "agency", "person", "voluntary_member")
    filterset_class = PlatformUsageFilterSet
    title = "Thành viên Mạng lưới sử dụng nền tảng số dùng chung"
    columns = (("Thành viên", "member"), ("Cơ quan", "agency.name"), ("Nền tảng", "platform.name"),
               ("Từ ngày", "valid_from"), ("Đến ngày", "valid_to"))
    detail_url_name = "platforms:usage"
    export_kind = "platform-usages"
    actions = (("Ghi nhận sử dụng", "platforms:usage-create", "can_manage_registry"),)


class PlatformUsageDetailView(ScopedDetailView):
    model = PlatformUsage
    related = ("platform", "agency", "person", "voluntary_member")
    facts = (("Thành viên", "member"), ("Cơ quan", "agency.name"), ("Nền tảng", "platform.name"),
             ("Địa chỉ", "platform.address"), ("Từ ngày", "valid_from"), ("Đến ngày", "valid_to"))
    edit_url_name = "platforms:usage-update"


class PlatformUsageEditView(ServiceModelFormView):
    model = PlatformUsage
    form_class = PlatformUsageForm
    service = services.do_record_usage
    title = "Sử dụng nền tảng số dùng chung"
