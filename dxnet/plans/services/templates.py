"""Plan templates: the JSON documents, their checks, and the shipped ones."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.core import audit
from dxnet.core.deadlines import DeadlineError, parse
from dxnet.core.services import require_role
from dxnet.geo.services import tiers

from ..models import PlanTemplate

TEMPLATES_DIR = Path(__file__).parent.parent / "data" / "templates"
MATCH_KEYS = {"self", "kind", "is_dx_lead", "is_dedicated_dx_unit", "name_startswith"}


def _require(condition: bool, errors: list[str], message: str) -> bool:
    if not condition:
        errors.append(message)
    return condition


def _check_tasks(tasks, roles: dict, where: str, errors: list[str]) -> int:
    codes = set()
    for index, task in enumerate(tasks, 1):
        label = f"{where}, nhiệm vụ {task.get('code') or index}"
        if not _require(isinstance(task, dict) and task.get("title"), errors, f"{label}: thiếu tên nhiệm vụ."):
            continue
        _require(task.get("code") not in codes, errors, f"{label}: trùng số thứ tự.")
        codes.add(task.get("code"))
        for role in [task.get("lead"), *task.get("cooperating", [])]:
            _require(role is None or role in roles, errors, f"{label}: vai trò “{role}” chưa khai báo trong “roles”.")
        try:
            if task.get("deadline"):
                parse(task["deadline"])
        except DeadlineError as error:
            errors.append(f"{label}: {error}")
        _check_tasks(task.get("subtasks", []), roles, label, errors)
    return len(tasks)


def _check_dates(data: dict, errors: list[str]) -> None:
    """A yearly template says the year it was written for (its dates move to the plan's year); a programme's template
    says its dates are the programme's (they never move). Exactly one of the two."""
    written_for, programme = data.get("written_for"), data.get("programme_dates")
    if written_for is None and programme is not True:
        errors.append("Mẫu phải khai báo “written_for” (năm mẫu được soạn; thời hạn được chuyển theo năm kế hoạch) "
                      "hoặc “programme_dates”: true (thời hạn của chương trình, không chuyển).")
    elif written_for is not None and programme is not None:
        errors.append("Mẫu chỉ khai báo một trong hai: “written_for” hoặc “programme_dates”.")
    elif written_for is not None and (type(written_for) is not int or not 2000 <= written_for <= 2100):
        errors.append(f"“written_for” phải là năm mẫu được soạn, một số từ 2000 đến 2100 (đang là “{written_for}”).")


def check_template_document(data) -> dict:
    """A template document as the shipped JSON files write it; ValidationError listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValidationError("Tệp mẫu phải là một đối tượng JSON.")
    for key in ("code", "version", "title", "source", "groups"):
        _require(data.get(key), errors, f"Thiếu mục “{key}”.")
    _require(data.get("tier", "any") in PlanTemplate.Tier.values, errors,
             f"“tier” phải là một trong: {', '.join(PlanTemplate.Tier.values)}.")
    _require(data.get("kind", "other") in PlanTemplate.Kind.values, errors,
             f"“kind” phải là một trong: {', '.join(PlanTemplate.Kind.values)}.")
    _check_dates(data, errors)
    roles = data.get("roles", {})
    for code, role in roles.items():
        if role.get("external"):
            continue
        match = role.get("match", {})
        _require(match and set(match) <= MATCH_KEYS, errors,
                 f"Vai trò “{code}”: “match” chỉ dùng các khóa {', '.join(sorted(MATCH_KEYS))}.")
        _require(role.get("tier") is None or role["tier"] in tiers(), errors, f"Vai trò “{code}”: cấp không hợp lệ.")
        _require(role.get("replaced_by") is None or role["replaced_by"] in roles, errors,
                 f"Vai trò “{code}”: “replaced_by” chưa khai báo.")
    task_count = 0
    for group in data.get("groups", []):
        if _require(isinstance(group, dict) and group.get("code") and group.get("title"), errors,
                    "Mỗi nhóm cần “code” và “title”."):
            task_count += _check_tasks(group.get("tasks", []), roles, f"Nhóm {group['code']}", errors)
    if errors:
        raise ValidationError(errors)
    return {"code": data["code"], "version": str(data["version"]), "title": data["title"], "source": data["source"],
            "tier": data.get("tier", "any"), "kind": data.get("kind", "other"), "group_count": len(data["groups"]),
            "task_count": task_count}


def read_template_file(content: bytes) -> dict:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(f"Tệp mẫu không phải JSON hợp lệ (UTF-8): {error}") from None


@transaction.atomic
def do_save_template(data: dict, *, acting_user) -> tuple[PlanTemplate, bool]:
    """Add a template, or replace the same code and version; returns (template, created)."""
    require_role(acting_user is None or acting_user.sees_everything,
                 "Chỉ quản trị quốc gia được thêm mẫu kế hoạch.")
    fields = check_template_document(data)
    template = PlanTemplate.objects.filter(code=fields["code"], version=fields["version"]).first()
    if template is None:
        template = PlanTemplate.objects.create(document=data, **fields)
        audit.record_create(template, actor=acting_user)
        return template, True
    if template.document != data:
        before = audit.snapshot(template)
        for name, value in {**fields, "document": data}.items():
            setattr(template, name, value)
        template.save()
        audit.record_update(template, before, actor=acting_user)
    return template, False


def load_reference_templates(*, acting_user=None) -> tuple[int, int]:
    """The templates shipped in `data/templates`; (created, updated)."""
    created = updated = 0
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = PlanTemplate.objects.filter(code=data["code"], version=data["version"]).first()
        _, new = do_save_template(data, acting_user=acting_user)
        created += new
        updated += stored is not None and stored.document != data
    return created, updated
