"""Who handles an obstacle: the coordinating body one level up (seed 001, section IV: “qua Sở”).

A commune or a province department → the province's DX lead department; the province PC, its DX lead department or
a ministry → Cục Chuyển đổi số quốc gia; a ministry's unit → the ministry's DX lead unit (or the ministry itself).
"""

from django.db.models import Q

from dxnet.agencies.models import Agency

from .models import Level

NATIONAL_HANDLER = "cuc-chuyen-doi-so-quoc-gia"
PROVINCE_KINDS = {Agency.Kind.PROVINCIAL_PC, Agency.Kind.PROVINCIAL_DEPARTMENT}
COMMUNE_KINDS = {Agency.Kind.COMMUNE_PC, Agency.Kind.DISTRICT_PC, Agency.Kind.DISTRICT_OFFICE}


def national_handler() -> Agency:
    return Agency.objects.get(code=NATIONAL_HANDLER)


def _ancestor(agency: Agency, kinds) -> Agency | None:
    for candidate in [agency, *agency.ancestors()]:
        if candidate.kind in kinds:
            return candidate
    return None


def _dx_lead_under(top: Agency, *, dedicated_too: bool) -> Agency | None:
    flags = Q(is_dx_lead=True) | (Q(is_dedicated_dx_unit=True) if dedicated_too else Q(pk__in=[]))
    return (Agency.objects.filter(flags, path__startswith=top.path, valid_to__isnull=True).exclude(pk=top.pk)
            .order_by("depth", "code").first())


def level_of(handler: Agency) -> str:
    if handler.code == NATIONAL_HANDLER:
        return Level.NATIONAL
    if handler.kind in COMMUNE_KINDS:
        return Level.COMMUNE
    if _ancestor(handler, {Agency.Kind.PROVINCIAL_PC}) is not None:
        return Level.PROVINCE
    if _ancestor(handler, set(Agency.MINISTRY_LEVEL_KINDS)) is not None:
        return Level.MINISTRY
    return Level.NATIONAL


def handler_for(agency: Agency) -> Agency:
    """The body that handles what `agency` raises (or what it escalates, when it is the handler)."""
    national = national_handler()
    if agency.pk == national.pk:
        return national
    province = _ancestor(agency, {Agency.Kind.PROVINCIAL_PC})
    if province is not None:
        lead = _dx_lead_under(province, dedicated_too=False)
        if agency.pk in (province.pk, getattr(lead, "pk", None)):
            return national
        return lead or province
    ministry = _ancestor(agency, set(Agency.MINISTRY_LEVEL_KINDS))
    if ministry is not None:
        lead = _dx_lead_under(ministry, dedicated_too=True)
        if agency.pk in (ministry.pk, getattr(lead, "pk", None)):
            return national
        return lead or ministry
    return national
