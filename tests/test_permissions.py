"""The permission matrix: every URL of the project, for every role, around targets in one Lào Cai commune.

Out-of-scope objects answer 404, like missing ones; a role that sees an object but may not change it gets 403.
"""

import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxnet.core.privacy import mask_phone

from .conftest import client_for

ACTORS = ["national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer", "sibling",
          "outsider", "anonymous"]
SIGNED_IN = set(ACTORS) - {"anonymous"}
COMMUNE = {"national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer"}
# Who sees each target: the commune's records, its territory, the province's network, one person's import.
SEES = {
    "agency": COMMUNE, "user": COMMUNE, "person": COMMUNE, "focal_point": COMMUNE, "village": COMMUNE,
    "team": COMMUNE, "team_member": COMMUNE, "activity": COMMUNE, "decision": COMMUNE,
    "unit": COMMUNE | {"sibling"},
    "network": {"national_admin", "coordinator", "viewer", "sibling"},
    "network_member": {"national_admin", "coordinator", "viewer", "sibling"},
    "job": {"national_admin", "coordinator"},
    "job_position": SIGNED_IN,
    "event": SIGNED_IN,  # a reorganisation event: seen and applied by national administrators only (403 others)
    # A Lào Cai plan whose task the DX department ("sibling") leads and the commune carries out.
    "plan": COMMUNE | {"sibling"}, "task": COMMUNE | {"sibling"}, "task_update": COMMUNE | {"sibling"},
    "assessment": COMMUNE | {"sibling"},
    "template": SIGNED_IN,
    "milestone": COMMUNE, "usage": COMMUNE, "training": COMMUNE,
    # A round the province sent to two of its communes, the first commune's report and its attached file.
    "round": COMMUNE, "submission": COMMUNE, "report_file": COMMUNE,
    "consolidation": {"national_admin", "coordinator", "viewer"},  # the side that asked, not the communes
    # The commune's obstacle, handled by the province's DX department ("sibling"); a published FAQ entry.
    "obstacle": COMMUNE | {"sibling"}, "faq": SIGNED_IN, "obstacle_category": SIGNED_IN,
    # Lào Cai's steering committee and one of its meetings: the province's side, not its communes or departments.
    "committee": {"national_admin", "coordinator", "viewer"}, "meeting": {"national_admin", "coordinator", "viewer"},
}
LAZY_TARGETS = {"plan", "task", "task_update", "assessment", "template", "milestone", "usage", "training", "round",
                "submission", "report_file"}
# Who may write, by role, wherever their scope allows ("sibling" and "outsider" are coordinators elsewhere).
AGENCY_MANAGERS = {"national_admin", "coordinator", "sibling", "outsider"}
REGISTRY = AGENCY_MANAGERS | {"focal_point"}
TEAM_WORK = REGISTRY | {"team_leader"}
NATIONAL = {"national_admin"}
PLANNERS = AGENCY_MANAGERS  # coordinators plan for their own subtree
PLAN_OWNERS = {"national_admin", "coordinator"}  # those above the plan's agency with a planning role
DETAIL = {"plan": "plans:detail", "task": "plans:task", "template": "plans:template",
          "milestone": "monitoring:milestone", "usage": "platforms:usage", "training": "training:record",
          "round": "reporting:round",
          "agency": "agencies:detail", "unit": "geo:detail", "user": "accounts:detail", "person": "people:detail",
          "focal_point": "people:focal-point", "village": "network:village", "team": "network:team",
          "team_member": "network:team-member", "activity": "network:activity", "network": "network:detail",
          "network_member": "network:member", "committee": "steering:detail", "meeting": "steering:meeting",
          "obstacle": "obstacles:detail"}
OBSTACLE_TARGETS = {"obstacle", "faq", "obstacle_category"}
OBSTACLE_HANDLERS = {"coordinator", "sibling"}  # coordinators whose scope covers the DX department

# A Lào Cai inspection of the commune (findings recorded, a conclusion file): the province's side and the commune.
INSPECTION_TARGETS = {"inspection", "inspected"}
SEES.update({"inspection": COMMUNE, "inspected": COMMUNE})
DETAIL["inspection"] = "inspections:detail"

# --- shared platforms and success stories (issue 13)
# A provincial platform of Lào Cai: seen by the province's users and national bodies, not by Hà Nội; edited by the
# national administrator and the province's coordinators. A Lào Cai commune's success story, with a file.
CATALOGUE_TARGETS = {"platform", "story"}
PROVINCE_COORDINATORS = {"national_admin", "coordinator", "sibling"}
PUBLISHERS = {"national_admin", "coordinator"}
SEES.update({"platform": COMMUNE | {"sibling"}, "story": COMMUNE})
DETAIL.update({"platform": "platforms:platform", "story": "stories:detail"})

# --- training (issue 13)
# A national course; Lào Cai's training plan of 2026 (with its file) and one class of it, organised by the province:
# the province's side sees them, not its communes or departments; the commune's person in that class, certified.
TRAINING_TARGETS = {"course", "training_plan", "training_session", "participant"}
PROVINCE_SIDE = {"national_admin", "coordinator", "viewer"}
SEES.update({"course": SIGNED_IN, "training_plan": PROVINCE_SIDE, "training_session": PROVINCE_SIDE,
             "participant": COMMUNE})
DETAIL.update({"course": "training:course", "training_plan": "training:plan", "training_session": "training:session",
               "participant": "training:record"})

# --- information systems (issue 13)
# A Lào Cai commune's public portal (approved, its dossier file, assessed, labelled): the commune's side; the
# province's live-fire drill that exercised it: the province's side, not its communes or departments.
INFOSEC_TARGETS = {"information_system", "security_assessment", "trust_label", "security_drill"}
SEES.update({"information_system": COMMUNE, "security_assessment": COMMUNE, "trust_label": COMMUNE,
             "security_drill": {"national_admin", "coordinator", "viewer"}})
DETAIL.update({"information_system": "infosec:detail", "security_drill": "infosec:drill"})

