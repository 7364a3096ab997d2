from django.contrib import messages
from django.shortcuts import redirect
from django.views import View

from dxnet.core.views import ScopedListView

from . import services
from .forms import EmailPreferencesForm
from .models import Notification


class NotificationListView(ScopedListView):
    """The user's own notices, newest first, with the e-mail choices per kind."""

    model = Notification
    template_name = "notifications/notification_list.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.unread() if self.request.GET.get("unread") == "1" else queryset

    def get_context_data(self, **kwargs):
        form = EmailPreferencesForm(initial={"kinds": sorted(services.email_kinds(self.request.user))})
        return super().get_context_data(preferences_form=form, only_unread=self.request.GET.get("unread") == "1",
                                        **kwargs)


class MarkReadView(View):
    """Mark one notice read (`id`) or all of them; then open the notice's link when asked (`next`)."""

    def post(self, request):
        raw = request.POST.get("id")
        ids = None
        if raw is not None:
            ids = [int(raw)] if raw.isascii() and raw.isdigit() and len(raw) < 12 else []
        count = services.do_mark_read(request.user, ids)
        if ids is not None and len(ids) == 1:
            notice = Notification.objects.visible_to(request.user).filter(pk=ids[0]).first()
            if notice and notice.url.startswith("/") and not notice.url.startswith("//") and "open" in request.POST:
                return redirect(notice.url)
        if ids is None:
            messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
        return redirect("notifications:list")


class EmailPreferencesView(View):
    """Save which kinds of notice also come by e-mail."""

    def post(self, request):
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            services.do_set_email_preferences(request.user, form.cleaned_data["kinds"])
            messages.success(request, "Đã lưu lựa chọn nhận thông báo qua e-mail.")
        else:
            messages.error(request, "Lựa chọn không hợp lệ; chưa lưu.")
        return redirect("notifications:list")
