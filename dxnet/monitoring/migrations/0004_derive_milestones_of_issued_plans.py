"""Plans issued before milestones were derived record theirs now (Lào Cai's 125/KH-UBND counts in plan-1690): the
same rows `do_derive_milestone` writes, each with its audit entry (Hệ thống)."""

from django.db import migrations

MILESTONE_OF_KIND = {"dx-plan": "dx-plan", "plan-1690": "plan-1690"}


def derive(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Milestone = apps.get_model("monitoring", "Milestone")
    MilestoneKind = apps.get_model("monitoring", "MilestoneKind")
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kinds = {k.code: k for k in MilestoneKind.objects.filter(code__in=MILESTONE_OF_KIND.values())}
    plans = (Plan.objects.filter(status="issued", template__kind__in=MILESTONE_OF_KIND, issued_on__isnull=False)
             .select_related("agency", "template").order_by("issued_on", "pk"))
    if not kinds or not plans.exists():
        return
    plan_type, _ = ContentType.objects.get_or_create(app_label="plans", model="plan")
    milestone_type, _ = ContentType.objects.get_or_create(app_label="monitoring", model="milestone")
    for plan in plans:
        kind = kinds.get(MILESTONE_OF_KIND[plan.template.kind])
        if kind is None:
            continue
        year = plan.year if kind.yearly else 0
        stored = Milestone.objects.filter(agency=plan.agency, kind=kind, year=year).first()
        if stored is not None and stored.source_type_id is not None:
            continue  # an earlier plan (this loop runs by date) achieved it
        milestone = stored or Milestone(agency=plan.agency, kind=kind, year=year)
        milestone.achieved_on = milestone.document_date = plan.issued_on
        milestone.document = f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y}: {plan.title}"[:300]
        milestone.issuer = plan.agency.name[:300]
        milestone.source_type, milestone.source_id, milestone.file = plan_type, plan.pk, ""
        milestone.save()
        AuditEntry.objects.create(
            actor=None, actor_name="Hệ thống", via="system", action="update" if stored else "create",
            content_type=milestone_type, object_id=str(milestone.pk),
            object_repr=f"{kind.name} {year}"[:300] if year else kind.name[:300],
            changes={"achieved_on": [None, plan.issued_on.isoformat()], "source_id": [None, plan.pk],
                     "document": [None, milestone.document]})


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0003_derived_milestones"),
        ("plans", "0005_plan_kind_and_withdrawal"),
        ("core", "0007_audit_object_version_index"),
    ]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
