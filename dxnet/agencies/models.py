from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from dxnet.core.models import NamedOverTimeQuerySet, SearchNamed, TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import ScopedQuerySet
from dxnet.core.validators import document_file_validators
from dxnet.geo.models import AdminUnit


class AgencyQuerySet(ScopedQuerySet, TimeBoundQuerySet, NamedOverTimeQuerySet):
    agency_path_lookup = "path"

    def in_tree_order(self):
        """Siblings as people expect them: ministries, then other bodies, then provinces, each by name."""
        rank = models.Case(*(models.When(kind=kind, then=index) for index, kind in enumerate(Agency.Kind.values)))
        return self.order_by(rank, "name", "valid_from")

    def ministry_level(self):
        return self.filter(kind__in=Agency.MINISTRY_LEVEL_KINDS)

    def provincial_pcs(self):
        return self.filter(kind=Agency.Kind.PROVINCIAL_PC)


class AgencyDecisionQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class Agency(TimeBound):
    """A state agency or unit in the tree from the Government down to each commune People's Committee."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Chính phủ"
        MINISTRY = "ministry", "Bộ"
        MINISTERIAL_AGENCY = "ministerial_agency", "Cơ quan ngang Bộ"
        GOVERNMENT_AGENCY = "government_agency", "Cơ quan thuộc Chính phủ"
        MINISTRY_DEPARTMENT = "ministry_department", "Tổng cục, Cục, Vụ thuộc Bộ"
        PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp công lập"
        PROVINCIAL_PC = "provincial_pc", "Ủy ban nhân dân cấp tỉnh"
        PROVINCIAL_DEPARTMENT = "provincial_department", "Sở, ban, ngành cấp tỉnh"
        DISTRICT_PC = "district_pc", "Ủy ban nhân dân cấp huyện"
        DISTRICT_OFFICE = "district_office", "Phòng chuyên môn cấp huyện"
        COMMUNE_PC = "commune_pc", "Ủy ban nhân dân cấp xã"
        OTHER = "other", "Cơ quan, tổ chức khác"

    MINISTRY_LEVEL_KINDS = (Kind.MINISTRY, Kind.MINISTERIAL_AGENCY, Kind.GOVERNMENT_AGENCY)

    code = models.SlugField("mã cơ quan", max_length=60, unique=True)
    name = models.CharField("tên cơ quan", max_length=300)
    kind = models.CharField("loại cơ quan", max_length=30, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="cơ quan cấp trên", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    admin_unit = models.ForeignKey(
        AdminUnit, verbose_name="địa bàn phục vụ", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agencies",
    )
    successor = models.ForeignKey(
        "self", verbose_name="cơ quan kế thừa", null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )
    succession_basis = models.CharField("căn cứ sắp xếp", max_length=200, blank=True)
    is_dx_lead = models.BooleanField("cơ quan chủ trì chuyển đổi số của địa phương", default=False)
    is_network_coordinator = models.BooleanField("cơ quan điều phối Mạng lưới CĐS", default=False)
    headcount = models.PositiveIntegerField("biên chế được giao", null=True, blank=True, validators=[
        MaxValueValidator(500_000, "Biên chế được giao của một cơ quan không quá 500.000 người.")])
    is_dedicated_dx_unit = models.BooleanField("đơn vị chuyên trách CNTT/CĐS của bộ, tỉnh", default=False)
    has_dx_division = models.BooleanField("có Phòng Chuyển đổi số", default=False)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def path_for(parent: "Agency | None", code: str) -> str:
        return f"{parent.path if parent else ''}{code}/"

    def ancestors(self, within=None):
        """The agencies above this one (among `within`), from the root down, in one query."""
        parts = self.path.strip("/").split("/")[:-1]
        by_code = {a.code: a for a in (Agency.objects if within is None else within).filter(code__in=parts)}
        return [by_code[code] for code in parts if code in by_code]

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", args=[self.pk])

    def name_on(self, day) -> str:
        """The name the agency bore on `day` (today's when no dated name covers it)."""
        for dated in self.names.all():
            started = dated.valid_from is None or dated.valid_from <= day
            if started and (dated.valid_to is None or day <= dated.valid_to):
                return dated.name
        return self.name

    def issuer_lines(self) -> list[tuple[str, dict]]:
        """The issuing body block of an official document: the parent body (when any) above it, in capitals
        (Nghị định 30/2020/NĐ-CP, mục I.1)."""
        if self.kind in (self.Kind.PROVINCIAL_PC, self.Kind.COMMUNE_PC, self.Kind.DISTRICT_PC):
            head, _, place = self.name.partition(" nhân dân ")
            return [(f"{head} NHÂN DÂN".upper(), {"bold": True, "size": 13}),
                    (place.upper(), {"bold": True, "underline": True, "size": 13})]
        lines = []
        if self.kind in (self.Kind.PROVINCIAL_DEPARTMENT, self.Kind.MINISTRY_DEPARTMENT,
                         self.Kind.PUBLIC_SERVICE_UNIT, self.Kind.DISTRICT_OFFICE) and self.parent:
            lines.append((self.parent.name.upper(), {"size": 13}))
        return [*lines, (self.name.upper(), {"bold": True, "underline": True, "size": 13})]


class AgencyDecision(models.Model):
    """A decision restructuring ("kiện toàn") an agency or reinforcing its DX staffing."""

    class Purpose(models.TextChoices):
        RESTRUCTURING = "restructuring", "Kiện toàn tổ chức bộ máy"
        STAFFING = "staffing", "Tăng cường biên chế, nhân lực"

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="decisions")
    purpose = models.CharField("nội dung", max_length=20, choices=Purpose.choices)
    number = models.CharField("số, ký hiệu", max_length=60)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=300)
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    file = models.FileField("tệp văn bản", upload_to="decisions/%Y/", blank=True,
                            validators=document_file_validators())

    objects = AgencyDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định kiện toàn"
        verbose_name_plural = "quyết định kiện toàn"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", args=[self.agency_id])


