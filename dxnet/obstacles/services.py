"""Every write on obstacles: raise, answer, escalate, mark beyond authority, accept, close, publish as FAQ."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dxnet.accounts.models import Role
from dxnet.core import audit
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.scoping import scope_of
from dxnet.core.text import fold
from dxnet.notifications.models import Kind as NoticeKind
from dxnet.notifications.services import do_notify, users_acting_for

from . import calendar, routing
from .models import Category, FaqEntry, HistoryEntry, Level, Obstacle

CATEGORIES_CSV = Path(__file__).parent / "data" / "categories.csv"
AUTO_CLOSE_DAYS = 30
DEFAULT_SLA_DAYS = 15


def load_categories(*, acting_user=None) -> tuple[int, int]:
    rows = [{"code": r["code"], "name": r["name"], "order": int(r["order"])} for r in read_csv(CATEGORIES_CSV)]
    return upsert(Category, rows, key="code", actor=acting_user)


def sla_days(level: str) -> int:
    """Working days a level has to answer: settings.OBSTACLE_SLA_DAYS[level], 15 by default."""
    return getattr(settings, "OBSTACLE_SLA_DAYS", {}).get(level, DEFAULT_SLA_DAYS)


def _today() -> datetime.date:
    return timezone.localdate()


# --- who may do what -------------------------------------------------------------------------------------------

def may_raise(user) -> bool:
    return bool(user.is_authenticated and user.agency_id and user.role != Role.VIEWER)


def may_handle(obstacle: Obstacle, user) -> bool:
    """The handler's people: coordinators whose scope covers the handler and its focal points; at national level
    the national administrators (and the coordinators of Cục Chuyển đổi số quốc gia)."""
    if obstacle.level == Level.NATIONAL and user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role == Role.COORDINATOR:
        return scope_of(user).covers(obstacle.handler.path)
    return user.role == Role.FOCAL_POINT and user.agency_id == obstacle.handler_id


def may_accept(obstacle: Obstacle, user) -> bool:
    return user.agency_id == obstacle.agency_id and user.role != Role.VIEWER


def check_handler(obstacle: Obstacle, user) -> None:
    if not may_handle(obstacle, user):
        raise PermissionDenied(f"Chỉ cơ quan đang xử lý ({obstacle.handler.name}) được trả lời hoặc chuyển "
                               "vướng mắc này.")


def check_waiting(obstacle: Obstacle) -> None:
    if not obstacle.is_waiting:
        raise ValidationError(f"Vướng mắc đã {obstacle.get_status_display().lower()}; không xử lý thêm được.")


def check_text(text: str, field: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Hãy ghi {label}."})
    return text


def check_raise(*, title: str, description: str, category) -> tuple[str, str]:
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Hãy ghi tiêu đề vướng mắc."
    if not (description or "").strip():
        errors["description"] = "Hãy ghi nội dung vướng mắc, kiến nghị."
    if category is None:
        errors["category"] = "Hãy chọn nhóm vướng mắc."
    if errors:
        raise ValidationError(errors)
    return title.strip(), description.strip()


def _check_file(obstacle: Obstacle, field: str, file) -> None:
    if not file:
        return
    try:
        for validator in Obstacle._meta.get_field(field).validators:
            validator(file)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


# --- notices ----------------------------------------------------------------------------------------------------

def _notify_handler(obstacle: Obstacle, kind: str, step: str) -> None:
    prefix = "Vướng mắc mới" if kind == NoticeKind.OBSTACLE_RAISED else "Vướng mắc được chuyển đến"
    title = f"{prefix}: {obstacle.title}"
    users = list(users_acting_for(obstacle.handler))
    if obstacle.level == Level.NATIONAL:
        from dxnet.accounts.models import User

        users += list(User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True))
    do_notify(users, kind=kind, title=title, body=f"{obstacle.agency.name}: {obstacle.description[:300]}",
              url=obstacle.get_absolute_url(), key=f"obstacle-{step}:{obstacle.pk}")


def _notify_asker(obstacle: Obstacle, kind: str, step: str, title: str) -> None:
    from dxnet.accounts.models import User

    users = User.objects.filter(agency=obstacle.agency, is_active=True).exclude(role=Role.VIEWER)
    do_notify(users, kind=kind, title=f"{title}: {obstacle.title}", url=obstacle.get_absolute_url(),
              key=f"obstacle-{step}:{obstacle.pk}")


def _step(obstacle, kind, user, text="", agency=None) -> HistoryEntry:
    return HistoryEntry.objects.create(obstacle=obstacle, kind=kind, user=user if user and user.pk else None,
                                       agency=agency or (user.agency if user and user.pk else None),
                                       level=obstacle.level, text=text)


def _route(obstacle: Obstacle, handler, day: datetime.date) -> None:
    obstacle.handler = handler
    obstacle.level = routing.level_of(handler)
    obstacle.level_since = day
    obstacle.due_on = calendar.add_working_days(day, sla_days(obstacle.level))


def _locked(obstacle: Obstacle) -> Obstacle:
    return Obstacle.objects.select_for_update().select_related("handler", "agency").get(pk=obstacle.pk)


# --- services ---------------------------------------------------------------------------------------------------

@transaction.atomic
def do_raise_obstacle(*, acting_user, title: str, description: str, category, plan=None, task=None,
                      attachment=None, today: datetime.date | None = None) -> Obstacle:
    """Raise an obstacle for the user's own agency; it goes to the handler one level up."""
    if not may_raise(acting_user):
        raise PermissionDenied("Chỉ cán bộ của một cơ quan (không phải tài khoản chỉ xem) được nêu vướng mắc.")
    title, description = check_raise(title=title, description=description, category=category)
    day = today or _today()
    obstacle = Obstacle(agency=acting_user.agency, raised_by=acting_user, title=title, description=description,
                        category=category, plan=plan, task=task, raised_on=day)
    _check_file(obstacle, "attachment", attachment)
    if attachment:
        obstacle.attachment = attachment
    _route(obstacle, routing.handler_for(acting_user.agency), day)
    obstacle.save()
    obstacle.handlers.add(obstacle.handler)
    _step(obstacle, HistoryEntry.Kind.RAISED, acting_user, description)
    audit.record_create(obstacle, actor=acting_user)
    _notify_handler(obstacle, NoticeKind.OBSTACLE_RAISED, "raised")
    return obstacle