# --- indicators, projects and budget (issue 13)
# An indicator and a project of the Lào Cai plan of `lazy_targets` (seen by whoever sees the plan, changed by the
# plan's owners), and Lào Cai's declared total budget for 2026 (the province's side).
MEASURE_TARGETS = {"indicator", "project", "budget_declaration"}
SEES.update({"indicator": COMMUNE | {"sibling"}, "project": COMMUNE | {"sibling"},
             "budget_declaration": {"national_admin", "coordinator", "viewer"}})
DETAIL.update({"indicator": "plans:indicator", "project": "plans:project"})


@dataclass
class Case:
    view: str
    # public, open, page, list, detail, manage, manage-page, action (a POST), export, api, api-list, api-detail,
    # api-action (an empty POST)
    kind: str
    target: str = "agency"
    allowed: frozenset = frozenset()  # roles that may write, for manage, manage-page and action
    query: str = ""
    arg: str = "pk"  # pk of the target, or "kind" for the spreadsheet URLs
    extra: tuple = ()  # arguments after the pk

    def path(self, targets) -> str:
        if self.arg == "kind":
            return reverse(self.view, args=["team-members"]) + self.query
        if self.kind in ("detail", "manage", "action", "api-detail", "api-action") or (self.kind == "manage-page"
                                                                        and self.arg == "pk!"):
            return reverse(self.view, args=[targets[self.target].pk, *self.extra]) + self.query
        query = self.query.format(**{k: getattr(v, "name", v) for k, v in targets.items()})
        return reverse(self.view, args=list(self.extra)) + (query or "?page_size=500")


def case(view, kind, target="agency", allowed=(), **options) -> Case:
    return Case(view, kind, target, frozenset(allowed), **options)


