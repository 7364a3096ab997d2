"""Inspections (đoàn kiểm tra) of a coordinating body: the agencies inspected, the six questions of seed 000 as the
checklist, the conclusion and the recommendations that become follow-up tasks of the inspected agency."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.scoping import ScopedQuerySet
from dxnet.core.validators import document_file_validators
from dxnet.people.models import Person
from dxnet.plans.models import Task

CHECKLIST_FORM = Path(__file__).resolve().parent.parent / "reporting" / "data" / "forms" / "inspection.json"
CHECKLIST_HEADING = "II. KẾT QUẢ KIỂM TRA"


@cache
def checklist() -> tuple[tuple[str, str], ...]:
    """The six questions (code, label), read from the reporting app's inspection form so they are written once."""
    document = json.loads(CHECKLIST_FORM.read_text(encoding="utf-8"))
    section = next(s for s in document["sections"] if s["heading"] == CHECKLIST_HEADING)
    return tuple((f["code"], f["label"]) for f in section["fields"] if f["type"] == "text")


class InspectionQuerySet(ScopedQuerySet):
    """Inspections the user's subtree made, or that inspected an agency of the subtree."""

    def within(self, scope):
        inspected = InspectedAgency.objects.filter(inspection=models.OuterRef("pk"),
                                                   agency__path__startswith=scope.agency_path)
        return self.filter(models.Q(agency__path__startswith=scope.agency_path) | models.Q(models.Exists(inspected)))


class Inspection(models.Model):
    """An inspection of how the Đề án is carried out, by a coordinating body over agencies of its scope."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan kiểm tra", on_delete=models.PROTECT,
                               related_name="inspections_made")
    title = models.CharField("tên đoàn kiểm tra", max_length=300)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    members = models.ManyToManyField(Person, verbose_name="thành viên đoàn", blank=True,
                                     related_name="inspections")
    conclusion_number = models.CharField("số kết luận", max_length=60, blank=True)
    conclusion_date = models.DateField("ngày kết luận", null=True, blank=True)
    conclusion_file = models.FileField("văn bản kết luận", upload_to="inspections/%Y/", blank=True,
                                       validators=document_file_validators())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người lập", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("ngày lập", auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "đoàn kiểm tra"
        verbose_name_plural = "đoàn kiểm tra"
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.starts_on.year

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Ngày kết thúc kiểm tra không được trước ngày bắt đầu."})


class InspectedAgencyQuerySet(ScopedQuerySet):
    """An inspected agency's row: seen by the inspecting body's subtree and by the inspected agency's own subtree
    (an inspected commune sees its findings, not its neighbours')."""

    def within(self, scope):
        return self.filter(models.Q(inspection__agency__path__startswith=scope.agency_path)
                           | models.Q(agency__path__startswith=scope.agency_path))


class InspectedAgency(models.Model):
    """One agency an inspection visits, with the answers to the six questions once inspected."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Đã lên lịch"
        INSPECTED = "inspected", "Đã kiểm tra"
        FOLLOW_UP_OPEN = "follow-up-open", "Đang thực hiện kiến nghị"
        CLOSED = "closed", "Đã hoàn thành"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan được kiểm tra", on_delete=models.PROTECT,
                               related_name="inspections")
    inspected_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    findings = models.JSONField("kết quả kiểm tra", default=dict, blank=True)

    objects = InspectedAgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan được kiểm tra"
        verbose_name_plural = "cơ quan được kiểm tra"
        ordering = ["inspection", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["inspection", "agency"], name="inspection_agency_once")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.inspection}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:findings", args=[self.pk])

    def finding_rows(self) -> list[tuple[str, str]]:
        return [(label, self.findings.get(code, "")) for code, label in checklist()]

    @property
    def status(self) -> str:
        """Computed, never stored: closed when every follow-up task is done (or none was needed after the
        conclusion)."""
        if self.inspected_on is None:
            return self.Status.SCHEDULED
        statuses = [f.task.status for f in self.followups.all()]
        if statuses:
            return self.Status.CLOSED if all(s == Task.Status.DONE for s in statuses) else self.Status.FOLLOW_UP_OPEN
        return self.Status.CLOSED if self.inspection.conclusion_date else self.Status.INSPECTED

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class FollowUpQuerySet(ScopedQuerySet):
    def within(self, scope):
        return self.filter(models.Q(target__inspection__agency__path__startswith=scope.agency_path)
                           | models.Q(target__agency__path__startswith=scope.agency_path))


class FollowUp(models.Model):
    """A recommendation of the inspection to an inspected agency, carried out as a task of its plan."""

    target = models.ForeignKey(InspectedAgency, on_delete=models.CASCADE, related_name="followups")
    task = models.OneToOneField(Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT,
                                related_name="inspection_followup")
    text = models.TextField("kiến nghị")
    created_at = models.DateTimeField("ngày giao", auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "kiến nghị sau kiểm tra"
        verbose_name_plural = "kiến nghị sau kiểm tra"
        ordering = ["target", "pk"]

    def __str__(self) -> str:
        return self.text[:100]
