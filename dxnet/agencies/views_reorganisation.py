"""The national administrators' pages for reorganisations: list, record, preview, apply with confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.services import require_role
from dxnet.core.views import ServiceFormView

from .access import get_event_for_user
from .forms import ReorganisationEventForm
from .models import ReorganisationEvent
from .reorganisation import do_apply_event, do_create_event, preview_event


class _NationalOnly:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_role(request.user.sees_everything, "Chỉ quản trị quốc gia được sắp xếp tổ chức.")
        return super().dispatch(request, *args, **kwargs)


class ReorganisationListView(_NationalOnly, TemplateView):
    template_name = "agencies/reorganisation_list.html"

    def get_context_data(self, **kwargs):
        events = ReorganisationEvent.objects.prefetch_related("predecessors", "successors")
        return super().get_context_data(events=events, **kwargs)


class ReorganisationCreateView(_NationalOnly, ServiceFormView):
    form_class = ReorganisationEventForm
    template_name = "agencies/reorganisation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("agencies:events"), **kwargs)

    def perform(self, form):
        event = do_create_event(acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Đã ghi sự kiện; hãy xem trước rồi áp dụng.")
        return event

    def get_success_url(self, event):
        return reverse("agencies:event", args=[event.pk])


class ReorganisationDetailView(TemplateView):
    """The event and its preview: what ends, who receives, how many rows move; the apply button."""

    template_name = "agencies/reorganisation_detail.html"

    def get_context_data(self, **kwargs):
        event = get_event_for_user(self.request.user, self.kwargs["pk"])
        return super().get_context_data(event=event, preview=preview_event(event), **kwargs)


class ReorganisationApplyView(View):
    """Apply an event after its preview; the box "I confirm" must be ticked."""

    def post(self, request, pk):
        event = get_event_for_user(request.user, pk)
        if request.POST.get("confirm") != "1":
            messages.error(request, "Hãy đánh dấu xác nhận đã xem trước trước khi áp dụng.")
            return redirect("agencies:event", event.pk)
        try:
            do_apply_event(event, acting_user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("agencies:event", event.pk)
        messages.success(request, "Đã áp dụng sự kiện sắp xếp tổ chức.")
        return redirect("agencies:event", event.pk)
