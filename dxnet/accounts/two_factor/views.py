import base64
import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from dxnet.accounts.access import get_account_for_user
from dxnet.accounts.services import check_current_password
from dxnet.core.views import ServiceFormView

from . import services
from .forms import CodeForm, EnrolForm, RecoveryCodesForm, ReplaceForm
from .models import RecoveryCode
from .state import ENROL, VERIFY, confirmed_device, mark_done, must_enrol, session_state, stamp_state

PENDING_KEY = "two_factor_pending_key"
NEW_CODES = "two_factor_new_codes"


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


class TwoFactorVerifyView(ServiceFormView):
    """The second step of signing in: the code of the authenticator app, or a recovery code."""

    form_class = CodeForm
    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = confirmed_device(request.user) if session_state(request) == VERIFY else None
        if self.device is None:  # nothing owed (or the device was reset meanwhile: decide again)
            if session_state(request) == VERIFY:
                stamp_state(None, request, request.user)
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def perform(self, form):
        services.check_second_factor(self.request.user, self.device, form.cleaned_data["code"])
        mark_done(self.request)

    def get_success_url(self, result):
        return _next_url(self.request)


def _pending_key(request) -> str:
    if not request.session.get(PENDING_KEY):
        request.session[PENDING_KEY] = services.new_secret()
    return request.session[PENDING_KEY]


class TwoFactorEnrolView(ServiceFormView):
    """Bind an authenticator app: scan the QR code (or type the secret), then confirm with the code it shows."""

    form_class = EnrolForm
    template_name = "accounts/two_factor_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        # A session that owed enrolment when it signed in, while the account has since bound an app (the owner, in
        # another browser): it owes that app's code now, and must not bind another app over it.
        if session_state(request) == ENROL and confirmed_device(request.user) is not None:
            stamp_state(None, request, request.user)
            return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': _next_url(request)})}")
        self.replacing = confirmed_device(request.user) is not None
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ReplaceForm if self.replacing else EnrolForm

    def get_context_data(self, **kwargs):
        key = _pending_key(self.request)
        secret = base64.b32encode(bytes.fromhex(key)).decode()
        return super().get_context_data(
            secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), next=_next_url(self.request),
            required=must_enrol(self.request.user), replacing=self.replacing, **kwargs)

    def perform(self, form):
        if self.replacing:  # first, outside the enrolment's transaction: a wrong guess stays counted
            check_current_password(self.request.user, form.cleaned_data["current_password"], self.request)
        codes = services.do_enrol(self.request.user, _pending_key(self.request), form.cleaned_data["code"],
                                  acting_user=self.request.user)
        mark_done(self.request)
        self.request.session.pop(PENDING_KEY, None)
        self.request.session[NEW_CODES] = codes
        messages.success(self.request, "Đã bật xác thực hai bước cho tài khoản của bạn.")

    def get_success_url(self, result):
        return f"{reverse('two_factor:overview')}?{urlencode({'next': _next_url(self.request)})}"


class TwoFactorQrView(View):
    """The otpauth:// address of the pending secret as a QR code (SVG, drawn here: no external service)."""

    def get(self, request):
        device = TOTPDevice(user=request.user, key=_pending_key(request))
        svg = io.BytesIO()
        segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, border=2, light="#fff")
        response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
        response["Cache-Control"] = "no-store"
        return response


class TwoFactorOverviewView(TemplateView):
    """One's own second factor: whether it is on, recovery codes left; new recovery codes on request."""

    template_name = "accounts/two_factor_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enrolled=TOTPDevice.objects.filter(user=user, confirmed=True).exists(), required=must_enrol(user),
            codes_left=RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
            new_codes=self.request.session.pop(NEW_CODES, None), next=_next_url(self.request), **kwargs)

    def post(self, request):
        form = RecoveryCodesForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["current_password"])
            check_current_password(request.user, form.cleaned_data["current_password"], request)
            request.session[NEW_CODES] = services.do_regenerate_recovery_codes(request.user, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Đã tạo 10 mã dự phòng mới; các mã cũ không còn dùng được.")
        return redirect("two_factor:overview")


class TwoFactorResetView(View):
    """An administrator with scope over the account clears its second factor (a lost phone)."""

    def post(self, request, pk):
        account = get_account_for_user(request.user, pk, action="change")
        try:
            services.do_reset_two_factor(account, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Đã đặt lại xác thực hai bước của {account.username}; tài khoản sẽ đăng ký "
                                      "lại ở lần đăng nhập tới.")
        return redirect("accounts:detail", pk=account.pk)
