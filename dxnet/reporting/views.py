from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.core import audit
from dxnet.core.services import require_role
from dxnet.core.versioning import StaleEdit, version_of
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import access, consolidation, services
from .access import (
    get_consolidation_for_user,
    get_round_for_user,
    get_submission_file_for_user,
    get_submission_for_user,
)
from .forms import ReviewForm, RoundForm, answers_form
from .models import Consolidation, ReportRound, Submission


class RoundListView(ScopedListView):
    model = ReportRound
    related = ("agency", "form")
    title = "Đợt báo cáo"
    columns = (("Đợt báo cáo", "title"), ("Cơ quan yêu cầu", "agency.name"), ("Kỳ", "period"),
               ("Hạn nộp", "due_date"))
    detail_url_name = "reporting:round"
    actions = (("Yêu cầu báo cáo", "reporting:round-create", "can_manage_plans"),)


class RoundCreateView(ServiceFormView):
    form_class = RoundForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user.can_manage_plans, "Vai trò của bạn không được yêu cầu báo cáo.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        today = timezone.localdate()
        return {"agency": getattr(self.request.user.agency, "code", ""), "year": today.year,
                "period": f"Năm {today.year}", "recipients": "children"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Yêu cầu báo cáo", cancel_url=reverse("reporting:rounds"), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        if data["recipients"] == "codes":
            recipients = data["codes"]  # picked among the agencies of the user's scope
            if not recipients:
                raise ValidationError({"codes": "Hãy chọn ít nhất một cơ quan báo cáo."})
        else:
            recipients = list(services.recipients_of(data["recipients"], data["agency"], timezone.localdate()))
        title = data["title"] or data["form"].title.replace("{year}", str(data["year"]))
        return services.do_create_round(data["form"], acting_user=self.request.user, agency=data["agency"],
                                        title=title, period=data["period"], year=data["year"],
                                        due_date=data["due_date"], recipients=recipients)

    def get_success_url(self, round_):
        return round_.get_absolute_url()


class RoundDetailView(ScopedDetailView):
    """Who has sent, on time or late, who is missing; the reports one click away."""

    model = ReportRound
    related = ("agency", "form")
    template_name = "reporting/round_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            state=services.completeness(self.object, user),
            may_remind=access.may_manage_round(self.object, user), today=timezone.localdate(),
            consolidations=self.object.consolidations.visible_to(user)[:5],
            remind_days=services.REMIND_DAYS_BEFORE,
            reminders=self.object.submissions.filter(reminders__isnull=False).count(), **kwargs)


class RoundRemindView(View):
    def post(self, request, pk):
        round_ = get_round_for_user(request.user, pk, action="change")
        sent = services.do_send_reminders(timezone.localdate(), rounds=[round_])
        messages.success(request, f"Đã nhắc {sent} cơ quan." if sent else "Không có cơ quan nào cần nhắc hôm nay.")
        return redirect(round_.get_absolute_url())


def _difference(submission: Submission, code: str) -> float | None:
    """Declared minus computed, when the agency typed a figure other than the platform's."""
    declared, computed = submission.answers.get(code), submission.computed.get(code, {}).get("value")
    if isinstance(declared, int | float) and isinstance(computed, int | float) and declared != computed:
        return declared - computed
    return None


