"""Demo data for `make run`: accounts, departments, DX staff, focal points, network members, villages, teams,
members, activities and plans in Lào Cai and Hà Nội. Loading it twice changes nothing (every part is an upsert)."""

import base64
import datetime
import hashlib

from django.db import transaction

from dxnet.accounts.models import Role, User
from dxnet.accounts.services import do_create_user
from dxnet.accounts.two_factor.services import do_give_demo_device
from dxnet.agencies.models import Agency
from dxnet.agencies.services import NATIONAL_COORDINATOR_CODE, do_create_agency
from dxnet.core.spreadsheets import import_file, import_records
from dxnet.network.sheets import NetworkMemberSheet, TeamActivitySheet, TeamMemberSheet, TeamSheet, VillageSheet
from dxnet.people.sheets import FocalPointSheet, PeopleSheet

DEMO_PASSWORD = "Demo@CDS-2025"


def demo_totp_secret(username: str) -> str:
    """The published TOTP secret (base32) of a demo account, printed by `make run`: add it to an authenticator app,
    or compute its codes (the browser tests do, with pyotp). Every demo account signs in in two steps."""
    return base64.b32encode(hashlib.sha1(f"dxnet-demo-totp:{username}".encode()).digest()).decode()


# (province code, departments added under its People's Committee)
DEMO_DEPARTMENTS = {
    "15": ["Sở Tài chính", "Văn phòng Ủy ban nhân dân", "Sở Giáo dục và Đào tạo"],
    "01": ["Sở Tài chính", "Văn phòng Ủy ban nhân dân", "Sở Giáo dục và Đào tạo"],
}


def _first_commune_pc(province_code: str) -> Agency:
    return Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code=f"ubnd-tinh-{province_code}") \
        .order_by("code").first()


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """(username, role, agency code, full name) of every demo account."""
    lao_cai_commune = _first_commune_pc("15")
    return [
        ("quantri", Role.NATIONAL_ADMIN, NATIONAL_COORDINATOR_CODE, "Nguyễn Văn Quản"),
        ("dieuphoi.laocai", Role.COORDINATOR, "ubnd-tinh-15", "Trần Thị Lan"),
        # The province's DX lead department handles the communes' obstacles for the province (seed 001: "qua Sở").
        ("dieuphoi.so.laocai", Role.COORDINATOR, "skhcn-tinh-15", "Vũ Đức Thắng"),
        ("daumoi.laocai", Role.FOCAL_POINT, "skhcn-tinh-15", "Lê Văn Minh"),
        ("daumoi.xa.laocai", Role.FOCAL_POINT, lao_cai_commune.code, "Hoàng Thị Hoa"),
        # A team leader's and a member's scope is their commune (an account is bound to an agency, not a team);
        # named as the leader and a member of the commune's first team (Thôn Cốc Lếu) in _load_registry.
        ("totruong.xa.laocai", Role.TEAM_LEADER, lao_cai_commune.code, "Hoàng Văn An"),
        ("thanhvien.xa.laocai", Role.MEMBER, lao_cai_commune.code, "Vũ Văn An"),
        ("dieuphoi.hanoi", Role.COORDINATOR, "ubnd-tinh-01", "Phạm Quốc Hùng"),
        ("daumoi.xa.hanoi", Role.FOCAL_POINT, _first_commune_pc("01").code, "Ngô Thị Mai"),
        ("xem.hanoi", Role.VIEWER, "ubnd-tinh-01", "Đỗ Thu Trang"),
    ]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    accounts = demo_accounts()
    for username, role, agency_code, full_name in accounts:
        if not User.objects.filter(username=username).exists():
            do_create_user(username, agency=Agency.objects.get(code=agency_code), role=role,
                           password=DEMO_PASSWORD, full_name=full_name, acting_user=None)
    for username, *_ in accounts:
        do_give_demo_device(User.objects.get(username=username), demo_totp_secret(username))
    admin = User.objects.get(username="quantri")
    for province_code, names in DEMO_DEPARTMENTS.items():
        pc = Agency.objects.get(code=f"ubnd-tinh-{province_code}")
        for index, name in enumerate(names, start=1):
            code = f"demo-{province_code}-{index}"
            if not Agency.objects.filter(code=code).exists():
                full = f"{name} {pc.admin_unit.name[0].lower()}{pc.admin_unit.name[1:]}"
                do_create_agency(pc, code=code, name=full, kind=Agency.Kind.PROVINCIAL_DEPARTMENT,
                                 valid_from=pc.valid_from, acting_user=admin)
    _load_registry(admin)
    _load_plans()
    _load_milestones(admin)
    _load_round(admin)
    _load_inspection(admin)
    _load_steering(admin)
    _load_obstacles(admin)
    _load_stories(admin)
    _load_training(admin)
    _load_infosec(admin)
    _load_measures()
    _load_notifications()
    return accounts