class AgencyName(TimeBound, SearchNamed):
    """A name an agency bore over a period (the current one is also on `Agency.name`), with the act behind it."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="names")
    name = models.CharField("tên", max_length=300)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        verbose_name = "tên theo thời gian"
        verbose_name_plural = "tên theo thời gian"
        ordering = ["agency", "valid_from"]

    def __str__(self) -> str:
        return self.name


class AgencyParent(TimeBound):
    """The body an agency stood under over a period, for bodies that moved (the tree keeps today's parent)."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="parents")
    parent = models.ForeignKey(Agency, verbose_name="cơ quan cấp trên", on_delete=models.PROTECT,
                               related_name="+")
    basis = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = "cơ quan cấp trên theo thời gian"
        verbose_name_plural = "cơ quan cấp trên theo thời gian"
        ordering = ["agency", "valid_from"]

    def __str__(self) -> str:
        return f"{self.agency} thuộc {self.parent}"


class ReorganisationEvent(models.Model):
    """A merger, split, rename or transfer of agencies on a day, on a legal basis; applied once."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia, tách"
        RENAME = "rename", "Đổi tên"
        TRANSFER = "transfer", "Chuyển cơ quan cấp trên"

    kind = models.CharField("loại sắp xếp", max_length=20, choices=Kind.choices)
    effective_on = models.DateField("ngày có hiệu lực")
    basis = models.CharField("căn cứ", max_length=300)
    predecessors = models.ManyToManyField(Agency, verbose_name="cơ quan trước sắp xếp",
                                          related_name="reorganisations_ended")
    successors = models.ManyToManyField(Agency, verbose_name="cơ quan sau sắp xếp", blank=True,
                                        related_name="reorganisations_started")
    new_name = models.CharField("tên mới", max_length=300, blank=True)
    new_parent = models.ForeignKey(Agency, verbose_name="cơ quan cấp trên mới", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    applied_at = models.DateTimeField("thời điểm áp dụng", null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "sự kiện sắp xếp tổ chức"
        verbose_name_plural = "sự kiện sắp xếp tổ chức"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.effective_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("agencies:event", args=[self.pk])
