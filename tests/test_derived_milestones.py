"""Milestones that follow from data are recorded by the write that makes them true (issuing a plan, a network's
founding decision), read by every page from the same rows, and withdrawn with their source."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.models import AuditEntry
from dxnet.core.spreadsheets import import_file
from dxnet.monitoring.models import Milestone, MilestoneKind
from dxnet.monitoring.services import do_record_milestone
from dxnet.monitoring.sheets import MilestoneSheet
from dxnet.network.models import Network
from dxnet.network.services import do_save_network
from dxnet.plans import services
from dxnet.plans.models import Plan, PlanTemplate

from .conftest import client_for

ISSUED_ON = datetime.date(2026, 3, 5)
AS_OF = datetime.date(2026, 11, 26)
ISSUE = {"number": "125/KH-UBND", "issued_on": ISSUED_ON.isoformat(), "place": "Lào Cai",
         "signer_title": "KT. CHỦ TỊCH/PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Thành Sinh"}
REFUSED = ("Mốc “Ban hành Kế hoạch thực hiện Đề án 1690” của Ủy ban nhân dân tỉnh Lào Cai đã được ghi nhận tự động "
           "từ kế hoạch (Kế hoạch số 125/KH-UBND ngày 05/03/2026), không nhập tay được. Hãy sửa hoặc thu hồi văn bản "
           "nguồn.")


@pytest.fixture
def lao_cai(db) -> Agency:
    return Agency.objects.get(code="ubnd-tinh-15")


def _plan(template_code: str, agency: Agency, user, year: int = 2026) -> Plan:
    """A draft ready to issue: every role settled, every moved deadline confirmed."""
    plan = services.do_create_plan(PlanTemplate.objects.get(code=template_code), agency, year, acting_user=user)
    for role in services.unresolved_roles(plan):
        services.do_settle_role(plan, role["role"], agency, acting_user=user)
    if services.unconfirmed_deadlines(plan):
        services.do_confirm_deadlines(plan, acting_user=user)
    return plan


def _compliance(user, code: str) -> dict:
    response = client_for(user).get(reverse("compliance"), {"milestone": code, "tier": "province",
                                                           "as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    return response.json()


def _dashboard_count(user, label_start: str) -> int:
    """How many provinces the national dashboard counts for the milestone whose label starts so."""
    response = client_for(user).get(reverse("monitoring:dashboard"), {"as_of": AS_OF.isoformat()})
    row = next(row for row in response.context["compliance"] if row[1]["label"].startswith(label_start))
    return row[1]["reached"]


def _open_data_milestones() -> str:
    figures = client_for(None).get(reverse("open-data")).json()
    return next(row for row in figures["provinces"] if row["province_code"] == "15")["milestones"]


def _consolidated(round_, code: str) -> list[str]:
    from dxnet.reporting.consolidation import gather

    table = next(t for t in gather(round_, AS_OF).compliance if t.kind.code == code.split("-20")[0]
                 and t.tier.code == "province")
    return [m.agency.code for m in table.reached]


@pytest.fixture
def round_(actors, lao_cai):
    from dxnet.reporting.models import ReportForm
    from dxnet.reporting.services import do_create_round

    admin = actors["national_admin"]
    return do_create_round(ReportForm.objects.get(code="annual-assessment"), acting_user=admin, agency=admin.agency,
                           title="Đánh giá năm 2026", period="Năm 2026", year=2026,
                           due_date=datetime.date(2026, 11, 30), recipients=[lao_cai])


def test_a_plan_issued_on_its_page_counts_everywhere_at_once_and_goes_when_withdrawn(actors, lao_cai, round_):
    admin, coordinator = actors["national_admin"], actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    assert plan.kind == "plan-1690"
    # Every reader has answered (and cached) before the plan is issued.
    assert _compliance(admin, "plan-1690")["achieved"] == 0
    assert _dashboard_count(admin, "Ban hành Kế hoạch thực hiện Đề án 1690") == 0
    assert "plan-1690" not in _open_data_milestones()
    assert _consolidated(round_, "plan-1690") == []

    response = client_for(coordinator).post(reverse("plans:issue", args=[plan.pk]), ISSUE)
    assert response.status_code == 302

    table = _compliance(admin, "plan-1690")
    assert table["achieved"] == 1
    assert table["earliest"] == [{"agency": lao_cai.name, "code": "ubnd-tinh-15", "date": "2026-03-05"}]
    assert _dashboard_count(admin, "Ban hành Kế hoạch thực hiện Đề án 1690") == 1
    assert "plan-1690: 05/03/2026" in _open_data_milestones()
    assert _consolidated(round_, "plan-1690") == ["ubnd-tinh-15"]
    kind = MilestoneKind.objects.get(code="plan-1690")
    page = client_for(admin).get(reverse("monitoring:compliance"), {"kind": kind.pk, "as_of": AS_OF.isoformat(),
                                                                   "earliest": 5}).content.decode()
    assert "Lào Cai" in page and "05/03/2026" in page
    own = client_for(coordinator).get(reverse("monitoring:dashboard"), {"as_of": AS_OF.isoformat()}).context
    milestone = Milestone.objects.get(agency=lao_cai, kind=kind)
    assert any(m["pk"] == milestone.pk for m in own["own_milestones"])
    assert (milestone.document_date, milestone.issuer, milestone.source) == (ISSUED_ON, lao_cai.name, plan)
    assert "125/KH-UBND" in milestone.document

    response = client_for(coordinator).post(reverse("plans:withdraw", args=[plan.pk]),
                                            {"reason": "Thay thế bằng Kế hoạch số 140/KH-UBND"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.withdrawn_reason) == ("withdrawn", "Thay thế bằng Kế hoạch số 140/KH-UBND")
    assert _compliance(admin, "plan-1690")["achieved"] == 0
    assert _dashboard_count(admin, "Ban hành Kế hoạch thực hiện Đề án 1690") == 0
    assert "plan-1690" not in _open_data_milestones()
    assert _consolidated(round_, "plan-1690") == []
    assert not Milestone.objects.filter(kind=kind).exists()
    gone = AuditEntry.objects.filter(content_type__model="milestone", object_id=str(milestone.pk)).first()
    assert (gone.action, gone.actor) == ("delete", coordinator)


def test_a_yearly_plan_issued_through_the_api_records_the_year_s_milestone_with_its_source(actors, lao_cai):
    admin, coordinator = actors["national_admin"], actors["coordinator"]
    plan = _plan("phu-luc-iii-khung-ke-hoach-nam", lao_cai, coordinator)
    client = client_for(coordinator)
    response = client.post(reverse("plan-issue", args=[plan.pk]), ISSUE, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["kind"]) == ("issued", "dx-plan")
    assert _compliance(admin, "dx-plan-2026")["achieved"] == 1
    assert _dashboard_count(admin, "Ban hành Kế hoạch chuyển đổi số năm 2026") == 1
    assert "dx-plan-2026: 05/03/2026" in _open_data_milestones()
    milestone = Milestone.objects.get(agency=lao_cai, kind__code="dx-plan", year=2026)
    assert AuditEntry.objects.for_object(milestone).first().via == "api"
    shown = client.get(reverse("milestone-detail", args=[milestone.pk])).json()
    assert shown["source"] == {"type": "plans.plan", "id": plan.pk, "label": "Ghi nhận tự động từ kế hoạch"}
    page = client.get(reverse("monitoring:milestone", args=[milestone.pk])).content.decode()
    assert "Ghi nhận tự động từ kế hoạch" in page and f'href="{plan.get_absolute_url()}"' in page
    assert reverse("monitoring:milestone-update", args=[milestone.pk]) not in page  # changed at its source only

    response = client.post(reverse("plan-withdraw", args=[plan.pk]), {"reason": "Ban hành nhầm"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert _compliance(admin, "dx-plan-2026")["achieved"] == 0
    assert "dx-plan-2026" not in _open_data_milestones()


def test_a_plan_of_another_kind_records_no_milestone(actors, lao_cai):
    template = PlanTemplate.objects.get(code="ke-hoach-tinh-1690")
    template.kind = PlanTemplate.Kind.OTHER
    template.save()
    plan = _plan("ke-hoach-tinh-1690", lao_cai, actors["coordinator"])
    services.do_issue_plan(plan, acting_user=actors["coordinator"], **{**ISSUE, "issued_on": ISSUED_ON})
    assert plan.kind == "other" and not Milestone.objects.exists()


def test_the_shipped_templates_declare_their_kind(db):
    kinds = dict(PlanTemplate.objects.values_list("code", "kind"))
    assert kinds == {"de-an-1690": "plan-1690", "ke-hoach-tinh-1690": "plan-1690",
                     "phu-luc-i-cds-cap-tinh": "dx-plan", "phu-luc-ii-cds-cap-bo": "dx-plan",
                     "phu-luc-iii-khung-ke-hoach-nam": "dx-plan"}
    with pytest.raises(ValidationError, match="“kind” phải là một trong"):
        services.check_template_document({**PlanTemplate.objects.first().document, "kind": "ke-hoach"})


# --- Hand entries and derived rows --------------------------------------------------------------------------------

def _hand_entry(agency, user, day=datetime.date(2024, 5, 15)) -> Milestone:
    return do_record_milestone(Milestone(), acting_user=user, agency=agency,
                               kind=MilestoneKind.objects.get(code="plan-1690"), achieved_on=day,
                               document="Kế hoạch 1379/KH-UBND (nhập tay)")


def test_a_derived_milestone_replaces_the_hand_entry_for_the_same_agency(actors, lao_cai):
    coordinator = actors["coordinator"]
    hand = _hand_entry(lao_cai, coordinator)
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    milestone = Milestone.objects.get(agency=lao_cai, kind__code="plan-1690")
    assert milestone.pk == hand.pk and milestone.derived
    assert (milestone.achieved_on, milestone.source) == (ISSUED_ON, plan)
    change = AuditEntry.objects.for_object(milestone).first()
    assert change.action == "update" and change.changes["achieved_on"] == ["2024-05-15", "2026-03-05"]


def _messages(response, field="non_field_errors") -> list[str]:
    return [error["message"] for error in response.json()["errors"][field]]


def test_a_hand_entry_over_a_derived_one_is_refused_by_every_door_with_the_same_message(actors, lao_cai):
    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    derived = Milestone.objects.get()
    kind = derived.kind
    before = AuditEntry.objects.count()
    client = client_for(coordinator)
    fields = {"agency": "ubnd-tinh-15", "kind": kind.pk, "achieved_on": "2024-05-15", "document": "Nhập tay"}

    form = client.post(reverse("monitoring:milestone-create"), fields)
    assert form.status_code == 200
    message = " ".join(form.context["form"].non_field_errors())
    assert message == REFUSED
    correction = client.post(reverse("monitoring:milestone-update", args=[derived.pk]), fields)
    assert " ".join(correction.context["form"].non_field_errors()) == message

    api = client.post(reverse("milestone-list"), {**fields, "agency": lao_cai.pk}, format="json")
    assert api.status_code == 400 and _messages(api) == [message]
    patched = client.patch(reverse("milestone-detail", args=[derived.pk]), {"achieved_on": "2024-05-15"},
                           format="json")
    assert patched.status_code == 400 and _messages(patched) == [message]

    upload = io.BytesIO("Cơ quan,Mốc,Ngày đạt,Văn bản\nubnd-tinh-15,plan-1690,15/05/2024,Nhập tay\n".encode())
    upload.name = "moc.csv"
    result = import_file(MilestoneSheet(coordinator), upload, acting_user=coordinator)
    assert [(e.column, e.message) for e in result.errors] == [("Mốc", message)]

    derived.refresh_from_db()
    assert (derived.achieved_on, derived.source) == (ISSUED_ON, plan)
    assert AuditEntry.objects.count() == before


def test_a_hand_entry_for_another_milestone_is_still_possible(actors, lao_cai):
    plan = _plan("ke-hoach-tinh-1690", lao_cai, actors["coordinator"])
    services.do_issue_plan(plan, acting_user=actors["coordinator"], **{**ISSUE, "issued_on": ISSUED_ON})
    other = Agency.objects.get(code="ubnd-tinh-01")
    hand = _hand_entry(other, actors["national_admin"])
    assert not hand.derived and Milestone.objects.count() == 2


def test_withdrawing_passes_the_milestone_to_another_issued_plan_of_the_kind(actors, lao_cai):
    coordinator = actors["coordinator"]
    first = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    services.do_issue_plan(first, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    second = _plan("de-an-1690", lao_cai, coordinator)
    services.do_issue_plan(second, acting_user=coordinator, **{**ISSUE, "number": "140/KH-UBND",
                                                              "issued_on": datetime.date(2026, 6, 1)})
    assert Milestone.objects.get().source == first  # achieved first
    services.do_withdraw_plan(first, acting_user=coordinator, reason="Thay thế")
    milestone = Milestone.objects.get()
    assert (milestone.source, milestone.achieved_on) == (second, datetime.date(2026, 6, 1))


def test_deleting_the_plan_withdraws_its_milestone_audited(actors, lao_cai):
    plan = _plan("ke-hoach-tinh-1690", lao_cai, actors["coordinator"])
    services.do_issue_plan(plan, acting_user=actors["coordinator"], **{**ISSUE, "issued_on": ISSUED_ON})
    milestone = Milestone.objects.get()
    plan.delete()
    assert not Milestone.objects.exists()
    assert AuditEntry.objects.filter(content_type__model="milestone", object_id=str(milestone.pk),
                                     action="delete").exists()


# --- The network's founding decision ------------------------------------------------------------------------------

def test_a_network_decision_records_dx_network_for_the_province(actors, lao_cai):
    admin, coordinator = actors["national_admin"], actors["coordinator"]
    network = Network.objects.get(province__key="tinh-15")
    assert _compliance(admin, "dx-network")["achieved"] == 0
    do_save_network(network, acting_user=coordinator, decision_number="88/QĐ-UBND",
                    decision_date=datetime.date(2025, 10, 1))
    milestone = Milestone.objects.get(kind__code="dx-network")
    assert (milestone.agency, milestone.achieved_on, milestone.source) == (lao_cai, datetime.date(2025, 10, 1),
                                                                           network)
    assert "88/QĐ-UBND" in milestone.document
    assert _compliance(admin, "dx-network")["earliest"][0]["code"] == "ubnd-tinh-15"
    assert "dx-network: 01/10/2025" in _open_data_milestones()
    do_save_network(network, acting_user=coordinator, decision_date=datetime.date(2025, 10, 2))
    assert Milestone.objects.get(kind__code="dx-network").achieved_on == datetime.date(2025, 10, 2)
    do_save_network(network, acting_user=coordinator, decision_number="", decision_date=None)
    assert not Milestone.objects.exists()
    assert _compliance(admin, "dx-network")["achieved"] == 0


# --- Bad input: a clear Vietnamese answer, nothing changes --------------------------------------------------------

def _unchanged(plan: Plan, audit_count: int, status: str) -> None:
    plan.refresh_from_db()
    assert plan.status == status
    assert AuditEntry.objects.count() == audit_count


def test_issuing_twice_is_refused(actors, lao_cai):
    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    client = client_for(coordinator)
    assert client.post(reverse("plan-issue", args=[plan.pk]), ISSUE, format="json").status_code == 200
    before = AuditEntry.objects.count()
    again = client.post(reverse("plan-issue", args=[plan.pk]), {**ISSUE, "number": "999/KH-UBND"}, format="json")
    assert again.status_code == 400
    assert _messages(again) == [
        "Kế hoạch đã ban hành (số 125/KH-UBND ngày 05/03/2026), không ban hành lại được. Nếu văn bản có sai sót, "
        "hãy thu hồi rồi lập kế hoạch mới."]
    page = client.post(reverse("plans:issue", args=[plan.pk]), {**ISSUE, "number": "999/KH-UBND"})
    assert "không ban hành lại được" in " ".join(page.context["form"].non_field_errors())
    _unchanged(plan, before, "issued")
    assert plan.number == "125/KH-UBND" and Milestone.objects.get().document.startswith("Kế hoạch số 125/KH-UBND")


def test_withdrawing_a_draft_or_without_a_reason_is_refused(actors, lao_cai):
    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    client = client_for(coordinator)
    before = AuditEntry.objects.count()
    draft = client.post(reverse("plan-withdraw", args=[plan.pk]), {"reason": "Nhầm"}, format="json")
    assert draft.status_code == 400
    assert _messages(draft) == [
        "Chỉ thu hồi được kế hoạch đã ban hành; kế hoạch này đang ở trạng thái “Dự thảo”."]
    _unchanged(plan, before, "draft")

    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    before = AuditEntry.objects.count()
    empty = client.post(reverse("plan-withdraw", args=[plan.pk]), {"reason": "   "}, format="json")
    assert empty.status_code == 400 and _messages(empty, "reason") == ["Hãy ghi lý do thu hồi kế hoạch."]
    page = client.post(reverse("plans:withdraw", args=[plan.pk]), {"reason": ""})
    assert page.status_code == 200 and page.context["form"].errors["reason"] == ["Hãy ghi lý do thu hồi kế hoạch."]
    _unchanged(plan, before, "issued")
    assert Milestone.objects.get().source == plan

    missing = client.post(reverse("plan-issue", args=[plan.pk]), {"number": ""}, format="json")
    assert missing.status_code == 400 and set(missing.json()["errors"]) >= {"number", "issued_on"}


def test_a_withdrawn_plan_is_not_issued_again(actors, lao_cai):
    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    services.do_withdraw_plan(plan, acting_user=coordinator, reason="Sai số hiệu")
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    assert not Milestone.objects.exists()


def test_the_plan_page_offers_issue_then_withdraw(actors, lao_cai):
    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    client = client_for(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:issue", args=[plan.pk]) in page and reverse("plans:withdraw", args=[plan.pk]) not in page
    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:issue", args=[plan.pk]) not in page and reverse("plans:withdraw", args=[plan.pk]) in page
    assert "Lý do thu hồi" in client.get(reverse("plans:withdraw", args=[plan.pk])).content.decode()


def test_the_demo_s_issued_1690_plan_counts_in_its_consolidated_report(db):
    from dxnet.demo import load_demo
    from dxnet.reporting.consolidation import gather
    from dxnet.reporting.models import ReportRound

    load_demo()
    round_ = ReportRound.objects.get(title="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026")
    table = next(t for t in gather(round_, AS_OF).compliance if t.kind.code == "plan-1690")
    assert (len(table.reached), table.total) == (1, 34)
    assert table.reached[0].agency.code == "ubnd-tinh-15" and "125/KH-UBND" in table.reached[0].document


def test_plans_issued_before_derived_milestones_record_theirs_on_migration(actors, lao_cai):
    """The data migrations, run on today's models: templates get their kind, issued plans their milestone."""
    import importlib

    from django.apps import apps

    kinds = importlib.import_module("dxnet.plans.migrations.0005_plan_kind_and_withdrawal")
    derive = importlib.import_module("dxnet.monitoring.migrations.0004_derive_milestones_of_issued_plans")
    plan = _plan("ke-hoach-tinh-1690", lao_cai, actors["coordinator"])
    services.do_issue_plan(plan, acting_user=actors["coordinator"], **{**ISSUE, "issued_on": ISSUED_ON})
    Milestone.objects.all().delete()  # as it stood before milestones were derived
    PlanTemplate.objects.update(kind="other")
    hand = _hand_entry(lao_cai, actors["coordinator"])
    kinds.set_template_kinds(apps, None)
    derive.derive(apps, None)
    assert PlanTemplate.objects.get(code="ke-hoach-tinh-1690").kind == "plan-1690"
    milestone = Milestone.objects.get()
    assert (milestone.pk, milestone.achieved_on, milestone.source) == (hand.pk, ISSUED_ON, plan)
    assert AuditEntry.objects.for_object(milestone).first().actor_name == "Hệ thống"


