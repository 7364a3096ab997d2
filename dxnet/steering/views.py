from django.core.exceptions import ValidationError
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView, ServiceModelFormView, local_path

from . import services
from .access import get_committee_for_user, get_meeting_for_user
from .forms import CommitteeForm, ConclusionForm, MeetingForm, MemberForm
from .models import Meeting, SteeringCommittee


class CommitteeListView(ScopedListView):
    model = SteeringCommittee
    related = ("agency", "chair")
    title = "Ban Chỉ đạo chuyển đổi số"
    columns = (("Ban Chỉ đạo", "name"), ("Cơ quan", "agency.name"), ("Quyết định", "decision_number"),
               ("Ngày quyết định", "decision_date"), ("Trưởng ban", "chair.full_name"))
    detail_url_name = "steering:detail"
    actions = (("Tuân thủ họp định kỳ", "steering:compliance", ""),
               ("Thành lập Ban Chỉ đạo", "steering:create", "can_manage_registry"))


class CommitteeDetailView(ScopedDetailView):
    model = SteeringCommittee
    related = ("agency", "chair")

    def get_context_data(self, **kwargs):
        quarter = services.last_quarter()
        members = self.object.members.select_related("person__agency")
        meetings = self.object.meetings.prefetch_related("attendance", "conclusions")
        return super().get_context_data(members=members, meetings=meetings, quarter=quarter,
                                        record=services.quarter_record(self.object, quarter), **kwargs)


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    related = ("committee__agency",)

    def get_context_data(self, **kwargs):
        attendance = {a.member_id: a for a in self.object.attendance.all()}
        members = [(m, attendance.get(m.pk)) for m in self.object.committee.members.select_related("person__agency")]
        conclusions = self.object.conclusions.prefetch_related("items__lead", "items__task__plan")
        return super().get_context_data(members=members, conclusions=conclusions,
                                        heads_rate=services.heads_rate(self.object), **kwargs)


class ComplianceView(TemplateView):
    """Per province or ministry: did its committee meet with heads of agencies in the quarter (seed 000)."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "steering/compliance.html"

    def get_context_data(self, **kwargs):
        tier = self.request.GET.get("tier") or "province"
        raw = self.request.GET.get("quarter")
        error = ""
        try:
            services.check_tier(tier)
            quarter = services.last_quarter() if not raw else services.parse_quarter(raw)
        except ValidationError as exc:
            error, tier, quarter = " ".join(exc.messages), "province", services.last_quarter()
        table = services.compliance(self.request.user, tier=tier, quarter=quarter)
        return super().get_context_data(table=table, tiers=services.TIERS, error=error, **kwargs)


class CommitteeCreateView(ServiceModelFormView):
    model = SteeringCommittee
    form_class = CommitteeForm
    service = services.do_establish_committee
    title = "Thành lập, kiện toàn Ban Chỉ đạo chuyển đổi số"


class CommitteeUpdateView(ServiceModelFormView):
    model = SteeringCommittee
    form_class = CommitteeForm
    service = services.do_save_committee
    title = "Cập nhật Ban Chỉ đạo"

    def get_object(self):
        return get_committee_for_user(self.request.user, self.kwargs["pk"], action="change")


class _CommitteeFormView(ServiceFormView):
    """A form on the committee in the URL (its members, its meetings): 404 out of scope, 403 without the role."""

    template_name = "generic_form.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.committee = get_committee_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, parent_link=(str(self.committee),
                                                                       self.committee.get_absolute_url()),
                                        cancel_url=local_path(self.request.GET.get("next")), **kwargs)


class MemberCreateView(_CommitteeFormView):
    form_class = MemberForm
    title = "Thêm thành viên Ban Chỉ đạo"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.do_add_member(self.committee, data["person"], role=data["role"],
                                      is_agency_head=data["is_agency_head"], acting_user=self.request.user)

    def get_success_url(self, member):
        return self.committee.get_absolute_url()


class MeetingCreateView(_CommitteeFormView):
    """A meeting and its attendance on one screen (a phone in the meeting room)."""

    form_class = MeetingForm
    title = "Ghi nhận phiên họp Ban Chỉ đạo"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "members": self.committee.members.select_related("person").order_by("role", "pk")}

    def perform(self, form):
        return services.do_schedule_meeting(Meeting(), acting_user=self.request.user, committee=self.committee,
                                            **form.cleaned_data)

    def get_success_url(self, meeting):
        return meeting.get_absolute_url()


class ConclusionCreateView(ServiceFormView):
    """A notice of conclusions; its assignments become tasks of the year's plan."""

    form_class = ConclusionForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_meeting_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Thông báo kết luận", parent_link=(str(self.meeting),
                                                                                 self.meeting.get_absolute_url()),
                                        cancel_url=self.meeting.get_absolute_url(), **kwargs)

    def perform(self, form):
        return services.do_record_conclusions(self.meeting, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self, conclusion):
        return self.meeting.get_absolute_url()
