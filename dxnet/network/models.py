from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.fields import PhoneField
from dxnet.core.models import SearchNamed, TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.geo.models import AdminUnit

# More than this in one day, one skill area, one village is a typing error (and would flow into open data).
MAX_HELPED_PER_DAY = 10_000


class AgencyScopedQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "agency__path"


class AgencyRowQuerySet(ScopedQuerySet):
    """Rows of an agency that have no period of validity (networks, activities)."""

    agency_path_lookup = "agency__path"


class Network(models.Model):
    """The DX Network: one national, coordinated by the NDTA, and one per province, by its DX lead department."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan điều phối", on_delete=models.PROTECT,
                               related_name="networks")
    province = models.OneToOneField(AdminUnit, verbose_name="tỉnh, thành phố", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="network")
    name = models.CharField("tên mạng lưới", max_length=300)
    decision_number = models.CharField("số quyết định thành lập", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)

    objects = AgencyRowQuerySet.as_manager()

    class Meta:
        verbose_name = "mạng lưới chuyển đổi số"
        verbose_name_plural = "mạng lưới chuyển đổi số"
        ordering = ["province__code", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:detail", args=[self.pk])


class VoluntaryMember(SearchNamed, TimeBound):
    """A voluntary member of a network: an organisation (enterprise, association) or an individual expert."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Tổ chức"
        EXPERT = "expert", "Chuyên gia"

    class OrganisationKind(models.TextChoices):
        POST = "post", "Doanh nghiệp bưu chính"
        TELECOM = "telecom", "Doanh nghiệp viễn thông"
        DIGITAL = "digital", "Doanh nghiệp công nghệ số"
        YOUTH_UNION = "youth_union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
        FARMERS_UNION = "farmers_union", "Hội Nông dân"
        WOMENS_UNION = "womens_union", "Hội Liên hiệp Phụ nữ"
        COOPERATIVE_ALLIANCE = "cooperative_alliance", "Liên minh Hợp tác xã"
        OTHER = "other", "Tổ chức khác"

    network = models.ForeignKey(Network, verbose_name="mạng lưới", on_delete=models.PROTECT, related_name="members")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan quản lý", on_delete=models.PROTECT,
                               related_name="network_members")
    kind = models.CharField("loại thành viên", max_length=15, choices=Kind.choices)
    organisation_kind = models.CharField("loại tổ chức", max_length=30, choices=OrganisationKind.choices,
                                         blank=True)
    name = models.CharField("tên thành viên", max_length=300)
    contact_person = models.CharField("người liên hệ", max_length=150, blank=True)
    phone = PhoneField("điện thoại")
    email = models.EmailField("thư điện tử", blank=True)
    expertise = models.CharField("lĩnh vực", max_length=300, blank=True)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)

    objects = AgencyScopedQuerySet.as_manager()
    personal_data_kind = "network-members"  # reads in bulk are logged (dxnet.core.privacy)

    class Meta:
        verbose_name = "thành viên tự nguyện"
        verbose_name_plural = "thành viên tự nguyện"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "phone"], name="member_unique_phone_in_network")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:member", args=[self.pk])


class Village(SearchNamed, TimeBound):
    """A village or residential group (thôn, bản, ấp, tổ dân phố) of a commune."""

    class Kind(models.TextChoices):
        VILLAGE = "thon", "Thôn"
        HAMLET = "ban", "Bản"
        AP = "ap", "Ấp"
        RESIDENTIAL_GROUP = "to_dan_pho", "Tổ dân phố"
        KHOM = "khom", "Khóm"
        OTHER = "khac", "Khác"

    agency = models.ForeignKey(Agency, verbose_name="Ủy ban nhân dân xã", on_delete=models.PROTECT,
                               related_name="villages")
    name = models.CharField("tên thôn, tổ dân phố", max_length=200)
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "thôn, tổ dân phố"
        verbose_name_plural = "thôn, tổ dân phố"
        ordering = ["agency__path", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="village_unique_name_in_commune")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:village", args=[self.pk])


class CommunityTeam(TimeBound):
    """The Community Digital Technology Team (Tổ CNSCĐ) of a village, set up by the commune chairman's decision."""

    village = models.OneToOneField(Village, verbose_name="thôn, tổ dân phố", on_delete=models.PROTECT,
                                   related_name="team")
    agency = models.ForeignKey(Agency, verbose_name="Ủy ban nhân dân xã", on_delete=models.PROTECT,
                               related_name="community_teams", editable=False)
    decision_number = models.CharField("số quyết định thành lập", max_length=60)
    decision_date = models.DateField("ngày quyết định")

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Tổ công nghệ số cộng đồng"
        verbose_name_plural = "Tổ công nghệ số cộng đồng"
        ordering = ["agency__path", "village__name"]

    def __str__(self) -> str:
        return f"Tổ CNSCĐ {self.village}"

    def get_absolute_url(self) -> str:
        return reverse("network:team", args=[self.pk])