SEARCH = "?page_size=500&search={%s}"
CASES = [
    case("login", "public"),
    case("logout", "public"),
    case("home", "page"),
    case("agencies:tree", "page"),
    case("agencies:list", "list", query=SEARCH % "agency"),
    case("agencies:detail", "detail"),
    case("agencies:children", "detail"),
    case("agencies:create", "manage", allowed=AGENCY_MANAGERS),
    case("agencies:update", "manage", allowed=AGENCY_MANAGERS),
    case("agencies:delete", "manage", allowed=AGENCY_MANAGERS),
    case("agencies:decision-create", "manage", allowed=AGENCY_MANAGERS),
    case("agencies:decision-file", "detail", "decision"),
    case("agencies:events", "manage-page", allowed=NATIONAL),
    case("agencies:event-create", "manage-page", allowed=NATIONAL),
    case("agencies:event", "manage-page", "event", allowed=NATIONAL, arg="pk!"),
    case("agencies:event-apply", "action", "event", allowed=NATIONAL),
    case("geo:list", "list", "unit", query=SEARCH % "unit"),
    case("geo:detail", "detail", "unit"),
    case("accounts:list", "list", "user", query="?search=daumoi.xa"),
    case("accounts:detail", "detail", "user"),
    case("accounts:create", "manage-page", "user", allowed=AGENCY_MANAGERS),
    case("accounts:update", "manage", "user", allowed=AGENCY_MANAGERS),
    case("accounts:password", "manage", "user", allowed=AGENCY_MANAGERS),
    case("accounts:two-factor-reset", "action", "user", allowed=AGENCY_MANAGERS),
    # One's own second factor. The code page sends on whoever owes no code (as "public": 302 for everyone).
    case("two-factor-verify", "public"),
    case("two_factor:overview", "page"),
    case("two_factor:enrol", "page"),
    case("two_factor:qr", "page"),
    case("accounts:me", "page"),  # everyone signed in, their own account only
    case("accounts:me-token", "page"),
    case("accounts:me-password", "page"),
    case("people:list", "list", "person"),
    case("people:create", "manage-page", "person", allowed=REGISTRY),
    case("people:detail", "detail", "person"),
    case("people:update", "manage", "person", allowed=REGISTRY),
    case("people:duty", "manage", "person", allowed=REGISTRY),
    case("people:focal-points", "list", "focal_point"),
    case("people:missing-focal-points", "page"),
    case("people:focal-point", "detail", "focal_point"),
    case("people:focal-point-end", "manage", "focal_point", allowed=REGISTRY),
    case("people:focal-point-create", "manage", "agency", allowed=REGISTRY),
    case("people:job-positions", "page"),
    case("people:job-position-create", "manage-page", "job_position", allowed=NATIONAL),
    case("people:job-position-update", "manage", "job_position", allowed=NATIONAL),
    case("network:list", "list", "network"),
    case("network:detail", "detail", "network"),
    case("network:update", "manage", "network", allowed=REGISTRY),
    case("network:members", "list", "network_member"),
    case("network:member-create", "manage-page", "network_member", allowed=REGISTRY),
    case("network:member", "detail", "network_member"),
    case("network:member-update", "manage", "network_member", allowed=REGISTRY),
    case("network:villages", "list", "village"),
    case("network:village-create", "manage-page", "village", allowed=REGISTRY),
    case("network:village", "detail", "village"),
    case("network:village-update", "manage", "village", allowed=REGISTRY),
    case("network:teams", "list", "team"),
    case("network:team-create", "manage-page", "team", allowed=REGISTRY),
    case("network:statistics", "page"),
    case("network:team", "detail", "team"),
    case("network:team-update", "manage", "team", allowed=REGISTRY),
    case("network:team-member-create", "manage", "team", allowed=TEAM_WORK),
    case("network:activity-create", "manage", "team", allowed=TEAM_WORK),
    case("network:team-members", "list", "team_member"),
    case("network:team-member", "detail", "team_member"),
    case("network:team-member-update", "manage", "team_member", allowed=TEAM_WORK),
    case("network:activities", "list", "activity"),
    case("network:activity", "detail", "activity"),
    case("exchange:index", "page"),
    case("exchange:template", "page", arg="kind"),
    case("exchange:import", "manage-page", allowed=TEAM_WORK, arg="kind"),
    case("exchange:export", "export", "team_member", arg="kind"),
    case("exchange:job", "detail", "job"),
    case("exchange:job-status", "detail", "job"),
    case("exchange:job-annotated", "detail", "job"),
    case("access-log", "manage-page", allowed=AGENCY_MANAGERS),  # reviewers: the national admin, coordinators
    case("access-log-export", "manage-page", allowed=AGENCY_MANAGERS),
    case("exchange:failed-jobs", "manage-page", allowed=NATIONAL),
    case("exchange:job-retry", "action", "job", allowed={"national_admin", "coordinator"}),  # owner, national
    case("inspections:list", "list", "inspection"),
    case("inspections:create", "manage-page", "inspection", allowed=PLANNERS),
    case("inspections:coverage", "page"),
    case("inspections:detail", "detail", "inspection"),
    case("inspections:update", "manage", "inspection", allowed=PLAN_OWNERS),
    case("inspections:conclusion-file", "detail", "inspection"),
    case("inspections:findings", "detail", "inspected"),
    case("inspections:followups", "action", "inspected", allowed=PLAN_OWNERS),
    case("inspection-list", "api-list", "inspection"),
    case("inspection-detail", "api-detail", "inspection"),
    case("inspection-findings", "api-action", "inspection", allowed=PLAN_OWNERS),
    case("inspection-followups", "api-action", "inspection", allowed=PLAN_OWNERS),
    case("plans:list", "list", "plan"),
    case("plans:create", "manage-page", "plan", allowed=PLANNERS),
    case("plans:templates", "list", "template"),
    case("plans:template-import", "manage-page", "template", allowed=NATIONAL),
    case("plans:template", "detail", "template"),
    case("plans:template-download", "detail", "template"),
    case("plans:detail", "detail", "plan"),
    case("plans:issue", "manage", "plan", allowed=PLAN_OWNERS),
    case("plans:withdraw", "manage", "plan", allowed=PLAN_OWNERS),
    case("plans:settle", "action", "plan", allowed=PLAN_OWNERS),
    case("plans:confirm-deadlines", "action", "plan", allowed=PLAN_OWNERS),
    case("plans:bulk-status", "action", "plan", allowed=REGISTRY),
    case("plans:export", "detail", "plan", extra=("docx",)),
    case("plans:task-create", "manage", "plan", allowed=PLAN_OWNERS),
    case("plans:assessment", "manage", "assessment", allowed=PLAN_OWNERS),
    case("plans:tasks", "list", "task"),
    case("plans:my-tasks", "page"),
    case("plans:timeline", "page"),
    case("plans:task", "detail", "task"),
    case("plans:task-update", "manage", "task", allowed=PLAN_OWNERS),
    case("plans:task-report", "manage", "task", allowed=REGISTRY),
    case("plans:evidence", "detail", "task_update"),
    case("monitoring:compliance", "page"),
    case("monitoring:milestones", "list", "milestone"),
    case("monitoring:milestone-create", "manage-page", "milestone", allowed=REGISTRY),
    case("monitoring:milestone", "detail", "milestone"),
    case("monitoring:milestone-update", "manage", "milestone", allowed=REGISTRY),
    case("monitoring:milestone-file", "detail", "milestone"),
    case("monitoring:dashboard", "page"),
    case("monitoring:targets", "page"),
    case("monitoring:target", "page", extra=("focal-points",)),
    case("platforms:usages", "list", "usage"),
    case("platforms:usage-create", "manage-page", "usage", allowed=REGISTRY),
    case("platforms:usage", "detail", "usage"),
    case("platforms:usage-update", "manage", "usage", allowed=REGISTRY),
    case("training:records", "list", "training"),
    case("training:record-create", "manage-page", "training", allowed=REGISTRY),
    case("training:record", "detail", "training"),
    case("training:record-update", "manage", "training", allowed=REGISTRY),
    case("reporting:rounds", "list", "round"),
    case("reporting:round-create", "manage-page", "round", allowed=PLANNERS),
    case("reporting:round", "detail", "round"),
    case("reporting:round-remind", "action", "round", allowed=PLAN_OWNERS),
    case("reporting:submission", "detail", "submission"),
    case("reporting:submission-review", "action", "submission", allowed=PLAN_OWNERS),
    case("reporting:file", "detail", "report_file"),
    case("reporting:consolidate", "action", "round", allowed=PLAN_OWNERS),
    case("reporting:consolidation", "detail", "consolidation"),
    case("reporting:consolidation-status", "detail", "consolidation"),
    case("reporting:consolidation-file", "detail", "consolidation", extra=("xlsx",)),
    case("notifications:list", "page"),  # one's own notices only: see test_notifications_are_personal…
    case("notification-list", "api"),
    case("open-data-page", "open"),
    case("open-data-file", "open", extra=("csv",)),
    case("open-data", "open"),
    case("healthz", "open"),  # probes and metrics (issue 16): public by design, without data
    case("readyz", "probe"),
    case("metrics", "open"),  # the test client asks from loopback; see tests/test_health.py for the rest
    case("api-root", "api"),
    case("api-schema", "api"),
    case("api-docs", "page"),  # the interactive documentation (issue 17): the sign-in page for nobody
    case("agency-list", "api-list", query=SEARCH % "agency"),
    case("agency-detail", "api-detail"),
    case("agency-lineage", "api-detail"),
    case("admin-unit-list", "api-list", "unit", query=SEARCH % "unit"),
    case("admin-unit-detail", "api-detail", "unit"),
    case("person-list", "api-list", "person"),
    case("person-detail", "api-detail", "person"),
    case("focal-point-list", "api-list", "focal_point"),
    case("focal-point-detail", "api-detail", "focal_point"),
    case("network-member-list", "api-list", "network_member"),
    case("network-member-detail", "api-detail", "network_member"),
    case("village-list", "api-list", "village"),
    case("village-detail", "api-detail", "village"),
    case("team-list", "api-list", "team"),
    case("team-detail", "api-detail", "team"),
    case("team-member-list", "api-list", "team_member"),
    case("team-member-detail", "api-detail", "team_member"),
    case("team-activity-list", "api-list", "activity"),
    case("team-activity-detail", "api-detail", "activity"),
    case("plan-template-list", "api-list", "template"),
    case("plan-template-detail", "api-detail", "template"),
    case("plan-list", "api-list", "plan"),
    case("plan-detail", "api-detail", "plan"),
    case("plan-export", "api-detail", "plan", query="?format=xlsx"),
    case("plan-issue", "api-action", "plan", allowed=PLAN_OWNERS),
    case("plan-withdraw", "api-action", "plan", allowed=PLAN_OWNERS),
    case("task-list", "api-list", "task"),
    case("task-detail", "api-detail", "task"),
    case("task-update-list", "api-list", "task_update"),
    case("task-update-detail", "api-detail", "task_update"),
    case("milestone-list", "api-list", "milestone"),
    case("milestone-detail", "api-detail", "milestone"),
    case("compliance", "api", query="?milestone=steering-committee&tier=province"),
    case("obstacles:list", "list", "obstacle"),
    case("obstacles:raise", "manage-page", "obstacle", allowed=SIGNED_IN - {"viewer"}),
    case("obstacles:faq", "page", "faq", query="?search=kinh+phi"),
    case("obstacles:annex", "manage-page", "obstacle", allowed=NATIONAL),
    case("obstacles:detail", "detail", "obstacle"),
    case("obstacles:act", "action", "obstacle", allowed=OBSTACLE_HANDLERS, extra=("tra-loi",)),
    case("obstacles:file", "detail", "obstacle", extra=("dinh-kem",)),
    case("obstacle-category-list", "api", "obstacle_category"),
    case("obstacle-category-detail", "api-detail", "obstacle_category"),
    case("obstacle-list", "api-list", "obstacle"),
    case("obstacle-detail", "api-detail", "obstacle"),
    case("obstacle-answer", "api-action", "obstacle", allowed=OBSTACLE_HANDLERS),
    case("obstacle-escalate", "api-action", "obstacle", allowed=OBSTACLE_HANDLERS),
    case("obstacle-beyond-authority", "api-action", "obstacle", allowed=NATIONAL),
    case("faq-list", "api-list", "faq", query="?search=kinh+phi"),
    case("faq-detail", "api-detail", "faq"),
    case("steering:list", "list", "committee"),
    case("steering:detail", "detail", "committee"),
    case("steering:meeting", "detail", "meeting"),
    case("steering:compliance", "page", query="?tier=province&quarter=2026Q3"),
    case("steering:create", "manage-page", "committee", allowed=REGISTRY),
    case("steering:update", "manage", "committee", allowed=REGISTRY),
    case("steering:member-create", "manage", "committee", allowed=REGISTRY),
    case("steering:meeting-create", "manage", "committee", allowed=REGISTRY),
    case("steering:conclusion-create", "manage", "meeting", allowed=REGISTRY),
    case("steering-committee-list", "api-list", "committee"),
    case("steering-committee-detail", "api-detail", "committee"),
    case("steering-committee-compliance", "api", query="?tier=ministry&quarter=2026Q3"),
    case("meeting-list", "api-list", "meeting"),
    case("meeting-detail", "api-detail", "meeting"),
    case("meeting-conclusions", "api-action", "meeting", allowed={"national_admin", "coordinator"}),
]
CASES += [  # shared platforms and success stories (issue 13)
    case("platforms:catalogue", "list", "platform"),
    case("platforms:platform-create", "manage-page", "platform", allowed=AGENCY_MANAGERS),  # coordinators of a
    case("platforms:platform", "detail", "platform"),  # province (each adds their own province's), the admin
    case("platforms:platform-update", "manage", "platform", allowed=PROVINCE_COORDINATORS),
    case("platforms:platform-end", "manage", "platform", allowed=PROVINCE_COORDINATORS),
    case("platform-list", "api-list", "platform"),
    case("platform-detail", "api-detail", "platform"),
    case("stories:list", "list", "story"),
    case("stories:create", "manage-page", "story", allowed=REGISTRY),
    case("stories:detail", "detail", "story"),
    case("stories:update", "manage", "story", allowed=REGISTRY),
    case("stories:publish", "action", "story", allowed=PUBLISHERS),
    case("stories:file", "detail", "story"),
    case("success-story-list", "api-list", "story"),
    case("success-story-detail", "api-detail", "story"),
    case("success-story-publish", "api-action", "story", allowed=PUBLISHERS),
]
CASES += [  # training (issue 13)
    case("training:certificate", "detail", "participant"),
    case("training:courses", "list", "course"),
    case("training:course-create", "manage-page", "course", allowed=REGISTRY),
    case("training:course", "detail", "course"),
    case("training:course-update", "manage", "course", allowed=NATIONAL),  # a national course
    case("training:plans", "list", "training_plan", query="?page_size=500&tier=province&as_of=2026-06-01"),
    case("training:plan-create", "manage-page", "training_plan", allowed=REGISTRY),
    case("training:plan", "detail", "training_plan"),
    case("training:plan-update", "manage", "training_plan", allowed=REGISTRY),
    case("training:plan-file", "detail", "training_plan"),
    case("training:session-create", "manage", "training_plan", allowed=REGISTRY),
    case("training:session", "detail", "training_session"),
    case("training:session-update", "manage", "training_session", allowed=REGISTRY),
    case("training:participant-create", "manage", "training_session", allowed=REGISTRY),
    case("training:quality", "page", query="?year=2026"),
    case("course-list", "api-list", "course", query="?page_size=500"),
    case("course-detail", "api-detail", "course"),
    case("training-plan-list", "api-list", "training_plan"),
    case("training-plan-detail", "api-detail", "training_plan"),
    case("training-session-list", "api-list", "training_session"),
    case("training-session-detail", "api-detail", "training_session"),
    case("training-session-participants", "api-action", "training_session", allowed={"national_admin", "coordinator"}),
    case("training-summary", "api", query="?as_of=2026-12-01"),
]
CASES += [  # information systems (issue 13)
    case("infosec:list", "list", "information_system"),
    case("infosec:overdue", "page", "information_system", query="?as_of=2026-11-01"),
    case("infosec:summary", "page", query="?tier=province&as_of=2026-11-01"),
    case("infosec:create", "manage-page", "information_system", allowed=REGISTRY),
    case("infosec:detail", "detail", "information_system"),
    case("infosec:update", "manage", "information_system", allowed=REGISTRY),
    case("infosec:approve", "manage", "information_system", allowed=REGISTRY),
    case("infosec:end", "manage", "information_system", allowed=REGISTRY),
    case("infosec:assessment-create", "manage", "information_system", allowed=REGISTRY),
    case("infosec:label-create", "manage", "information_system", allowed=REGISTRY),
    case("infosec:file", "detail", "information_system", extra=("ho-so",)),
    case("infosec:drills", "list", "security_drill"),
    case("infosec:drill-create", "manage-page", "security_drill", allowed=REGISTRY),
    case("infosec:drill", "detail", "security_drill"),
    case("infosec:drill-update", "manage", "security_drill", allowed=REGISTRY),
    case("information-system-list", "api-list", "information_system"),
    case("information-system-detail", "api-detail", "information_system"),
    case("security-assessment-list", "api-list", "security_assessment"),
    case("security-assessment-detail", "api-detail", "security_assessment"),
    case("trust-label-list", "api-list", "trust_label"),
    case("trust-label-detail", "api-detail", "trust_label"),
    case("security-drill-list", "api-list", "security_drill"),
    case("security-drill-detail", "api-detail", "security_drill"),
    case("infosec-summary", "api", query="?tier=province&as_of=2026-11-01"),
]
CASES += [  # indicators, projects and budget (issue 13)
    case("plans:indicator-create", "manage", "plan", allowed=PLAN_OWNERS),
    case("plans:indicators", "list", "indicator"),
    case("plans:indicator-compare", "page", query="?code=dvc-toan-trinh"),
    case("plans:indicator", "detail", "indicator"),
    case("plans:indicator-update", "manage", "indicator", allowed=PLAN_OWNERS),
    case("plans:indicator-declare", "manage", "indicator", allowed=PLAN_OWNERS),
    case("plans:project-edit", "manage", "task", allowed=PLAN_OWNERS),
    case("plans:projects", "list", "project"),
    case("plans:project", "detail", "project"),
    case("plans:disbursement-create", "manage", "project", allowed=PLAN_OWNERS),
    case("plans:spending", "page", query="?year=2026"),
    case("plans:budget-declare", "manage-page", "budget_declaration", allowed=PLANNERS),
    case("indicator-list", "api-list", "indicator"),
    case("indicator-detail", "api-detail", "indicator"),
    case("indicator-values", "api-action", "indicator", allowed=PLAN_OWNERS),
    case("project-list", "api-list", "project"),
    case("project-detail", "api-detail", "project"),
    case("project-disbursements", "api-action", "project", allowed=PLAN_OWNERS),
    case("budget-declaration-list", "api-list", "budget_declaration"),
    case("budget-declaration-detail", "api-detail", "budget_declaration"),
]
CASES += [  # pickers (issue 14): every signed-in user, answering only what they may choose (tests/test_pickers.py)
    case("picker", "page", extra=("co-quan",), query="?q=xa"),
]


