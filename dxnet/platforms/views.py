"""Pages of the shared platforms: who uses which (usages) and the catalogue itself (list, detail, add, edit, end)."""

from django.urls import reverse

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView, ServiceModelFormView, local_path

from . import services
from .access import get_platform_for_user
from .filters import PlatformUsageFilterSet, SharedPlatformFilterSet
from .forms import EndPlatformForm, PlatformUsageForm, SharedPlatformForm
from .models import PlatformUsage, SharedPlatform


class PlatformUsageListView(ScopedListView):
    model = PlatformUsage
    related = ("platform", "agency", "person", "voluntary_member")
    filterset_class = PlatformUsageFilterSet
    title = "Thành viên Mạng lưới sử dụng nền tảng số dùng chung"
    columns = (("Thành viên", "member"), ("Cơ quan", "agency.name"), ("Nền tảng", "platform.name"),
               ("Từ ngày", "valid_from"), ("Đến ngày", "valid_to"))
    detail_url_name = "platforms:usage"
    export_kind = "platform-usages"
    actions = (("Danh mục nền tảng", "platforms:catalogue", ""),
               ("Ghi nhận sử dụng", "platforms:usage-create", "can_manage_registry"))


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


class SharedPlatformListView(ScopedListView):
    model = SharedPlatform
    related = ("province", "owner")
    filterset_class = SharedPlatformFilterSet
    title = "Danh mục nền tảng số dùng chung"
    columns = (("Mã", "code"), ("Nền tảng", "name"), ("Cấp", "level"), ("Tỉnh, thành phố", "province.name"),
               ("Cơ quan chủ quản", "owner_shown"), ("Địa chỉ", "address"), ("Từ ngày", "valid_from"),
               ("Đến ngày", "valid_to"))
    detail_url_name = "platforms:platform"

    def get_actions(self):
        actions = [("Sử dụng nền tảng", reverse("platforms:usages"))]
        if services.may_add_platform(self.request.user):
            actions.append(("Thêm nền tảng", reverse("platforms:platform-create")))
        return actions


class SharedPlatformDetailView(ScopedDetailView):
    model = SharedPlatform
    related = ("province", "owner")
    template_name = "platforms/platform_detail.html"
    facts = (("Mã", "code"), ("Cấp", "level"), ("Tỉnh, thành phố", "province.name"),
             ("Cơ quan chủ quản", "owner_shown"), ("Địa chỉ", "address"), ("Hiệu lực từ", "valid_from"),
             ("Hiệu lực đến", "valid_to"), ("Căn cứ", "source"))

    def get_parent_link(self):
        return ("Danh mục nền tảng số dùng chung", reverse("platforms:catalogue"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_edit=services.may_edit_platform(self.request.user, self.object),
                                        **kwargs)


class SharedPlatformCreateView(ServiceModelFormView):
    """The national administrator adds a national or provincial platform; a province's coordinator, one of their
    province."""

    model = SharedPlatform
    form_class = SharedPlatformForm
    service = services.do_save_platform
    permission = "is_authenticated"
    title = "Thêm nền tảng số dùng chung"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" not in kwargs:
            services.require_role(services.may_add_platform(request.user), services.MAY_ADD)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self, platform):
        return platform.detail_url


class SharedPlatformUpdateView(SharedPlatformCreateView):
    title = "Sửa nền tảng số dùng chung"

    def get_object(self):
        return get_platform_for_user(self.request.user, self.kwargs["pk"], action="change")


class SharedPlatformEndView(ServiceFormView):
    """A platform stops being offered: it stays in the catalogue as history."""

    form_class = EndPlatformForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.platform = get_platform_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def versioned_object(self):
        return self.platform

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Kết thúc nền tảng {self.platform}",
                                        parent_link=(str(self.platform), self.platform.detail_url),
                                        cancel_url=local_path(self.request.GET.get("next"), self.platform.detail_url),
                                        **kwargs)

    def perform(self, form):
        seen = {} if self.seen_version is None else {"seen_version": self.seen_version}
        return services.do_end_platform(self.platform, acting_user=self.request.user, **seen, **form.cleaned_data)

    def get_success_url(self, platform):
        return platform.detail_url
