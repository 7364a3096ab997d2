from django.contrib import messages
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.filters import id_param
from dxnet.core.services import require_role
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import services
from .access import get_account_for_user
from .filters import UserFilterSet
from .forms import PasswordForm, UserCreateForm, UserEditForm
from .models import User


class UserListView(ScopedListView):
    model = User
    related = ("agency",)
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"


class UserDetailView(ScopedDetailView):
    model = User
    related = ("agency",)
    template_name = "accounts/user_detail.html"
    context_object_name = "account"


class _AccountFormView(ServiceFormView):
    template_name = "accounts/user_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_account_for_user(request.user, kwargs["pk"], action="change") if "pk" in kwargs else None
        require_role(request.user.can_manage_users, "Vai trò của bạn không được quản lý tài khoản.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cancel = reverse("accounts:detail", args=[self.account.pk]) if self.account else reverse("accounts:list")
        return super().get_context_data(account=self.account, cancel_url=cancel, **kwargs)

    def get_success_url(self, account):
        return reverse("accounts:detail", args=[account.pk])


class UserCreateView(_AccountFormView):
    form_class = UserCreateForm
    extra_context = {"title": "Thêm tài khoản"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}

    def get_initial(self):
        agency_id = id_param(self.request, "agency")
        agency = Agency.objects.visible_to(self.request.user).filter(pk=agency_id).first() if agency_id else None
        return {"agency": agency.code if agency else "", "role": "focal_point"}

    def perform(self, form):
        data = form.cleaned_data
        account = services.do_create_user(
            data["username"], agency=data["agency"], role=data["role"], password=data["password1"],
            full_name=data["full_name"], email=data["email"], acting_user=self.request.user)
        messages.success(self.request, f"Đã tạo tài khoản {account.username}.")
        return account


class UserUpdateView(_AccountFormView):
    form_class = UserEditForm
    extra_context = {"title": "Sửa tài khoản"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}

    def get_initial(self):
        return UserEditForm.initial_for(self.account)

    def versioned_object(self):
        return self.account

    def perform(self, form):
        account = services.do_update_user(self.account, acting_user=self.request.user,
                                          seen_version=self.seen_version, **form.cleaned_data)
        messages.success(self.request, "Đã lưu thay đổi.")
        return account


class UserPasswordView(_AccountFormView):
    form_class = PasswordForm
    extra_context = {"title": "Đặt lại mật khẩu"}

    def perform(self, form):
        services.do_set_password(self.account, form.cleaned_data["password1"], acting_user=self.request.user)
        messages.success(self.request, "Đã đặt mật khẩu mới.")
        return self.account