@transaction.atomic
def do_answer(obstacle: Obstacle, *, acting_user, answer: str = "", answer_file=None,
              today: datetime.date | None = None) -> Obstacle:
    """The handler answers (text and/or a document)."""
    obstacle = _locked(obstacle)
    check_handler(obstacle, acting_user)
    check_waiting(obstacle)
    answer = (answer or "").strip()
    if not answer and not answer_file:
        raise ValidationError({"answer": "Hãy ghi nội dung trả lời hoặc đính kèm văn bản trả lời."})
    _check_file(obstacle, "answer_file", answer_file)
    before = audit.snapshot(obstacle)
    obstacle.answer, obstacle.status = answer, Obstacle.Status.ANSWERED
    obstacle.answered_on, obstacle.answered_by = today or _today(), obstacle.handler
    if answer_file:
        obstacle.answer_file = answer_file
    obstacle.save()
    _step(obstacle, HistoryEntry.Kind.ANSWERED, acting_user, answer, agency=obstacle.handler)
    audit.record_update(obstacle, before, actor=acting_user)
    _notify_asker(obstacle, NoticeKind.OBSTACLE_ANSWERED, "answered", "Vướng mắc đã được trả lời")
    return obstacle


@transaction.atomic
def do_escalate(obstacle: Obstacle, *, acting_user, reason: str, today: datetime.date | None = None) -> Obstacle:
    """The handler sends it one level up, with a reason."""
    obstacle = _locked(obstacle)
    check_handler(obstacle, acting_user)
    check_waiting(obstacle)
    reason = check_text(reason, "reason", "lý do chuyển cấp trên")
    if obstacle.level == Level.NATIONAL:
        raise ValidationError("Vướng mắc đã ở cấp quốc gia, không còn cấp trên để chuyển; hãy trả lời hoặc đánh "
                              "dấu vượt thẩm quyền để báo cáo Chính phủ.")
    before = audit.snapshot(obstacle)
    previous = obstacle.handler
    _route(obstacle, routing.handler_for(previous), today or _today())
    obstacle.status = Obstacle.Status.ESCALATED
    obstacle.save()
    obstacle.handlers.add(obstacle.handler)
    _step(obstacle, HistoryEntry.Kind.ESCALATED, acting_user, reason, agency=previous)
    audit.record_update(obstacle, before, actor=acting_user)
    _notify_handler(obstacle, NoticeKind.OBSTACLE_ESCALATED, f"escalated-{obstacle.level}")
    _notify_asker(obstacle, NoticeKind.OBSTACLE_ESCALATED, f"escalated-{obstacle.level}-asker",
                  f"Vướng mắc được chuyển đến {obstacle.handler.name}")
    return obstacle