class TeamMember(SearchNamed, TimeBound):
    """A member of a community team, reachable by phone (one phone, one member nationwide)."""

    search_source = "full_name"

    class Role(models.TextChoices):
        LEADER = "leader", "Tổ trưởng"
        VILLAGE_HEAD = "village_head", "Trưởng thôn, tổ trưởng tổ dân phố"
        YOUTH_UNION = "youth_union", "Đoàn viên thanh niên"
        POLICE = "police", "Công an"
        MILITIA = "militia", "Dân quân"
        TELECOM = "telecom", "Nhân viên viễn thông, bưu điện"
        VOLUNTEER = "volunteer", "Tình nguyện viên"
        OTHER = "other", "Khác"

    team = models.ForeignKey(CommunityTeam, verbose_name="tổ", on_delete=models.PROTECT, related_name="members")
    agency = models.ForeignKey(Agency, verbose_name="Ủy ban nhân dân xã", on_delete=models.PROTECT,
                               related_name="team_members", editable=False)
    full_name = models.CharField("họ và tên", max_length=150)
    phone = PhoneField("điện thoại", db_index=True)
    role = models.CharField("vai trò", max_length=15, choices=Role.choices)
    search_name = models.CharField(max_length=150, db_index=True, editable=False)

    objects = AgencyScopedQuerySet.as_manager()
    personal_data_kind = "team-members"  # reads in bulk are logged (dxnet.core.privacy)

    class Meta:
        verbose_name = "thành viên Tổ CNSCĐ"
        verbose_name_plural = "thành viên Tổ CNSCĐ"
        ordering = ["agency__path", "full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "phone"], name="team_member_unique_phone")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("network:team-member", args=[self.pk])


class SkillArea(models.Model):
    """A skill area in which teams help citizens (online public services, VNeID, …): a managed list."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên kỹ năng", max_length=200)
    is_active = models.BooleanField("đang dùng", default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "kỹ năng số"
        verbose_name_plural = "kỹ năng số"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TeamActivity(models.Model):
    """What a team did on one day in one skill area: people and households helped."""

    team = models.ForeignKey(CommunityTeam, verbose_name="tổ", on_delete=models.PROTECT, related_name="activities")
    agency = models.ForeignKey(Agency, verbose_name="Ủy ban nhân dân xã", on_delete=models.PROTECT,
                               related_name="team_activities", editable=False)
    date = models.DateField("ngày")
    skill_area = models.ForeignKey(SkillArea, verbose_name="kỹ năng", on_delete=models.PROTECT,
                                   related_name="activities")
    people_helped = models.PositiveIntegerField("số người được hỗ trợ", validators=[MaxValueValidator(
        MAX_HELPED_PER_DAY, "Một tổ không hỗ trợ quá 10.000 người trong một ngày, một kỹ năng.")])
    households_helped = models.PositiveIntegerField("số hộ được hỗ trợ", default=0, validators=[MaxValueValidator(
        MAX_HELPED_PER_DAY, "Một tổ không hỗ trợ quá 10.000 hộ trong một ngày, một kỹ năng.")])
    notes = models.TextField("ghi chú", blank=True, validators=[MaxLengthValidator(2_000)])

    objects = AgencyRowQuerySet.as_manager()

    class Meta:
        verbose_name = "hoạt động của Tổ CNSCĐ"
        verbose_name_plural = "hoạt động của Tổ CNSCĐ"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["team", "date", "skill_area"],
                                               name="team_activity_unique_day_area")]

    def __str__(self) -> str:
        return f"{self.team} · {self.date:%d/%m/%Y} · {self.skill_area}"

    def get_absolute_url(self) -> str:
        return reverse("network:activity", args=[self.pk])

    def clean(self):
        """A day between the team's founding and today. The team is checked when it is at hand (a form, the API, a
        sheet that resolved it), never fetched row by row."""
        super().clean()
        if not self.date:
            return
        if self.date > timezone.localdate():
            raise ValidationError({"date": "Ngày hoạt động không được sau hôm nay."})
        team = self._meta.get_field("team").get_cached_value(self, None)
        founded = team and (team.valid_from or team.decision_date)
        if founded and self.date < founded:
            raise ValidationError({"date": f"Ngày hoạt động không được trước ngày thành lập tổ ({founded:%d/%m/%Y})."})
