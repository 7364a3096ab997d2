"""Plausible training data at national scale, for benchmarks: each province's plans of last year and this year
(most approved before 30 March, a tail late or missing), their sessions on the catalogue's courses, and some 200,000
participations of the registry's people, completed with scores when the session has ended. Bulk inserts, no audit:
nobody did them."""

import datetime
import random

from dxnet.agencies.models import Agency
from dxnet.people.models import Person

from .models import Course, TrainingPlan, TrainingRecord, TrainingSession

BATCH = 5000
PLACES = ["Hội trường Ủy ban nhân dân tỉnh", "Trường Chính trị tỉnh", "Trung tâm Hội nghị tỉnh",
          "Hội trường Sở Khoa học và Công nghệ"]


def _approval(rng: random.Random, year: int, today: datetime.date) -> datetime.date | None:
    draw = rng.random()
    if draw < 0.75:
        day = datetime.date(year, 1, 5) + datetime.timedelta(days=rng.randint(0, 83))  # by 29/3
    elif draw < 0.92:
        day = datetime.date(year, 3, 31) + datetime.timedelta(days=rng.randint(0, 90))  # late
    else:
        return None
    return day if day <= today else None


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date,
             participations: int = 200_000) -> dict[str, int]:
    """Rows for `provinces` (provincial People's Committees) over last year and this one; `participations` is the
    national total, shared evenly."""
    courses = list(Course.objects.order_by("code"))
    years = [today.year - 1, today.year]
    plans, sessions, records, written = [], [], [], 0
    people_of = {pc.pk: list(Person.objects.filter(agency__path__startswith=pc.path)
                             .values_list("pk", "agency_id")) for pc in provinces}
    for pc in provinces:
        for year in years:
            approved = _approval(rng, year, today)
            plans.append(TrainingPlan(agency=pc, year=year, approved_on=approved,
                                      document_number=f"{rng.randint(1, 400)}/KH-UBND" if approved else "",
                                      document_date=approved))
    TrainingPlan.objects.bulk_create(plans, batch_size=BATCH)
    share = max(1, participations // max(1, len(plans)))
    session_people: list[tuple[TrainingSession, list[tuple[int, int]]]] = []
    for plan in plans:
        people = people_of[plan.agency_id]
        if not people or not courses:
            continue
        used, seated = set(), 0
        while seated < share:
            course = rng.choice(courses)
            start = datetime.date(plan.year, 4, 1) + datetime.timedelta(days=rng.randint(0, 235))
            end = start + datetime.timedelta(days=rng.randint(0, 4))
            if (course.pk, end) in used:
                continue
            used.add((course.pk, end))
            size = min(len(people), rng.randint(20, 60), share - seated)
            online = course.form == Course.Form.ONLINE
            session = TrainingSession(plan=plan, course=course, starts_on=start, ends_on=end, online=online,
                                      place="" if online else rng.choice(PLACES), organiser_id=plan.agency_id,
                                      planned_participants=size + rng.randint(0, 10),
                                      citizens_headcount=rng.randint(50, 400)
                                      if course.audience == Course.Audience.CITIZENS else None)
            sessions.append(session)
            session_people.append((session, rng.sample(people, size)))
            seated += size
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    for session, chosen in session_people:
        ended = session.ends_on <= today
        for person_id, agency_id in chosen:
            completed = ended and rng.random() < 0.93
            records.append(TrainingRecord(
                agency_id=agency_id, person_id=person_id, session=session, hours=session.course.hours,
                completed_on=session.ends_on if completed else None,
                evaluation=rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0] if completed else None,
                post_test=min(100, max(0, round(rng.gauss(78, 12)))) if completed else None))
        if len(records) >= BATCH:
            TrainingRecord.objects.bulk_create(records, batch_size=BATCH)
            written, records = written + len(records), []
    TrainingRecord.objects.bulk_create(records, batch_size=BATCH)
    return {"kế hoạch bồi dưỡng": len(plans), "lớp bồi dưỡng": len(sessions),
            "lượt tham gia bồi dưỡng": written + len(records)}