def expected_status(case: Case, actor: str) -> int:
    if case.kind == "public":  # the login page sends a signed-in user home
        return 200 if case.view == "login" and actor == "anonymous" else 302
    if case.kind == "open":  # open data: anyone, signed in or not
        return 200
    if case.kind == "probe":  # not ready, for anyone alike: no worker runs in the tests (tests/test_health.py)
        return 503
    if actor == "anonymous":
        return 401 if case.kind.startswith("api") else 302
    if case.kind == "manage-page":
        return 200 if actor in case.allowed else 403
    in_scope = actor in SEES[case.target]
    if case.kind == "manage":
        return 404 if not in_scope else 200 if actor in case.allowed else 403
    if case.kind == "action":  # an empty form: back to the page with an error message
        return 404 if not in_scope else 302 if actor in case.allowed else 403
    if case.kind == "api-action":  # an empty body: the API's error body for those allowed
        return 404 if not in_scope else 400 if actor in case.allowed else 403
    if case.kind in ("detail", "api-detail"):
        return 200 if in_scope else 404
    return 200


@pytest.fixture
def targets(registry, actors):
    import datetime

    from dxnet.agencies.reorganisation import do_create_event
    from dxnet.people.models import JobPosition

    # A merger of the commune into its neighbour, recorded and not applied.
    event = do_create_event(kind="merge", effective_on=datetime.date(2026, 11, 1), basis="Nghị quyết 9/NQ-HĐND",
                            predecessors=[registry["agency"]], successors=[registry["other_lao_cai"]],
                            acting_user=actors["national_admin"])
    return {**registry, "unit": registry["agency"].admin_unit, "job_position": JobPosition.objects.first(),
            "event": event}


