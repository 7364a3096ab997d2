"""Steering committees for digital transformation (Ban Chỉ đạo chuyển đổi số), their meetings and conclusions."""

from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.models import TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import ScopedQuerySet
from dxnet.core.validators import document_file_validators
from dxnet.people.models import Person
from dxnet.plans.models import Task


class CommitteeQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "agency__path"


class CommitteeRowQuerySet(ScopedQuerySet):
    """Rows reached through their committee's agency (members, meetings)."""

    agency_path_lookup = "committee__agency__path"


class MeetingRowQuerySet(ScopedQuerySet):
    agency_path_lookup = "meeting__committee__agency__path"


class SteeringCommittee(TimeBound):
    """The DX steering committee of a ministry, of a province, or the national committee (UBQGCĐS)."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT,
                               related_name="steering_committees")
    name = models.CharField("tên Ban Chỉ đạo", max_length=300)
    decision_number = models.CharField("số quyết định thành lập, kiện toàn", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decision_file = models.FileField("tệp quyết định", upload_to="steering/decisions/%Y/", blank=True,
                                     validators=document_file_validators())
    chair = models.ForeignKey(Person, verbose_name="Trưởng ban", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="chaired_committees")

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "Ban Chỉ đạo chuyển đổi số"
        verbose_name_plural = "Ban Chỉ đạo chuyển đổi số"
        ordering = ["agency__name", "-valid_from", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("steering:detail", args=[self.pk])

    @property
    def decision(self) -> str:
        if not (self.decision_number and self.decision_date):
            return ""
        return f"Quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"


class CommitteeMember(models.Model):
    """A person of the registry sitting on a committee, with their role in it."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Trưởng ban"
        DEPUTY = "deputy", "Phó Trưởng ban"
        STANDING = "standing", "Ủy viên thường trực"
        MEMBER = "member", "Ủy viên"
        SECRETARY = "secretary", "Thư ký"

    committee = models.ForeignKey(SteeringCommittee, verbose_name="Ban Chỉ đạo", on_delete=models.CASCADE,
                                  related_name="members")
    person = models.ForeignKey(Person, verbose_name="cán bộ", on_delete=models.PROTECT,
                               related_name="committee_seats")
    role = models.CharField("vai trò trong Ban Chỉ đạo", max_length=12, choices=Role.choices, default=Role.MEMBER)
    is_agency_head = models.BooleanField(
        "là người đứng đầu cơ quan", default=False,
        help_text="Người đứng đầu cơ quan thành viên: quy tắc của Đề án tính sự tham dự của người đứng đầu.")

    objects = CommitteeRowQuerySet.as_manager()

    class Meta:
        verbose_name = "thành viên Ban Chỉ đạo"
        verbose_name_plural = "thành viên Ban Chỉ đạo"
        ordering = ["committee", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "person"], name="committee_member_once")]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.get_role_display()})"


class Meeting(models.Model):
    """A session of a steering committee."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Thường kỳ tháng"
        QUARTERLY = "quarterly", "Thường kỳ quý"
        AD_HOC = "ad-hoc", "Đột xuất"

    committee = models.ForeignKey(SteeringCommittee, verbose_name="Ban Chỉ đạo", on_delete=models.PROTECT,
                                  related_name="meetings")
    date = models.DateField("ngày họp", db_index=True)
    kind = models.CharField("loại phiên họp", max_length=10, choices=Kind.choices)
    agenda = models.TextField("nội dung họp", blank=True)
    minutes = models.FileField("biên bản họp", upload_to="steering/minutes/%Y/", blank=True,
                               validators=document_file_validators())

    objects = CommitteeRowQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên họp Ban Chỉ đạo"
        verbose_name_plural = "phiên họp Ban Chỉ đạo"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.date:%d/%m/%Y} — {self.committee}"

    def get_absolute_url(self) -> str:
        return reverse("steering:meeting", args=[self.pk])


class Attendance(models.Model):
    """Whether a member attended a meeting: in person, by a delegate (named), or not."""

    class Status(models.TextChoices):
        PRESENT = "present", "Có mặt"
        DELEGATED = "delegated", "Cử người dự thay"
        ABSENT = "absent", "Vắng mặt"

    meeting = models.ForeignKey(Meeting, verbose_name="phiên họp", on_delete=models.CASCADE,
                                related_name="attendance")
    member = models.ForeignKey(CommitteeMember, verbose_name="thành viên", on_delete=models.PROTECT,
                               related_name="attendance")
    status = models.CharField("tham dự", max_length=10, choices=Status.choices)
    delegate = models.CharField("người dự thay", max_length=200, blank=True)

    objects = MeetingRowQuerySet.as_manager()

    class Meta:
        verbose_name = "tham dự phiên họp"
        verbose_name_plural = "tham dự phiên họp"
        ordering = ["meeting", "member__role", "member_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"

    @property
    def head_attended(self) -> bool:
        """The member is the head of their agency and came in person (a delegate does not count as the head)."""
        return self.member.is_agency_head and self.status == self.Status.PRESENT


class Conclusion(models.Model):
    """A notice of conclusions (thông báo kết luận) after a meeting."""

    meeting = models.ForeignKey(Meeting, verbose_name="phiên họp", on_delete=models.PROTECT,
                                related_name="conclusions")
    number = models.CharField("số thông báo", max_length=60)
    date = models.DateField("ngày thông báo")
    text = models.TextField("nội dung kết luận")

    objects = MeetingRowQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo kết luận"
        verbose_name_plural = "thông báo kết luận"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Thông báo kết luận số {self.number} ngày {self.date:%d/%m/%Y}"


class ConclusionItem(models.Model):
    """One assignment of a notice of conclusions; it becomes a task of the agency's plan for the year."""

    conclusion = models.ForeignKey(Conclusion, verbose_name="thông báo kết luận", on_delete=models.PROTECT,
                                   related_name="items")
    text = models.TextField("nội dung giao")
    lead = models.ForeignKey(Agency, verbose_name="cơ quan chủ trì", on_delete=models.PROTECT,
                             related_name="conclusion_items")
    deadline_text = models.CharField("thời hạn", max_length=200)
    task = models.OneToOneField(Task, verbose_name="nhiệm vụ", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="conclusion_item")

    class Meta:
        verbose_name = "nội dung giao trong kết luận"
        verbose_name_plural = "nội dung giao trong kết luận"
        ordering = ["conclusion", "id"]

    def __str__(self) -> str:
        return self.text[:100]