def test_a_plan_cannot_be_issued_on_a_day_still_to_come_by_page_or_api(actors, lao_cai):
    from django.utils import timezone

    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    client = client_for(coordinator)
    api = client.post(f"/api/v1/plans/{plan.pk}/issue/", {**ISSUE, "issued_on": tomorrow}, format="json")
    assert api.status_code == 400 and "Ngày ban hành không được sau hôm nay." in str(api.json())
    page = client.post(reverse("plans:issue", args=[plan.pk]), {**ISSUE, "issued_on": tomorrow})
    assert page.status_code == 200 and "Ngày ban hành không được sau hôm nay." in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and not Milestone.objects.filter(agency=lao_cai).exists()


def test_the_tasks_of_a_withdrawn_plan_count_nowhere(actors, lao_cai):
    from dxnet.monitoring.open_data import province_figures

    coordinator = actors["coordinator"]
    plan = _plan("ke-hoach-tinh-1690", lao_cai, coordinator)
    services.do_issue_plan(plan, acting_user=coordinator, **{**ISSUE, "issued_on": ISSUED_ON})
    counted = next(row for row in province_figures(AS_OF)
                   if row["province_code"] == lao_cai.admin_unit.code)["tasks"]
    assert counted == plan.tasks.count()
    services.do_withdraw_plan(plan, acting_user=coordinator, reason="Ban hành nhầm.")
    after = next(row for row in province_figures(AS_OF) if row["province_code"] == lao_cai.admin_unit.code)
    assert after["tasks"] == 0 and after["tasks_overdue"] == 0