@pytest.fixture
def lazy_targets(actors, lao_cai_commune, registry):
    """Built only for the cases that need them: a Lào Cai annual plan with one task (the DX department leads, the
    commune cooperates, evidence attached), a commune milestone, platform usage and a training record."""
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.agencies.models import Agency
    from dxnet.monitoring.models import Milestone, MilestoneKind
    from dxnet.monitoring.services import do_record_milestone
    from dxnet.plans import services
    from dxnet.plans.models import PlanTemplate, Task
    from dxnet.platforms.models import PlatformUsage, SharedPlatform
    from dxnet.reporting.models import ReportForm, SubmissionFile
    from dxnet.reporting.services import do_create_round
    from dxnet.training.models import TrainingRecord

    coordinator = actors["coordinator"]
    plan = services.do_create_plan(PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam"),
                                   Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=coordinator)
    task = services.do_save_task(Task(plan=plan), acting_user=coordinator, group=plan.groups.first(),
                                 title="Triển khai nền tảng số dùng chung", deadline_text="Năm 2026",
                                 lead=Agency.objects.get(code="skhcn-tinh-15"), cooperating=[lao_cai_commune])
    update = services.do_record_update(task, acting_user=coordinator, text="Đã triển khai", status="doing",
                                       progress=30, file=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"))
    milestone = do_record_milestone(Milestone(), acting_user=coordinator, agency=lao_cai_commune,
                                    kind=MilestoneKind.objects.get(code="dx-network"),
                                    achieved_on=datetime.date(2025, 9, 1), document="Quyết định 9/QĐ-UBND",
                                    file=ContentFile(b"%PDF-1.4 quyet dinh", name="qd-9.pdf"))
    person = registry["person"]
    usage = PlatformUsage.objects.create(platform=SharedPlatform.objects.first(), agency=person.agency,
                                         person=person, valid_from=datetime.date(2025, 8, 1))
    training = TrainingRecord.objects.create(agency=person.agency, person=person, course="Kỹ năng số",
                                             completed_on=datetime.date(2026, 3, 1))
    round_ = do_create_round(ReportForm.objects.get(code="inspection"), acting_user=coordinator,
                             agency=Agency.objects.get(code="ubnd-tinh-15"), title="Kiểm tra cấp xã", period="Năm 2026",
                             year=2026, due_date=datetime.date(2026, 12, 15),
                             recipients=[lao_cai_commune, registry["other_lao_cai"]])
    submission = round_.submissions.get(agency=lao_cai_commune)
    report_file = SubmissionFile.objects.create(submission=submission, field="attachments",
                                                file=ContentFile(b"%PDF-1.4 bien ban", name="bien-ban.pdf"))
    return {"plan": plan, "task": task, "task_update": update, "assessment": plan.assessment.first(),
            "template": plan.template, "milestone": milestone, "usage": usage, "training": training,
            "round": round_, "submission": submission, "report_file": report_file}


@pytest.fixture
def consolidation_target(lazy_targets, actors):
    from dxnet.reporting.consolidation import build
    from dxnet.reporting.models import Consolidation

    return build(Consolidation.objects.create(round=lazy_targets["round"], requested_by=actors["coordinator"]))


@pytest.fixture
def steering_targets(actors):
    """Lào Cai's steering committee (established by decision) and one quarterly meeting."""
    import datetime

    from dxnet.agencies.models import Agency
    from dxnet.steering.models import Meeting, SteeringCommittee
    from dxnet.steering.services import do_establish_committee, do_schedule_meeting

    coordinator = actors["coordinator"]
    committee = do_establish_committee(SteeringCommittee(), acting_user=coordinator,
                                       agency=Agency.objects.get(code="ubnd-tinh-15"), name="Ban Chỉ đạo CĐS tỉnh",
                                       decision_number="35/QĐ-UBND", decision_date=datetime.date(2026, 2, 10))
    meeting = do_schedule_meeting(Meeting(), acting_user=coordinator, committee=committee,
                                  date=datetime.date(2026, 8, 5), kind="quarterly")
    return {"committee": committee, "meeting": meeting}


@pytest.fixture
def inspection_targets(actors, lao_cai_commune):
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.agencies.models import Agency
    from dxnet.inspections import services
    from dxnet.inspections.models import checklist

    coordinator = actors["coordinator"]
    inspection = services.do_create_inspection(
        acting_user=coordinator, agency=Agency.objects.get(code="ubnd-tinh-15"), title="Kiểm tra cấp xã",
        starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 10, 5), inspected=[lao_cai_commune],
        conclusion_number="5/KL-UBND", conclusion_date=datetime.date(2026, 10, 20),
        conclusion_file=ContentFile(b"%PDF-1.4 ket luan", name="ket-luan.pdf"))
    target = inspection.targets.get()
    services.do_record_findings(target, acting_user=coordinator, inspected_on=datetime.date(2026, 10, 2),
                                findings={code: "Đã làm" for code, _ in checklist()})
    return {"inspection": inspection, "inspected": target}