# Indicators of the demo plans: (code, name, unit, baseline, target, source or computed figure, values (day, value)).
DEMO_INDICATORS = {
    "15": [
        ("dvc-toan-trinh", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", 45, 80, "",
         [((2026, 3, 31), 55), ((2026, 6, 30), 62), ((2026, 9, 30), 78)]),  # on track
        ("ho-so-so-hoa", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết", "%", 30, 90, "",
         [((2026, 6, 30), 35)]),  # off track
        ("dau-moi-cds", "Tỷ lệ cơ quan, đơn vị có đầu mối chuyển đổi số", "%", 0, 100, "focal-points", []),
    ],
    "01": [
        ("dvc-toan-trinh", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", 60, 90, "",
         [((2026, 9, 30), 70)]),  # off track
        ("ho-so-so-hoa", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết", "%", 50, 95, "",
         [((2026, 10, 31), 93)]),  # on track
    ],
}
# Lào Cai's projects, on tasks of its plan: (task code, kind, approved total, funding, detail, years, stage,
# disbursed by year). Task 6 has disbursed more than approved: the warning of the demo.
DEMO_PROJECTS = [
    ("5.4", "project", 2500, "public-investment", "Vốn đầu tư công trung hạn của tỉnh", (2025, 2026), "implementing",
     {2025: 800, 2026: 1200}),
    ("6", "task", 1200, "recurrent", "Ngân sách tỉnh", (2026, 2026), "implementing", {2026: 1350}),
    ("5.1", "task", 450, "other", "Xã hội hóa, doanh nghiệp viễn thông hỗ trợ", (2026, 2026), "implementing",
     {2026: 200}),
]


def _load_measures() -> None:
    """Indicators on and off track in Lào Cai's and Hà Nội's plans, Lào Cai's three projects with their
    disbursements (one over its approved total), and Lào Cai's declared total state budget of 2026."""
    from decimal import Decimal

    from dxnet.plans.models import BudgetDeclaration, Indicator, Plan, Project, Task
    from dxnet.plans.services import (
        do_declare_budget,
        do_declare_indicator_value,
        do_record_disbursement,
        do_save_indicator,
        do_save_project,
    )

    for province, rows in DEMO_INDICATORS.items():
        pc = Agency.objects.get(code=f"ubnd-tinh-{province}")
        plan = Plan.objects.filter(agency=pc, year=2026).order_by("pk").first()
        author = User.objects.get(username="dieuphoi.laocai" if province == "15" else "dieuphoi.hanoi")
        for code, name, unit, baseline, target, computed, values in rows:
            if plan is None or Indicator.objects.filter(plan=plan, code=code).exists():
                continue
            indicator = do_save_indicator(
                Indicator(plan=plan), acting_user=author, plan=plan, code=code, name=name, unit=unit,
                baseline_value=Decimal(baseline), baseline_on=datetime.date(2026, 1, 1),
                target_value=Decimal(target), target_on=datetime.date(2026, 12, 31), frequency="quarterly",
                source="computed" if computed else "declared", computed_from=computed)
            for day, value in values:
                do_declare_indicator_value(indicator, acting_user=author, on=datetime.date(*day),
                                           value=Decimal(value))
    coordinator = User.objects.get(username="dieuphoi.laocai")
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    plan = Plan.objects.filter(agency=lao_cai, year=2026, template__code="ke-hoach-tinh-1690").first()
    for code, kind, approved, funding, detail, (start, end), stage, disbursed in DEMO_PROJECTS:
        task = Task.objects.filter(plan=plan, code=code).first()
        if task is None or Project.objects.filter(task=task).exists():
            continue
        project = do_save_project(task, acting_user=coordinator, kind=kind, start_year=start, end_year=end,
                                  approved_total=Decimal(approved), funding_source=funding, funding_detail=detail,
                                  stage=stage)
        for year, amount in disbursed.items():
            do_record_disbursement(project, acting_user=coordinator, year=year, amount=Decimal(amount),
                                   declared_on=datetime.date(year, 10, 31) if year == 2026 else datetime.date(
                                       year, 12, 31))
    if not BudgetDeclaration.objects.filter(agency=lao_cai, year=2026).exists():
        do_declare_budget(lao_cai, acting_user=coordinator, year=2026, total=Decimal(18_500_000),
                          declared_on=datetime.date(2026, 1, 5),
                          document="Quyết định giao dự toán ngân sách nhà nước năm 2026 của UBND tỉnh")


def _load_notifications() -> None:
    """Today's daily notices (tasks due or overdue, report reminders), as the morning's `dxnet notify` would give."""
    from django.utils import timezone

    from dxnet.notifications.services import do_run_daily

    do_run_daily(timezone.localdate())


VILLAGE_NAMES = ["Thôn Cốc Lếu", "Thôn Bản Xèo", "Tổ dân phố số 3", "Thôn Làng Mới"]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Lò", "Giàng", "Vàng"]
GIVEN_NAMES = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Đức", "Thị Hạnh", "Văn Hùng", "Thị Lan",
               "Văn Minh", "Thị Nga", "Văn Phúc", "Thị Quyên"]
SKILLS = ["Dịch vụ công trực tuyến", "Ứng dụng định danh điện tử VNeID", "Thanh toán trực tuyến", "Chữ ký số",
          "Mua sắm trực tuyến", "Kỹ năng an toàn trên môi trường mạng"]
DEMO_PROVINCES = {"15": 3, "01": 2}  # province code: communes with demo data


