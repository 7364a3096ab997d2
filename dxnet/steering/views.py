from django.core.exceptions import ValidationError
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView

from . import services
from .models import Meeting, SteeringCommittee


class CommitteeListView(ScopedListView):
    model = SteeringCommittee
    related = ("agency", "chair")
    title = "Ban Chỉ đạo chuyển đổi số"
    columns = (("Ban Chỉ đạo", "name"), ("Cơ quan", "agency.name"), ("Quyết định", "decision_number"),
               ("Ngày quyết định", "decision_date"), ("Trưởng ban", "chair.full_name"))
    detail_url_name = "steering:detail"
    actions = (("Tuân thủ họp định kỳ", "steering:compliance", ""),)


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