@pytest.fixture
def catalogue_targets(actors, lao_cai_commune):
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.platforms.models import SharedPlatform
    from dxnet.platforms.services import do_save_platform
    from dxnet.stories.models import StoryArea, SuccessStory
    from dxnet.stories.services import do_save_story

    platform = do_save_platform(SharedPlatform(), acting_user=actors["coordinator"], name="Kho dữ liệu tỉnh Lào Cai")
    story = do_save_story(SuccessStory(), acting_user=actors["focal_point"], title="Chợ số của xã",
                          area=StoryArea.objects.get(code="kinh-te-so"), date=datetime.date(2026, 5, 1),
                          file=ContentFile(b"%PDF-1.4 gioi thieu", name="gioi-thieu.pdf"))
    return {"platform": platform, "story": story}


@pytest.fixture
def training_targets(actors, registry):
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.agencies.models import Agency
    from dxnet.training import services
    from dxnet.training.models import Course, TrainingPlan, TrainingRecord, TrainingSession

    coordinator = actors["coordinator"]
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    plan = services.do_save_plan(TrainingPlan(), acting_user=coordinator, agency=lao_cai, year=2026,
                                 approved_on=datetime.date(2026, 3, 20),
                                 file=ContentFile(b"%PDF-1.4 ke hoach", name="ke-hoach.pdf"))
    course = Course.objects.get(code="mooc-nguoi-dan-01")
    session = services.do_save_session(TrainingSession(), acting_user=coordinator, plan=plan, course=course,
                                       starts_on=datetime.date(2026, 5, 4), ends_on=datetime.date(2026, 5, 6),
                                       online=True, planned_participants=30)
    participant = services.do_record_training(
        TrainingRecord(session=session), acting_user=coordinator, person=registry["person"],
        completed_on=datetime.date(2026, 5, 6), evaluation=5, post_test=90,
        certificate=ContentFile(b"%PDF-1.4 chung nhan", name="chung-nhan.pdf"))
    return {"course": course, "training_plan": plan, "training_session": session, "participant": participant}


