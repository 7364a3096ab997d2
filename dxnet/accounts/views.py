from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from rest_framework.authtoken.models import Token

from dxnet.agencies.models import Agency
from dxnet.core.filters import id_param
from dxnet.core.services import require_role
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import services
from .access import get_account_for_user
from .filters import UserFilterSet
from .forms import OwnPasswordForm, PasswordForm, UserCreateForm, UserEditForm
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


def _own_account_context(user) -> dict:
    token = Token.objects.filter(user=user).first()
    return {"account": user, "token": token,
            "token_expires_at": services.token_expires_at(token) if token else None,
            "token_expired": bool(token) and services.token_is_expired(token)}


class MyAccountView(View):
    """“Tài khoản của tôi”: who I am, my API token's state, the doors to a new token and a new password."""

    template_name = "accounts/me.html"

    def get(self, request):
        return render(request, self.template_name, _own_account_context(request.user))


class MyTokenView(View):
    """A new API token for oneself: asked on a page (GET), issued by a POST and shown once, in that answer only."""

    template_name = "accounts/me_token.html"

    def get(self, request):
        return render(request, self.template_name, _own_account_context(request.user))

    def post(self, request):
        key = services.issue_token(request.user, acting_user=request.user, rotate=True)
        response = render(request, self.template_name, {**_own_account_context(request.user), "new_key": key})
        response["Cache-Control"] = "no-store"
        return response


class MyPasswordView(ServiceFormView):
    form_class = OwnPasswordForm
    template_name = "accounts/me_password.html"

    def perform(self, form):
        data = form.cleaned_data
        services.do_change_own_password(self.request.user, current_password=data["current_password"],
                                        new_password=data["password1"], request=self.request)
        update_session_auth_hash(self.request, self.request.user)  # this session goes on; the others end
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác và mã truy cập API cũ đã hết "
                                       "hiệu lực.")
        return self.request.user

    def get_success_url(self, account):
        return reverse("accounts:me")
