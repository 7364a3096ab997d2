from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import annex, services
from .access import get_obstacle_for_user
from .filters import FaqFilterSet, ObstacleFilterSet
from .forms import AnswerForm, EmptyForm, ObstacleRaiseForm, ReasonForm
from .models import FaqEntry, Level, Obstacle


class ObstacleListView(ScopedListView):
    model = Obstacle
    related = ("agency", "handler", "category")
    filterset_class = ObstacleFilterSet
    title = "Vướng mắc, kiến nghị"
    template_name = "obstacles/obstacle_list.html"
    actions = (("Nêu vướng mắc", "obstacles:raise", ""), ("Hỏi - đáp", "obstacles:faq", ""))

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        context = super().get_context_data(**kwargs)
        visible = Obstacle.objects.visible_to(self.request.user)
        context.update(today=today, **visible.figures(today))
        for obstacle in context["object_list"]:
            obstacle.overdue_now = obstacle.is_overdue(today)
            obstacle.age = obstacle.age_days(today)
        return context


class ObstacleDetailView(ScopedDetailView):
    model = Obstacle
    related = ("agency", "handler", "category", "answered_by", "plan", "task")
    template_name = "obstacles/obstacle_detail.html"

    def get_parent_link(self):
        return "Vướng mắc, kiến nghị", reverse("obstacles:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obstacle, user, today = self.object, self.request.user, timezone.localdate()
        handles = obstacle.is_waiting and services.may_handle(obstacle, user)
        context.update(
            steps=obstacle.history.select_related("user", "agency"), today=today,
            overdue=obstacle.is_overdue(today), age=obstacle.age_days(today),
            days_left=obstacle.working_days_left(today),
            may_handle=handles, may_escalate=handles and obstacle.level != Level.NATIONAL,
            may_mark=(obstacle.is_waiting and obstacle.level == Level.NATIONAL and not obstacle.beyond_authority
                      and user.sees_everything),
            may_accept=obstacle.status == Obstacle.Status.ANSWERED and services.may_accept(obstacle, user),
            may_publish=(obstacle.status in (Obstacle.Status.ANSWERED, Obstacle.Status.CLOSED) and obstacle.answer
                         and not FaqEntry.objects.filter(obstacle=obstacle).exists()
                         and (user.sees_everything or services.may_handle(obstacle, user))),
            answer_form=AnswerForm(), reason_form=ReasonForm())
        return context


class ObstacleRaiseView(ServiceFormView):
    """The raise form, phone-first: title, category, description, optionally the plan/task and a file."""

    form_class = ObstacleRaiseForm
    template_name = "obstacles/obstacle_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_raise(request.user):
            raise PermissionDenied("Tài khoản chỉ xem không nêu vướng mắc.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Nêu vướng mắc, kiến nghị", cancel_url=reverse("obstacles:list"),
                                        **kwargs)

    def perform(self, form):
        return services.do_raise_obstacle(acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self, obstacle):
        messages.success(self.request, f"Đã gửi vướng mắc đến {obstacle.handler.name}.")
        return obstacle.get_absolute_url()


class ObstacleActionView(View):
    """One step from the detail page (POST): answer, escalate, beyond authority, accept, publish as FAQ."""

    STEPS = {
        "tra-loi": ("handle", AnswerForm, services.do_answer, "Đã trả lời."),
        "chuyen-cap-tren": ("handle", ReasonForm, services.do_escalate, "Đã chuyển lên cấp trên."),
        "vuot-tham-quyen": ("view", ReasonForm, services.do_mark_beyond_authority,
                            "Đã đưa vào danh sách báo cáo Chính phủ."),
        "chap-nhan": ("accept", EmptyForm, services.do_accept_answer, "Đã chấp nhận trả lời; vướng mắc được đóng."),
        "dang-hoi-dap": ("view", EmptyForm, services.do_publish_faq, "Đã đăng hỏi - đáp."),
    }

    def post(self, request, pk, step):
        if step not in self.STEPS:
            raise Http404
        access, form_class, service, done = self.STEPS[step]
        obstacle = get_obstacle_for_user(request.user, pk, action=access)
        form = form_class(request.POST, request.FILES)
        form.is_valid()
        try:
            service(obstacle, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(obstacle.get_absolute_url())


class ObstacleFileView(View):
    """The attachment or the answer's document, to those who see the obstacle."""

    def get(self, request, pk, which):
        obstacle = get_obstacle_for_user(request.user, pk)
        file = {"dinh-kem": obstacle.attachment, "tra-loi": obstacle.answer_file}.get(which)
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


class FaqListView(ScopedListView):
    """Questions and answers every signed-in user can search, diacritics folded."""

    model = FaqEntry
    related = ("category",)
    filterset_class = FaqFilterSet
    template_name = "obstacles/faq.html"
    title = "Những vướng mắc và trả lời"


class GovernmentAnnexView(View):
    """The beyond-authority list as a DOCX annex (Nghị định 30/2020/NĐ-CP): national administrators only."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    def get(self, request):
        if not request.user.sees_everything:
            raise PermissionDenied("Chỉ quản trị quốc gia được xuất danh sách báo cáo Chính phủ.")
        response = HttpResponse(annex.government_annex(timezone.localdate()), content_type=annex.DOCX)
        response["Content-Disposition"] = 'attachment; filename="vuong-mac-bao-cao-chinh-phu.docx"'
        return response