@pytest.fixture
def obstacle_targets(actors):
    """A Lào Cai commune's open obstacle with an attachment (handled by the DX department), and an answered one
    published as a question and answer."""
    from django.core.files.base import ContentFile

    from dxnet.obstacles import services
    from dxnet.obstacles.models import Category

    category = Category.objects.get(code="kinh-phi")
    obstacle = services.do_raise_obstacle(acting_user=actors["focal_point"], title="Thiếu kinh phí",
                                          description="Chưa bố trí kinh phí", category=category,
                                          attachment=ContentFile(b"%PDF-1.4 de nghi", name="de-nghi.pdf"))
    answered = services.do_raise_obstacle(acting_user=actors["focal_point"], title="Kinh phí tập huấn",
                                          description="Nguồn nào?", category=category)
    services.do_answer(answered, acting_user=actors["coordinator"], answer="Nguồn chi thường xuyên.")
    faq = services.do_publish_faq(answered, acting_user=actors["coordinator"])
    return {"obstacle": obstacle, "faq": faq, "obstacle_category": category}


def _lists(response, case: Case, targets) -> bool:
    """Whether the response shows the target row (its link on a page, its id in the API, its phone in a file)."""
    obj = targets[case.target]
    if case.kind == "api-list":
        return any(row["id"] == obj.pk for row in response.json()["results"])
    if case.kind == "export":
        sheet = load_workbook(io.BytesIO(response.content)).active
        phones = {obj.phone, mask_phone(obj.phone)}  # a viewer gets it masked
        return any(phones & set(row) for row in sheet.iter_rows(values_only=True))
    return f'href="{reverse(DETAIL[case.target], args=[obj.pk])}"' in response.content.decode()


@pytest.fixture
def infosec_targets(actors, lao_cai_commune):
    """The commune's portal (approved with its dossier file, assessed, labelled) and Lào Cai's live-fire drill."""
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.agencies.models import Agency
    from dxnet.infosec import services
    from dxnet.infosec.models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

    coordinator, day = actors["coordinator"], datetime.date
    system = services.do_register_system(
        InformationSystem(), acting_user=coordinator, agency=lao_cai_commune, name="Cổng thông tin điện tử xã",
        public_facing=True, proposed_level=2, approved_level=2, dossier_number="3/QĐ-UBND",
        dossier_date=day(2025, 9, 1), dossier_file=ContentFile(b"%PDF-1.4 ho so", name="ho-so.pdf"),
        valid_from=day(2025, 9, 1))
    assessment = services.do_record_assessment(SecurityAssessment(), acting_user=coordinator, system=system,
                                               assessed_on=day(2025, 10, 1), assessor="Sở KH&CN", result="passed")
    label = services.do_record_trust_label(TrustLabel(), acting_user=coordinator, system=system, number="TN-15-1",
                                           issued_on=day(2025, 10, 5), expires_on=day(2027, 10, 4))
    drill = services.do_record_drill(SecurityDrill(), acting_user=coordinator,
                                     agency=Agency.objects.get(code="ubnd-tinh-15"), date=day(2026, 9, 15),
                                     scenario="Tấn công mã độc tống tiền", systems=[system])
    return {"information_system": system, "security_assessment": assessment, "trust_label": label,
            "security_drill": drill}


@pytest.fixture
def measure_targets(lazy_targets, actors):
    """An indicator and a project (with a disbursement) of the Lào Cai plan, and Lào Cai's 2026 total budget."""
    import datetime
    from decimal import Decimal

    from dxnet.agencies.models import Agency
    from dxnet.plans import services
    from dxnet.plans.models import Indicator

    coordinator, plan = actors["coordinator"], lazy_targets["plan"]
    indicator = services.do_save_indicator(
        Indicator(plan=plan), acting_user=coordinator, code="dvc-toan-trinh", name="Dịch vụ công toàn trình",
        unit="%", baseline_value=Decimal(40), baseline_on=datetime.date(2026, 1, 1), target_value=Decimal(90),
        target_on=datetime.date(2026, 12, 31))
    services.do_declare_indicator_value(indicator, acting_user=coordinator, on=datetime.date(2026, 6, 30), value=60)
    project = services.do_save_project(lazy_targets["task"], acting_user=coordinator, approved_total=Decimal(800),
                                       funding_source="public-investment")
    services.do_record_disbursement(project, acting_user=coordinator, year=2026, amount=Decimal(100),
                                    declared_on=datetime.date(2026, 6, 30))
    declaration = services.do_declare_budget(Agency.objects.get(code="ubnd-tinh-15"), acting_user=coordinator,
                                             year=2026, total=Decimal(500_000), declared_on=datetime.date(2026, 1, 10))
    return {"indicator": indicator, "project": project, "budget_declaration": declaration}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.view)
def test_every_url_answers_each_role_within_its_scope(case, actor, actors, targets, request):
    if case.target in LAZY_TARGETS:
        targets = {**targets, **request.getfixturevalue("lazy_targets")}
    if case.target in ("committee", "meeting"):
        targets = {**targets, **request.getfixturevalue("steering_targets")}
    if case.target == "consolidation":
        targets["consolidation"] = request.getfixturevalue("consolidation_target")
    if case.target in OBSTACLE_TARGETS:
        targets = {**targets, **request.getfixturevalue("obstacle_targets")}
    if case.target in INSPECTION_TARGETS:
        targets = {**targets, **request.getfixturevalue("inspection_targets")}
    if case.target in CATALOGUE_TARGETS:
        targets = {**targets, **request.getfixturevalue("catalogue_targets")}
    if case.target in TRAINING_TARGETS:
        targets = {**targets, **request.getfixturevalue("training_targets")}
    if case.target in INFOSEC_TARGETS:
        targets = {**targets, **request.getfixturevalue("infosec_targets")}
    if case.target in MEASURE_TARGETS:
        targets = {**targets, **request.getfixturevalue("measure_targets")}
    client = client_for(actors[actor])
    method = client.post if case.view == "logout" or case.kind in ("action", "api-action") else client.get
    response = method(case.path(targets))
    assert response.status_code == expected_status(case, actor)
    if case.kind in ("list", "api-list", "export") and response.status_code == 200:
        assert _lists(response, case, targets) == (actor in SEES[case.target])