class SubmissionView(TemplateView):
    """One agency's report: the form while it is a draft or returned, read-only once sent; the review box."""

    template_name = "reporting/submission.html"

    def dispatch(self, request, *args, **kwargs):
        self.submission = get_submission_for_user(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def editable(self) -> bool:
        return access.may_answer(self.submission, self.request.user) and self.submission.status in (
            Submission.Status.DRAFT, Submission.Status.RETURNED)

    def get_context_data(self, form=None, **kwargs):
        submission = self.submission
        if form is None and self.editable():
            # The version first, then the answers shown: a save in between makes this one stale, never lost.
            kwargs.setdefault("version", version_of(submission))
            submission.refresh_from_db()
        form = form or answers_form(submission.round.form, submission.answers, disabled=not self.editable(),
                                    year=submission.round.year)
        sections = [(section["heading"], [(form[spec["code"]], spec, submission.computed.get(spec["code"]),
                                           _difference(submission, spec["code"]))
                                          for spec in section["fields"]])
                    for section in submission.round.form.document["sections"]]
        if self.editable() and "version" not in kwargs:  # shown again after an error: the version it was opened at
            posted = self.request.POST.get("version", "")
            kwargs["version"] = posted if posted.isascii() and posted.isdigit() else version_of(submission)
        return super().get_context_data(
            submission=submission, sections=sections, editable=self.editable(), form=form,
            may_review=access.may_review(submission, self.request.user)
            and submission.status == Submission.Status.SUBMITTED,
            review_form=ReviewForm(), files=submission.files.all(), **kwargs)

    def post(self, request, pk):
        submission = self.submission
        form = answers_form(submission.round.form, submission.answers, data=request.POST, files=request.FILES,
                            year=submission.round.year)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        answers = {code: value for code, value in form.cleaned_data.items() if code in form.changed_data
                   or code in request.POST}
        files = {code: request.FILES.getlist(code) for code in request.FILES}
        seen = request.POST.get("version", "")
        try:
            services.do_save_answers(submission, answers, acting_user=request.user, files=files,
                                     seen_version=int(seen) if seen.isascii() and seen.isdigit() else None)
            if "submit" in request.POST:
                services.do_submit(submission, acting_user=request.user)
        except StaleEdit as error:
            form.add_error(None, "Trong lúc bạn sửa, người khác đã lưu báo cáo này nên thay đổi của bạn chưa được "
                                 "lưu. Hãy xem các thay đổi dưới đây, rồi bấm Lưu lại nếu vẫn muốn sửa.")
            return self.render_to_response(self.get_context_data(
                form=form, version=error.current, changed_since=audit.present(error.entries(), request.user)))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for code, problems in error.message_dict.items():
                    form.add_error(code if code in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, "Đã gửi báo cáo." if "submit" in request.POST else "Đã lưu bản nháp.")
        return redirect(submission.get_absolute_url())


class SubmissionReviewView(View):
    def post(self, request, pk):
        submission = get_submission_for_user(request.user, pk)
        form = ReviewForm(request.POST)
        form.is_valid()
        try:
            services.do_review(submission, acting_user=request.user, accept="accept" in request.POST,
                               comment=form.cleaned_data.get("comment", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Báo cáo đã chuyển sang “{submission.get_status_display()}”.")
        return redirect(submission.get_absolute_url())


class SubmissionFileView(View):
    def get(self, request, pk):
        attached = get_submission_file_for_user(request.user, pk)
        return FileResponse(attached.file.open("rb"), as_attachment=True, filename=str(attached))


class ConsolidateView(View):
    """One click: queue the consolidated report and go to its progress page."""

    def post(self, request, pk):
        round_ = get_round_for_user(request.user, pk)
        return redirect(consolidation.do_request(round_, acting_user=request.user).get_absolute_url())


class ConsolidationView(ScopedDetailView):
    model = Consolidation
    related = ("round",)
    template_name = "reporting/consolidation.html"


class ConsolidationStatusView(View):
    def get(self, request, pk):
        job = get_consolidation_for_user(request.user, pk)
        return JsonResponse({"status": job.status, "status_display": job.get_status_display(), "percent": job.percent,
                             "done": job.status in (Consolidation.Status.DONE, Consolidation.Status.FAILED)})


class ConsolidationFileView(View):
    def get(self, request, pk, fmt):
        job = get_consolidation_for_user(request.user, pk)
        file = {"docx": job.docx, "xlsx": job.xlsx}.get(fmt)
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=f"bao-cao-tong-hop-{job.round_id}.{fmt}")