@transaction.atomic
def do_mark_beyond_authority(obstacle: Obstacle, *, acting_user, reason: str = "") -> Obstacle:
    """At national level, a national administrator puts it on the list to report to the Government."""
    obstacle = _locked(obstacle)
    if acting_user.role != Role.NATIONAL_ADMIN:
        raise PermissionDenied("Chỉ quản trị quốc gia được đánh dấu vướng mắc vượt thẩm quyền.")
    if obstacle.level != Level.NATIONAL:
        raise ValidationError("Chỉ vướng mắc đã ở cấp quốc gia mới được đánh dấu vượt thẩm quyền.")
    if obstacle.beyond_authority:
        raise ValidationError("Vướng mắc đã được đánh dấu vượt thẩm quyền.")
    check_waiting(obstacle)
    before = audit.snapshot(obstacle)
    obstacle.beyond_authority = True
    obstacle.save()
    _step(obstacle, HistoryEntry.Kind.BEYOND_AUTHORITY, acting_user, (reason or "").strip(),
          agency=obstacle.handler)
    audit.record_update(obstacle, before, actor=acting_user)
    return obstacle


@transaction.atomic
def do_accept_answer(obstacle: Obstacle, *, acting_user, today: datetime.date | None = None) -> Obstacle:
    """The raising agency accepts the answer: closed."""
    obstacle = _locked(obstacle)
    if not may_accept(obstacle, acting_user):
        raise PermissionDenied("Chỉ cơ quan nêu vướng mắc được chấp nhận trả lời.")
    if obstacle.status != Obstacle.Status.ANSWERED:
        raise ValidationError("Chỉ chấp nhận được vướng mắc đã có trả lời.")
    before = audit.snapshot(obstacle)
    obstacle.status, obstacle.closed_on = Obstacle.Status.CLOSED, today or _today()
    obstacle.save()
    _step(obstacle, HistoryEntry.Kind.ACCEPTED, acting_user)
    audit.record_update(obstacle, before, actor=acting_user)
    return obstacle


@transaction.atomic
def do_close_answered(today: datetime.date | None = None) -> int:
    """Close what was answered 30 days ago or more and not accepted yet (the daily job); how many closed."""
    day = today or _today()
    stale = Obstacle.objects.select_for_update().filter(
        status=Obstacle.Status.ANSWERED, answered_on__lte=day - datetime.timedelta(days=AUTO_CLOSE_DAYS))
    closed = 0
    for obstacle in stale:
        before = audit.snapshot(obstacle)
        obstacle.status, obstacle.closed_on = Obstacle.Status.CLOSED, day
        obstacle.save()
        _step(obstacle, HistoryEntry.Kind.CLOSED, None, f"Tự đóng sau {AUTO_CLOSE_DAYS} ngày kể từ ngày trả lời.")
        audit.record_update(obstacle, before, actor=None)
        closed += 1
    return closed


def notify_overdue(today: datetime.date) -> int:
    """The daily job: one notice per overdue obstacle and level to its handler's people."""
    created = 0
    for obstacle in Obstacle.objects.overdue(today).select_related("handler", "agency"):
        users = list(users_acting_for(obstacle.handler))
        created += do_notify(users, kind=NoticeKind.OBSTACLE_OVERDUE, title=f"Vướng mắc quá hạn: {obstacle.title}",
                             url=obstacle.get_absolute_url(),
                             key=f"obstacle-overdue:{obstacle.pk}:{obstacle.level}:{obstacle.level_since}")
    return created


def daily(today: datetime.date) -> int:
    """What `dxnet notify` runs each day for obstacles: auto-close, then overdue notices."""
    do_close_answered(today)
    return notify_overdue(today)


@transaction.atomic
def do_publish_faq(obstacle: Obstacle, *, acting_user, question: str = "", answer: str = "",
                   today: datetime.date | None = None) -> FaqEntry:
    """Publish an answered obstacle as a question and answer, without who asked (edited wording allowed)."""
    obstacle = _locked(obstacle)
    if not (acting_user.role == Role.NATIONAL_ADMIN or may_handle(obstacle, acting_user)
            or (obstacle.answered_by_id and acting_user.role == Role.COORDINATOR
                and scope_of(acting_user).covers(obstacle.answered_by.path))):
        raise PermissionDenied("Chỉ cơ quan đã trả lời hoặc quản trị quốc gia được đăng hỏi - đáp.")
    if obstacle.status not in (Obstacle.Status.ANSWERED, Obstacle.Status.CLOSED) or not obstacle.answer:
        raise ValidationError("Chỉ đăng được vướng mắc đã có trả lời bằng văn bản.")
    if FaqEntry.objects.filter(obstacle=obstacle).exists():
        raise ValidationError("Vướng mắc này đã được đăng hỏi - đáp.")
    question = (question or "").strip() or f"{obstacle.title}\n{obstacle.description}"
    answer = (answer or "").strip() or obstacle.answer
    entry = FaqEntry.objects.create(obstacle=obstacle, category=obstacle.category, question=question, answer=answer,
                                    published_on=today or _today(), search_text=fold(f"{question} {answer}"))
    _step(obstacle, HistoryEntry.Kind.PUBLISHED, acting_user)
    audit.record_create(entry, actor=acting_user)
    return entry