@pytest.mark.parametrize("view", ["agency-list", "admin-unit-list"])
def test_an_outsider_gets_nothing_of_another_province_from_the_api(view, actors):
    client = client_for(actors["outsider"])
    rows = client.get(reverse(view), {"province": _lao_cai_unit_id(), "page_size": 1000}).json()
    assert rows["count"] == 0
    everything = client.get(reverse(view), {"page_size": 1000}).json()
    assert everything["count"] > 100
    assert not any("Lào Cai" in row["name"] for row in everything["results"])


def _lao_cai_unit_id() -> int:
    from dxnet.geo.models import AdminUnit

    return AdminUnit.objects.get(key="tinh-15").pk


def test_an_outsider_cannot_find_another_province_in_the_tree_search(actors):
    response = client_for(actors["outsider"]).get(reverse("agencies:tree"), {"search": "lao cai"})
    assert "Lào Cai" not in response.content.decode()
    response = client_for(actors["coordinator"]).get(reverse("agencies:tree"), {"search": "lao cai"})
    assert "Ủy ban nhân dân tỉnh Lào Cai" in response.content.decode()


MANAGERS = AGENCY_MANAGERS & COMMUNE  # the managers whose scope holds the Lào Cai commune


def _api_write_status(actor: str, allowed: int) -> int:
    if actor == "anonymous":
        return 401
    if actor not in SEES["agency"]:
        return 404
    return allowed if actor in MANAGERS else 403


@pytest.mark.parametrize("actor", ACTORS)
def test_api_writes_follow_scope_and_role(actor, actors, lao_cai_commune):
    from dxnet.agencies.models import Agency
    from dxnet.core.models import AuditEntry

    client = client_for(actors[actor])
    leaf = Agency.objects.create(code="to-cong-tac", name="Tổ công tác", kind="other", parent=lao_cai_commune,
                                 path=f"{lao_cai_commune.path}to-cong-tac/", depth=3)
    before = AuditEntry.objects.count()
    detail = reverse("agency-detail", args=[lao_cai_commune.pk])
    assert client.patch(detail, {"name": "Tên mới"}, format="json").status_code == _api_write_status(actor, 200)
    new = {"parent": lao_cai_commune.pk, "code": "bo-phan-mot-cua", "name": "Bộ phận một cửa", "kind": "other"}
    created = client.post(reverse("agency-list"), new, format="json")
    status = _api_write_status(actor, 201)
    # A parent outside the scope is refused like a parent that does not exist.
    assert created.status_code == (400 if status == 404 else status)
    deleted = client.delete(reverse("agency-detail", args=[leaf.pk]))
    assert deleted.status_code == _api_write_status(actor, 204)
    writes = AuditEntry.objects.count() - before
    assert writes == (3 if actor in MANAGERS else 0)
    if actor in MANAGERS:
        assert AuditEntry.objects.for_object(lao_cai_commune).first().via == "api"


def test_tree_search_shows_only_the_part_of_the_lineage_within_scope(actors, lao_cai_commune):
    page = client_for(actors["focal_point"]).get(reverse("agencies:tree"), {"search": lao_cai_commune.name})
    html = page.content.decode()
    assert f'href="{reverse("agencies:detail", args=[lao_cai_commune.pk])}"' in html
    assert "Ủy ban nhân dân tỉnh Lào Cai" not in html and "Chính phủ ›" not in html


TEAM_WORK_IN_SCOPE = TEAM_WORK & COMMUNE


@pytest.mark.parametrize("actor", ACTORS)
def test_api_registry_writes_follow_scope_and_role(actor, actors, targets):
    from dxnet.core.models import AuditEntry

    client = client_for(actors[actor])
    team, member = targets["team"], targets["team_member"]
    before = AuditEntry.objects.count()
    created = client.post(reverse("team-member-list"), {"team": team.pk, "full_name": "Mùa A Sử",
                                                        "phone": "+84 366 000 111", "role": "volunteer"}, format="json")
    patched = client.patch(reverse("team-member-detail", args=[member.pk]), {"role": "leader"}, format="json")
    if actor == "anonymous":
        assert (created.status_code, patched.status_code) == (401, 401)
    elif actor not in COMMUNE:  # the team is not theirs: it does not exist for them
        assert created.status_code == 400 and "team" in created.json()["errors"]
        assert patched.status_code == 404
    elif actor not in TEAM_WORK_IN_SCOPE:
        assert (created.status_code, patched.status_code) == (403, 403)
    else:
        assert created.status_code == 201 and created.json()["phone"] == "0366000111"
        assert patched.status_code == 200 and patched.json()["role"] == "leader"
    assert AuditEntry.objects.count() - before == (2 if actor in TEAM_WORK_IN_SCOPE else 0)


@pytest.mark.parametrize("actor", ACTORS)
def test_notifications_are_personal_whatever_the_role(actor, actors):
    """A notice of the commune's focal point is theirs alone: 404 to every other role, national included."""
    from dxnet.notifications.models import Kind, Notification
    from dxnet.notifications.services import do_notify

    do_notify([actors["focal_point"]], kind=Kind.TASK_OVERDUE, title="Nhiệm vụ quá hạn", key="task-overdue:1")
    notice = Notification.objects.get()
    client = client_for(actors[actor])
    owner = actor == "focal_point"
    detail = client.get(reverse("notification-detail", args=[notice.pk]))
    assert detail.status_code == (401 if actor == "anonymous" else 200 if owner else 404)
    listed = client.get(reverse("notification-list"))
    if actor != "anonymous":
        assert [row["id"] for row in listed.json()["results"]] == ([notice.pk] if owner else [])
    marked = client.post(reverse("notification-mark-read"), {"ids": [notice.pk]}, format="json")
    assert marked.status_code == (401 if actor == "anonymous" else 200)
    page_mark = client.post(reverse("notifications:mark-read"), {"id": notice.pk})
    preferences = client.post(reverse("notifications:preferences"), {"kinds": ["task_overdue"]})
    assert page_mark.status_code == preferences.status_code == 302
    if actor == "anonymous":
        assert page_mark["Location"].startswith(reverse("login"))
    notice.refresh_from_db()
    assert (notice.read_at is not None) == owner
