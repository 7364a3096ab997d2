"""Generated steering committees for `dxnet generate`: one per province (most of them) and per ministry, each with
members, a session a month since its decision plus some ad-hoc ones, attendance, and conclusions after the
quarterly sessions. The committee's decision derives the `steering-committee` milestone, as the service does."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType

from dxnet.agencies.models import Agency
from dxnet.core.text import fold
from dxnet.monitoring.models import Milestone, MilestoneKind
from dxnet.people.models import Person

from .models import Attendance, CommitteeMember, Conclusion, Meeting, SteeringCommittee

BATCH = 5000
FIRST_DECISION = datetime.date(2024, 1, 15)


def _monthly(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    days, year, month = [], start.year, start.month
    while (day := datetime.date(year, month, 20)) <= today:
        if day >= start:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _staff(body: Agency, names, phones) -> list[Person]:
    """The people of the body and of its direct units; a ministry without any gets a few."""
    people = list(Person.objects.filter(agency__parent=body).order_by("pk")[:40])
    own = list(Person.objects.filter(agency=body).order_by("pk")[:5])
    if not own:
        fresh = [Person(agency=body, full_name=name, phone=phones(), search_name=fold(name))
                 for name in (names() for _ in range(8))]
        own = Person.objects.bulk_create(fresh)
    return own + people


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date, names, phones, *,
             ministries: bool = True) -> dict[str, int]:
    """`names()` and `phones()` give a new person's name and phone (the generator's own sequences); `ministries`:
    the ministries' committees too (a national run)."""
    ministries = list(Agency.objects.ministry_level().filter(valid_to__isnull=True).order_by("code")
                      if ministries else [])
    bodies = [body for body in [pc for pc in provinces if rng.random() < 0.92] + ministries
              if not body.steering_committees.exists()]  # a part run again for more provinces adds none twice
    committees, members, meetings, attendance, conclusions = [], [], [], [], []
    for body in bodies:
        decided = FIRST_DECISION + datetime.timedelta(days=rng.randint(0, 500))
        staff = _staff(body, names, phones)
        committee = SteeringCommittee(agency=body, name=f"Ban Chỉ đạo chuyển đổi số — {body.name}",
                                      decision_number=f"{rng.randint(1, 3000)}/QĐ", decision_date=decided,
                                      valid_from=decided, chair=staff[0])
        committees.append((committee, staff, decided))
    SteeringCommittee.objects.bulk_create([c for c, _, _ in committees], batch_size=BATCH)
    for committee, staff, _ in committees:
        chosen = [staff[0], *rng.sample(staff[1:], min(len(staff) - 1, rng.randint(6, 12)))]
        for index, person in enumerate(chosen):
            role = CommitteeMember.Role.CHAIR if index == 0 else CommitteeMember.Role.MEMBER
            members.append(CommitteeMember(committee=committee, person=person, role=role,
                                           is_agency_head=index == 0 or rng.random() < 0.6))
    CommitteeMember.objects.bulk_create(members, batch_size=BATCH)
    by_committee: dict[int, list[CommitteeMember]] = {}
    for member in members:
        by_committee.setdefault(member.committee_id, []).append(member)
    for committee, _, decided in committees:
        for day in _monthly(decided, today):
            kind = Meeting.Kind.QUARTERLY if day.month in (3, 6, 9, 12) else Meeting.Kind.MONTHLY
            meetings.append(Meeting(committee=committee, date=day, kind=kind, agenda="Đánh giá kết quả chuyển đổi số"))
            if rng.random() < 0.1:
                meetings.append(Meeting(committee=committee, date=day - datetime.timedelta(days=rng.randint(1, 15)),
                                        kind=Meeting.Kind.AD_HOC, agenda="Xử lý vướng mắc phát sinh"))
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    statuses = [Attendance.Status.PRESENT] * 7 + [Attendance.Status.DELEGATED] * 2 + [Attendance.Status.ABSENT]
    for meeting in meetings:
        for member in by_committee[meeting.committee_id]:
            status = rng.choice(statuses)
            attendance.append(Attendance(meeting=meeting, member=member, status=status,
                                         delegate="Phó Giám đốc" if status == Attendance.Status.DELEGATED else ""))
        if meeting.kind == Meeting.Kind.QUARTERLY:
            conclusions.append(Conclusion(meeting=meeting, number=f"{rng.randint(1, 900)}/TB",
                                          date=min(today, meeting.date + datetime.timedelta(days=7)),
                                          text="Các cơ quan tập trung hoàn thành nhiệm vụ chuyển đổi số của quý."))
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    Conclusion.objects.bulk_create(conclusions, batch_size=BATCH)
    kind, source = MilestoneKind.objects.get(code="steering-committee"), ContentType.objects.get_for_model(
        SteeringCommittee)
    Milestone.objects.bulk_create([
        Milestone(agency=c.agency, kind=kind, achieved_on=decided, document_date=decided, issuer=c.agency.name,
                  document=f"{c.decision}: thành lập {c.name}", source_type=source, source_id=c.pk)
        for c, _, decided in committees], batch_size=BATCH)
    return {"Ban Chỉ đạo": len(committees), "phiên họp": len(meetings), "thành viên Ban Chỉ đạo": len(members),
            "lượt tham dự": len(attendance), "thông báo kết luận": len(conclusions)}