def _name(n: int) -> str:
    return f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} {GIVEN_NAMES[(n // len(FAMILY_NAMES)) % len(GIVEN_NAMES)]}"


def _load_registry(admin) -> None:
    """Registry data built as spreadsheet rows and imported like a user's file: one code path, idempotent."""
    villages, teams, members, activities, people, focal_points, partners = [], [], [], [], [], [], []
    serial = iter(range(10_000))
    for province_code, commune_count in DEMO_PROVINCES.items():
        lead = Agency.objects.get(code=f"skhcn-tinh-{province_code}")
        for n in range(3):
            people.append({"agency": lead.code, "full_name": _name(next(serial)), "position": "Chuyên viên",
                           "phone": f"0912{int(province_code):02d}{n:04d}", "duty": "Chuyên trách",
                           "duty_from": datetime.date(2025, 7, 1)})
        focal_points.append({"agency": lead.code, "phone": people[-3]["phone"], "decision_number": "15/QĐ-SKHCN",
                             "decision_date": datetime.date(2025, 7, 10)})
        communes = Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code=f"ubnd-tinh-{province_code}") \
            .select_related("admin_unit").order_by("code")[:commune_count]
        for c_index, commune in enumerate(communes):
            code = commune.admin_unit.code
            phone = f"0913{int(province_code):02d}{c_index:04d}"
            people.append({"agency": commune.code, "full_name": _name(next(serial)), "position": "Công chức Văn phòng",
                           "phone": phone, "duty": "Kiêm nhiệm", "duty_from": datetime.date(2025, 7, 1)})
            if c_index < commune_count - 1:  # the last commune is left without a focal point, to be seen
                focal_points.append({"agency": commune.code, "phone": phone,
                                     "decision_number": f"{c_index + 1}/QĐ-UBND",
                                     "decision_date": datetime.date(2025, 7, 15)})
            for v_index, village in enumerate(VILLAGE_NAMES):
                villages.append({"commune": code, "name": village, "kind": "Tổ dân phố" if "Tổ" in village else "Thôn"})
                if v_index == len(VILLAGE_NAMES) - 1:  # one village still waits for its team
                    continue
                teams.append({"commune": code, "village": village, "decision_number": f"{20 + v_index}/QĐ-UBND",
                              "decision_date": datetime.date(2025, 8, 1)})
                for m_index in range(4):
                    number = next(serial)
                    members.append({"commune": code, "village": village, "full_name": _name(number),
                                    "phone": f"0968{number:06d}",
                                    "role": "Tổ trưởng" if m_index == 0 else "Đoàn viên thanh niên"})
                for month in range(8, 12):
                    activities.append({"commune": code, "village": village, "date": datetime.date(2025, month, 10),
                                       "skill_area": SKILLS[(month + v_index) % len(SKILLS)],
                                       "people_helped": 5 + (month * 3 + v_index * 7) % 20,
                                       "households_helped": 2 + (month + v_index) % 6})
        province = lead.admin_unit.name
        partners += [
            {"province": province_code, "kind": "Tổ chức", "organisation_kind": "Doanh nghiệp viễn thông",
             "name": f"Viettel {province}", "contact_person": _name(next(serial)),
             "phone": f"0984{int(province_code):02d}0001"},
            {"province": province_code, "kind": "Tổ chức", "organisation_kind": "Doanh nghiệp bưu chính",
             "name": f"Bưu điện {province}", "phone": f"0984{int(province_code):02d}0002"},
            {"province": province_code, "kind": "Tổ chức",
             "organisation_kind": "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "name": f"Đoàn Thanh niên {province}",
             "phone": f"0984{int(province_code):02d}0003"},
            {"province": province_code, "kind": "Chuyên gia", "name": _name(next(serial)),
             "expertise": "An toàn thông tin", "phone": f"0984{int(province_code):02d}0004"},
        ]
    for sheet, records in ((PeopleSheet, people), (FocalPointSheet, focal_points), (NetworkMemberSheet, partners),
                           (VillageSheet, villages), (TeamSheet, teams), (TeamMemberSheet, members),
                           (TeamActivitySheet, activities)):
        result = import_records(sheet(admin), records, acting_user=admin)
        if not result.ok:
            raise RuntimeError(f"Dữ liệu mẫu {sheet.kind} lỗi: {result.errors[:3]}")


# Lào Cai adapts the province template to 2026 (new deadlines), issues it and reports on a few tasks.
DEMO_DEADLINES = {"1.1": "Quý II/2026", "1.2": "Quý IV/2026", "2.1": "Trong năm 2026", "2.4": "Quý III/2026",
                  "6": "Hoàn thành thiết lập mạng lưới chuyển đổi số trong năm 2026"}
DEMO_REPORTS = [  # (task code, status, progress, text, document number, document date)
    ("1.1", "done", None, "Đã rà soát, trình Ủy ban nhân dân tỉnh quyết định bổ sung chức năng, nhiệm vụ.",
     "45/QĐ-UBND", datetime.date(2026, 4, 20)),
    ("2.1", "doing", 60, "Đã đánh giá hiện trạng tổ chức bộ máy; đang xây dựng đề án kiện toàn.", "", None),
    ("3", "doing", 40, "Đã triển khai nền tảng học trực tuyến mở đại trà cho cán bộ các sở.", "", None),
]


def _load_plans() -> None:
    from dxnet.plans.models import Plan, PlanTemplate, Task
    from dxnet.plans.services import do_create_plan, do_issue_plan, do_record_update, do_save_task

    coordinator = User.objects.get(username="dieuphoi.laocai")
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    template = PlanTemplate.objects.get(code="ke-hoach-tinh-1690")
    if not Plan.objects.filter(agency=lao_cai, template=template, year=2026).exists():
        plan = do_create_plan(template, lao_cai, 2026, acting_user=coordinator)
        for task in plan.tasks.filter(code__in=DEMO_DEADLINES):
            do_save_task(task, acting_user=coordinator, deadline_text=DEMO_DEADLINES[task.code])
        do_issue_plan(plan, acting_user=coordinator, number="125/KH-UBND", issued_on=datetime.date(2026, 3, 5),
                      place="Lào Cai", signer_title="KT. CHỦ TỊCH/PHÓ CHỦ TỊCH", signer_name="Nguyễn Thành Sinh")
        for code, status, progress, text, number, day in DEMO_REPORTS:
            do_record_update(Task.objects.get(plan=plan, code=code), acting_user=coordinator, text=text,
                             status=status, progress=progress, document_number=number, document_date=day)
    hanoi = User.objects.get(username="dieuphoi.hanoi")
    appendix = PlanTemplate.objects.get(code="phu-luc-i-cds-cap-tinh")
    if not Plan.objects.filter(agency=hanoi.agency, template=appendix, year=2026).exists():
        do_create_plan(appendix, hanoi.agency, 2026, acting_user=hanoi)


def _load_milestones(admin) -> None:
    """The steering committees, resolutions and 2022 plans of seed 003, through the import path."""
    from dxnet.monitoring.services import SEED_003_CSV
    from dxnet.monitoring.sheets import MilestoneSheet

    with SEED_003_CSV.open("rb") as upload:
        result = import_file(MilestoneSheet(admin), upload, acting_user=admin)
    if not result.ok:
        raise RuntimeError(f"Dữ liệu mẫu về mốc có lỗi: {result.errors[:3]}")


def _load_round(admin) -> None:
    """The 2026 yearly assessment asked of every province; Lào Cai has sent its report."""
    from dxnet.reporting.models import ReportForm, ReportRound
    from dxnet.reporting.services import do_create_round, do_save_answers, do_submit, recipients_of

    if ReportRound.objects.filter(title="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026").exists():
        return
    round_ = do_create_round(
        ReportForm.objects.get(code="annual-assessment"), acting_user=admin, agency=admin.agency,
        title="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026", period="Năm 2026", year=2026,
        due_date=datetime.date(2026, 11, 30),
        recipients=list(recipients_of("provinces", admin.agency, datetime.date(2026, 11, 1))))
    lao_cai = round_.submissions.get(agency__code="ubnd-tinh-15")
    coordinator = User.objects.get(username="dieuphoi.laocai")
    answers = {spec["code"]: "Đã triển khai theo kế hoạch; chi tiết tại các văn bản kèm theo."
               for spec in round_.form.fields if spec["type"] == "text" and spec.get("required")}
    do_save_answers(lao_cai, answers, acting_user=coordinator)
    do_submit(lao_cai, acting_user=coordinator)


def _load_inspection(admin) -> None:
    """One inspection in Lào Cai (seed 000's "Kiểm tra việc thực hiện Đề án"): the province and a commune inspected
    with the six questions answered, a conclusion, recommendations turned into tasks: the province's still open,
    the commune's done (so the commune is closed)."""
    from dxnet.inspections import services
    from dxnet.inspections.models import Inspection, checklist
    from dxnet.people.models import Person
    from dxnet.plans.services import do_record_update

    title = "Đoàn kiểm tra việc thực hiện Đề án 1690 tại tỉnh Lào Cai năm 2026"
    if Inspection.objects.filter(title=title).exists():
        return
    lao_cai, commune = Agency.objects.get(code="ubnd-tinh-15"), _first_commune_pc("15")
    inspection = services.do_create_inspection(
        acting_user=admin, agency=admin.agency, title=title, starts_on=datetime.date(2026, 9, 14),
        ends_on=datetime.date(2026, 9, 18), inspected=[lao_cai, commune],
        members=list(Person.objects.filter(agency__path__startswith=lao_cai.path).order_by("pk")[:2]),
        conclusion_number="45/TB-CĐSQG", conclusion_date=datetime.date(2026, 10, 2))
    answers = {
        "complete": "Đã ban hành kế hoạch triển khai Đề án; còn một số xã chưa kiện toàn đầu mối chuyển đổi số.",
        "correct": "Các nhiệm vụ triển khai đúng nội dung Đề án; báo cáo định kỳ đôi khi chậm.",
        "obstacles": "Thiếu biên chế chuyên trách; kinh phí bồi dưỡng hạn chế; hạ tầng mạng ở vùng cao chưa ổn định.",
        "advantages": "Sự chỉ đạo sát sao của Ban Chỉ đạo tỉnh; Tổ công nghệ số cộng đồng hoạt động tích cực.",
        "initiatives": "Tổ chức “Ngày chuyển đổi số” hằng tháng tại thôn, bản.",
        "proposals": "Bổ sung biên chế, kinh phí bồi dưỡng; hỗ trợ thiết bị cho Tổ công nghệ số cộng đồng.",
    }
    findings = {code: answers.get(code, "Đã trao đổi tại buổi làm việc.") for code, _ in checklist()}
    province_row, commune_row = (inspection.targets.get(agency=lao_cai), inspection.targets.get(agency=commune))
    services.do_record_findings(province_row, acting_user=admin, inspected_on=datetime.date(2026, 9, 15),
                                findings=findings)
    services.do_record_findings(commune_row, acting_user=admin, inspected_on=datetime.date(2026, 9, 17),
                                findings=findings)
    services.do_add_followups(province_row, acting_user=admin, items=[
        {"text": "Rà soát, kiện toàn đầu mối chuyển đổi số ở các xã còn thiếu", "deadline_text": "31/12/2026"}])
    [done] = services.do_add_followups(commune_row, acting_user=admin, items=[
        {"text": "Cập nhật danh sách thành viên Tổ công nghệ số cộng đồng", "deadline_text": "30/11/2026"}])
    do_record_update(done.task, acting_user=User.objects.get(username="daumoi.xa.laocai"),
                     text="Đã cập nhật danh sách thành viên Tổ", status="done", progress=100)


# Lào Cai's steering committee: four meetings in 2026 (heads present at the first and the last quarterly sessions,
# a deputy delegating at the second), two notices of conclusions whose assignments became tasks.
DEMO_MEETINGS = [  # (date, kind, agenda, attendance by seat: P present, D delegated, A absent)
    (datetime.date(2026, 3, 25), "quarterly", "Đánh giá kết quả chuyển đổi số quý I/2026; nhiệm vụ quý II", "PPPA"),
    (datetime.date(2026, 6, 24), "quarterly", "Sơ kết 6 tháng đầu năm 2026", "PDAP"),
    (datetime.date(2026, 8, 12), "ad-hoc", "Chuẩn bị vận hành chính quyền địa phương hai cấp trên nền tảng số", "PPAP"),
    (datetime.date(2026, 9, 29), "quarterly", "Đánh giá kết quả quý III/2026", "PPPP"),
]
DEMO_CONCLUSIONS = {  # meeting index → (number, date, text, [(item, lead code, deadline)])
    0: ("52/TB-UBND", datetime.date(2026, 3, 30), "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp quý I/2026.",
        [("Hoàn thành kết nối hệ thống thông tin giải quyết thủ tục hành chính với các xã", "skhcn-tinh-15",
          "Quý II/2026"),
         ("Rà soát, bố trí đầu mối chuyển đổi số ở các xã còn thiếu", "skhcn-tinh-15", "30/6/2026")]),
    3: ("168/TB-UBND", datetime.date(2026, 10, 5), "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp quý III/2026.",
        [("Tổ chức bồi dưỡng kỹ năng số cho Tổ công nghệ số cộng đồng các xã vùng cao", "skhcn-tinh-15",
          "Quý IV/2026")]),
}


def _load_steering(admin) -> None:
    """Lào Cai's steering committee, its members, four meetings with attendance and conclusions, all through the
    services; loading twice changes nothing."""
    from dxnet.people.models import Person
    from dxnet.people.services import do_save_person
    from dxnet.steering import services
    from dxnet.steering.models import Meeting, SteeringCommittee

    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    if SteeringCommittee.objects.filter(agency=lao_cai).exists():
        return
    coordinator = User.objects.get(username="dieuphoi.laocai")
    committee = services.do_establish_committee(
        SteeringCommittee(), acting_user=coordinator, agency=lao_cai,
        name="Ban Chỉ đạo chuyển đổi số tỉnh Lào Cai", decision_number="86/QĐ-UBND",
        decision_date=datetime.date(2026, 1, 15))
    chair = do_save_person(Person(), acting_user=coordinator, agency=lao_cai, full_name="Nguyễn Thành Sinh",
                           position="Phó Chủ tịch Ủy ban nhân dân tỉnh", phone="0912150900")
    seats = [services.do_add_member(committee, chair, role="chair", is_agency_head=True, acting_user=coordinator)]
    department = list(Person.objects.filter(agency__code="skhcn-tinh-15").order_by("pk")[:2])
    seats.append(services.do_add_member(committee, department[0], role="deputy", is_agency_head=True,
                                        acting_user=coordinator))
    commune = Person.objects.filter(agency=_first_commune_pc("15")).order_by("pk").first()
    seats.append(services.do_add_member(committee, commune, role="member", is_agency_head=True,
                                        acting_user=coordinator))
    seats.append(services.do_add_member(committee, department[1], role="secretary", acting_user=coordinator))
    status = {"P": "present", "D": "delegated", "A": "absent"}
    for index, (day, kind, agenda, marks) in enumerate(DEMO_MEETINGS):
        attendance = [{"member": seat, "status": status[mark],
                       "delegate": "Phó Giám đốc Sở Khoa học và Công nghệ" if mark == "D" else ""}
                      for seat, mark in zip(seats, marks, strict=True)]
        meeting = services.do_schedule_meeting(Meeting(), acting_user=coordinator, committee=committee, date=day,
                                               kind=kind, agenda=agenda, attendance=attendance)
        if index in DEMO_CONCLUSIONS:
            number, date, text, items = DEMO_CONCLUSIONS[index]
            services.do_record_conclusions(meeting, acting_user=coordinator, number=number, date=date, text=text,
                                           items=[{"text": item, "lead": Agency.objects.get(code=code),
                                                   "deadline_text": deadline} for item, code, deadline in items])


DEMO_STORIES = [  # (author, agency code or None for the author's own, area, title, day, link, published by)
    ("daumoi.xa.laocai", None, "xa-hoi-so", "Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt VNeID tại thôn",
     datetime.date(2025, 9, 12), "https://laocai.gov.vn/to-cong-nghe-so-cong-dong", "dieuphoi.laocai"),
    ("daumoi.laocai", None, "kinh-te-so", "Đưa nông sản đặc sản Lào Cai lên sàn thương mại điện tử",
     datetime.date(2025, 11, 3), "https://laocai.gov.vn/nong-san-len-san", "dieuphoi.laocai"),
    ("dieuphoi.laocai", "ubnd-tinh-15", "chinh-quyen-so", "Họp không giấy tờ tại Ủy ban nhân dân tỉnh",
     datetime.date(2026, 3, 20), "", None),
    ("daumoi.xa.hanoi", None, "chinh-quyen-so", "Bộ phận một cửa không giấy tờ cấp xã",
     datetime.date(2025, 10, 1), "https://hanoi.gov.vn/mot-cua-khong-giay", "dieuphoi.hanoi"),
    ("dieuphoi.hanoi", "ubnd-tinh-01", "xa-hoi-so", "Bình dân học vụ số cho người cao tuổi",
     datetime.date(2026, 5, 15), "", None),
]


def _load_stories(admin) -> None:
    """A provincial platform of Lào Cai and success stories in Lào Cai and Hà Nội (some published), through the
    services; loading twice changes nothing."""
    from dxnet.platforms.models import SharedPlatform
    from dxnet.platforms.services import do_save_platform
    from dxnet.stories.models import StoryArea, SuccessStory
    from dxnet.stories.services import do_publish_story, do_save_story

    if not SharedPlatform.objects.filter(province__key="tinh-15").exists():
        do_save_platform(SharedPlatform(), acting_user=User.objects.get(username="dieuphoi.laocai"),
                         name="Nền tảng tổng hợp, phân tích dữ liệu tỉnh Lào Cai", address="data.laocai.gov.vn",
                         owner=Agency.objects.get(code="skhcn-tinh-15"), valid_from=datetime.date(2025, 7, 1))
    for author, agency_code, area, title, day, link, publisher in DEMO_STORIES:
        if SuccessStory.objects.filter(title=title).exists():
            continue
        user = User.objects.get(username=author)
        story = do_save_story(SuccessStory(), acting_user=user, title=title, date=day, link=link,
                              area=StoryArea.objects.get(code=area),
                              agency=Agency.objects.get(code=agency_code) if agency_code else user.agency,
                              summary=f"{title}: mô hình được ghi nhận và nhân rộng.")
        if publisher:
            do_publish_story(story, acting_user=User.objects.get(username=publisher))


# (province code, coordinator, plan number, approved on, sessions: (course code, start, end, online or place, scores))
# Lào Cai approves in time and has held its classes; Hà Nội approves late (after 30 March).
DEMO_TRAINING = [
    ("15", "dieuphoi.laocai", "35/KH-UBND", datetime.date(2026, 3, 25), [
        ("mooc-can-bo-01", datetime.date(2026, 5, 11), datetime.date(2026, 5, 15), "", [(5, 92), (4, 85), (4, 78)]),
        ("lao-cai-ky-nang-so-vung-cao", datetime.date(2026, 8, 18), datetime.date(2026, 8, 19),
         "Hội trường Sở Khoa học và Công nghệ tỉnh Lào Cai", [(5, 88), (3, 64)]),
        ("mooc-nguoi-dan-01", datetime.date(2026, 9, 8), datetime.date(2026, 9, 8), "Nhà văn hóa thôn Cốc Lếu", [])]),
    ("01", "dieuphoi.hanoi", "118/KH-UBND", datetime.date(2026, 4, 8), [
        ("mooc-can-bo-02", datetime.date(2026, 6, 1), datetime.date(2026, 6, 5), "", [(4, 81), (2, 55), (5, 95)])]),
]


def _load_training(admin) -> None:
    """Lào Cai's own course, the 2026 training plans of Lào Cai (in time) and Hà Nội (approved late), their classes
    and participants with scores, the participants imported like a user's file; loading twice changes nothing."""
    from dxnet.people.models import Person
    from dxnet.training import services
    from dxnet.training.models import Course, TrainingPlan, TrainingSession
    from dxnet.training.sheets import TrainingSheet

    if not Course.objects.filter(code="lao-cai-ky-nang-so-vung-cao").exists():
        services.do_save_course(Course(), acting_user=User.objects.get(username="dieuphoi.laocai"),
                                code="lao-cai-ky-nang-so-vung-cao", title="Kỹ năng số cho cán bộ cấp xã vùng cao",
                                audience=Course.Audience.OFFICIALS, form=Course.Form.IN_PERSON, hours=16,
                                provider="Sở Khoa học và Công nghệ tỉnh Lào Cai",
                                agency=Agency.objects.get(code="skhcn-tinh-15"))
    for province_code, username, number, approved_on, classes in DEMO_TRAINING:
        coordinator = User.objects.get(username=username)
        pc = Agency.objects.get(code=f"ubnd-tinh-{province_code}")
        if TrainingPlan.objects.filter(agency=pc, year=2026).exists():
            continue
        plan = services.do_save_plan(TrainingPlan(), acting_user=coordinator, agency=pc, year=2026,
                                     document_number=number, document_date=approved_on, approved_on=approved_on)
        people = list(Person.objects.filter(agency__path__startswith=pc.path).select_related("agency").order_by("pk"))
        rows = []
        for course_code, starts_on, ends_on, place, scores in classes:
            course = Course.objects.get(code=course_code)
            session = services.do_save_session(
                TrainingSession(), acting_user=coordinator, plan=plan, course=course, starts_on=starts_on,
                ends_on=ends_on, online=not place, place=place, planned_participants=max(len(scores), 30),
                citizens_headcount=45 if course.audience == Course.Audience.CITIZENS else None)
            rows += [{"agency": person.agency.code, "phone": person.phone, "session": session.pk,
                      "completed_on": ends_on, "evaluation": evaluation, "post_test": post_test}
                     for person, (evaluation, post_test) in zip(people, scores, strict=False)]
        result = import_records(TrainingSheet(coordinator), rows, acting_user=coordinator)
        if not result.ok:
            raise RuntimeError(f"Dữ liệu mẫu bồi dưỡng lỗi: {result.errors[:3]}")


DEMO_OBSTACLES = [  # (raiser, days ago, category, title, description, what happens: [(step, actor, text, days ago)])
    ("daumoi.xa.laocai", 3, "kinh-phi", "Thiếu kinh phí duy trì hoạt động Tổ công nghệ số cộng đồng",
     "Xã chưa được bố trí kinh phí cho 12 Tổ công nghệ số cộng đồng (điện thoại, 4G, tập huấn).", []),
    ("daumoi.xa.laocai", 45, "bien-che-vtvl", "Chưa có hướng dẫn vị trí việc làm chuyên trách chuyển đổi số cấp xã",
     "Đề nghị hướng dẫn bố trí công chức phụ trách chuyển đổi số trong vị trí việc làm của xã.", []),
    ("daumoi.xa.laocai", 20, "nen-tang-ha-tang", "Trụ sở xã chưa có đường truyền cáp quang",
     "Trụ sở và 3 thôn vùng cao chưa có cáp quang; dịch vụ công trực tuyến phải dùng 4G.",
     [("escalate", "daumoi.laocai", "Cần làm việc với doanh nghiệp viễn thông ở cấp quốc gia.", 12)]),
    ("daumoi.xa.laocai", 25, "du-lieu", "Khai thác dữ liệu dân cư cho nghiệp vụ của xã",
     "Xã có được khai thác Cơ sở dữ liệu quốc gia về dân cư để rà soát đối tượng chính sách không?",
     [("answer", "daumoi.laocai", "Được, qua tài khoản khai thác do Công an tỉnh cấp; Sở hướng dẫn thủ tục đăng ký "
       "tại văn bản gửi kèm.", 18), ("publish", "daumoi.laocai", "", 17)]),
    ("daumoi.xa.laocai", 30, "dao-tao", "Tài liệu bồi dưỡng kỹ năng số cho Tổ công nghệ số cộng đồng",
     "Đề nghị cung cấp tài liệu bồi dưỡng bằng tiếng dân tộc.",
     [("answer", "dieuphoi.laocai", "Tài liệu đã đăng trên nền tảng học trực tuyến mở đại trà (OneTouch).", 20),
      ("accept", "daumoi.xa.laocai", "", 19)]),
    ("dieuphoi.hanoi", 40, "co-che-chinh-sach", "Cơ chế chi trả thù lao cho thành viên Tổ công nghệ số cộng đồng",
     "Chưa có văn bản quy định mức chi thù lao cho thành viên Tổ công nghệ số cộng đồng.",
     [("beyond", "quantri", "Cần Chính phủ ban hành cơ chế chi.", 30)]),
    ("daumoi.xa.hanoi", 50, "an-toan-thong-tin", "Máy tính một cửa của xã chưa có phần mềm phòng chống mã độc",
     "Đề nghị hướng dẫn trang bị phần mềm phòng chống mã độc cho máy tính bộ phận một cửa.",
     [("answer", "dieuphoi.hanoi", "Sử dụng phần mềm do Sở cấp bản quyền tập trung.", 40), ("close", None, "", 0)]),
    ("daumoi.xa.hanoi", 15, "to-chuc-bo-may", "Sáp nhập Tổ công nghệ số cộng đồng sau khi sắp xếp thôn",
     "Sau sắp xếp thôn, các Tổ công nghệ số cộng đồng có phải thành lập lại không?",
     [("escalate", "dieuphoi.hanoi", "Cần hướng dẫn chung toàn quốc.", 10),
      ("answer", "quantri", "Không thành lập lại; kiện toàn thành viên theo thôn mới.", 5)]),
]


# (province, agency code or "" for the commune, name, level, approved on, public-facing, days since last assessment)
DEMO_SYSTEMS = [
    ("15", "ubnd-tinh-15", "Cổng thông tin điện tử tỉnh Lào Cai", 3, datetime.date(2024, 5, 20), True, 100),
    ("15", "ubnd-tinh-15", "Hệ thống quản lý văn bản và điều hành", 3, datetime.date(2024, 6, 10), False, 60),
    ("15", "ubnd-tinh-15", "Hệ thống thư điện tử công vụ", 1, datetime.date(2024, 3, 1), False, 500),
    ("15", "skhcn-tinh-15", "Trung tâm dữ liệu tỉnh", 4, datetime.date(2024, 6, 25), False, 30),
    ("15", "skhcn-tinh-15", "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", 4, datetime.date(2024, 6, 25), False, 90),
    # The one overdue assessment: level 5 is assessed every 6 months.
    ("15", "skhcn-tinh-15", "Hệ thống giám sát an toàn thông tin (SOC)", 5, datetime.date(2024, 6, 28), False, 250),
    ("15", "demo-15-1", "Phần mềm quản lý tài chính, ngân sách", 2, datetime.date(2024, 4, 1), False, 400),
    ("15", "", "Trang thông tin điện tử xã", 1, datetime.date(2024, 6, 15), True, 300),
    ("15", "", "Hệ thống một cửa điện tử xã", 2, datetime.date(2024, 6, 15), False, 100),
    ("01", "ubnd-tinh-01", "Cổng thông tin điện tử thành phố Hà Nội", 3, datetime.date(2024, 5, 10), True, 120),
    ("01", "ubnd-tinh-01", "Hệ thống thông tin giải quyết thủ tục hành chính", 4, datetime.date(2024, 6, 20), False,
     45),
    ("01", "ubnd-tinh-01", "Hệ thống kết nối cơ sở dữ liệu dân cư", 5, datetime.date(2024, 6, 28), False, 40),
    ("01", "demo-01-1", "Phần mềm quản lý tài chính, ngân sách", 2, datetime.date(2024, 8, 1), False, 200),
    ("01", "", "Hệ thống một cửa điện tử phường", 2, datetime.date(2024, 6, 1), False, 150),
    # Not approved yet: Hà Nội does not reach the milestone “security-dossiers”, Lào Cai does.
    ("01", "demo-01-3", "Trang thông tin điện tử Sở Giáo dục và Đào tạo", 1, None, True, None),
]


def _load_infosec(admin) -> None:
    """Information systems at every level in Lào Cai (all approved: its milestone derives) and Hà Nội (one dossier
    waiting), recent assessments but one overdue, trust labels on the portals, a live-fire drill in Lào Cai and a
    tabletop one in Hà Nội, all through the services; days count back from today so the picture stays the same."""
    from django.utils import timezone

    from dxnet.infosec import services
    from dxnet.infosec.models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

    if InformationSystem.objects.filter(agency__code__in=["ubnd-tinh-15", "ubnd-tinh-01"]).exists():
        return
    today = timezone.localdate()
    users = {"15": User.objects.get(username="dieuphoi.laocai"), "01": User.objects.get(username="dieuphoi.hanoi")}
    systems = {}
    for province, code, name, level, approved_on, public, assessed_days in DEMO_SYSTEMS:
        user = users[province]
        agency = Agency.objects.get(code=code) if code else _first_commune_pc(province)
        system = services.do_register_system(
            InformationSystem(), acting_user=user, agency=agency, name=name, public_facing=public,
            purpose="Phục vụ chỉ đạo, điều hành và cung cấp thông tin, dịch vụ cho người dân, doanh nghiệp.",
            operator="Trung tâm Công nghệ thông tin và truyền thông", hosting="Trung tâm dữ liệu tỉnh",
            url=f"https://{'laocai' if province == '15' else 'hanoi'}.gov.vn/" if public else "",
            proposed_level=level, valid_from=datetime.date(2024, 1, 2))
        if approved_on:
            system = services.do_approve_level(
                system, acting_user=user, approved_level=level, dossier_date=approved_on,
                dossier_number=f"{100 + len(systems)}/QĐ-UBND", dossier_approver=agency.name)
            system = services.do_update_system(system, acting_user=user,
                                               protection_implemented_on=approved_on + datetime.timedelta(days=90))
        if assessed_days is not None:
            services.do_record_assessment(
                SecurityAssessment(), acting_user=user, system=system,
                assessed_on=today - datetime.timedelta(days=assessed_days),
                assessor="Trung tâm Giám sát an toàn không gian mạng quốc gia", result="passed")
        if public and approved_on:
            issued = today - datetime.timedelta(days=200)
            services.do_record_trust_label(TrustLabel(), acting_user=user, system=system,
                                           number=f"TNM-{province}-{len(systems) + 1:03d}", issued_on=issued,
                                           expires_on=issued + datetime.timedelta(days=730))
        systems[name] = system
    drill_day = min(today, max(today.replace(month=1, day=2), today - datetime.timedelta(days=30)))
    services.do_record_drill(
        SecurityDrill(), acting_user=users["15"], agency=Agency.objects.get(code="ubnd-tinh-15"), date=drill_day,
        live_fire=True, scenario="Tấn công mã độc tống tiền vào Trung tâm dữ liệu tỉnh và cổng thông tin điện tử",
        result="Phát hiện, cô lập trong 45 phút; khôi phục dữ liệu từ bản sao lưu.",
        systems=[systems["Trung tâm dữ liệu tỉnh"], systems["Cổng thông tin điện tử tỉnh Lào Cai"],
                 systems["Hệ thống giám sát an toàn thông tin (SOC)"]])
    services.do_record_drill(
        SecurityDrill(), acting_user=users["01"], agency=Agency.objects.get(code="ubnd-tinh-01"), date=drill_day,
        live_fire=False, scenario="Diễn tập trên bàn: lộ lọt dữ liệu hồ sơ thủ tục hành chính")


def _load_obstacles(admin) -> None:
    """Obstacles in Lào Cai and Hà Nội in every status, one escalated to national and one beyond authority, all
    through the services (loaded once: nothing is added when obstacles exist)."""
    from django.utils import timezone

    from dxnet.obstacles import services
    from dxnet.obstacles.models import Category, Obstacle

    if Obstacle.objects.exists():
        return
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=[
        "quantri", "dieuphoi.laocai", "daumoi.laocai", "daumoi.xa.laocai", "dieuphoi.hanoi", "daumoi.xa.hanoi"])}
    for raiser, ago, category, title, description, steps in DEMO_OBSTACLES:
        obstacle = services.do_raise_obstacle(acting_user=users[raiser], title=title, description=description,
                                              category=Category.objects.get(code=category),
                                              today=today - datetime.timedelta(days=ago))
        for step, actor, text, days in steps:
            day = today - datetime.timedelta(days=days)
            user = users.get(actor)
            if step == "escalate":
                services.do_escalate(obstacle, acting_user=user, reason=text, today=day)
            elif step == "answer":
                services.do_answer(obstacle, acting_user=user, answer=text, today=day)
            elif step == "publish":
                services.do_publish_faq(obstacle, acting_user=user, today=day)
            elif step == "accept":
                services.do_accept_answer(obstacle, acting_user=user, today=day)
            elif step == "beyond":
                services.do_mark_beyond_authority(obstacle, acting_user=user, reason=text)
            elif step == "close":
                services.do_close_answered(today)
