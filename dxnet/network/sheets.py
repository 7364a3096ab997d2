"""Spreadsheet formats of villages, teams, team members, activities and voluntary network members."""

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import (
    CellError,
    Column,
    ImportResult,
    RowError,
    Sheet,
    allowed_text,
    by_name_or_code,
    choice,
    count,
    date,
    describe,
    phone,
    text,
    warn_same_names,
)
from dxnet.core.text import fold

from .filters import (
    TeamActivityFilterSet,
    TeamFilterSet,
    TeamMemberFilterSet,
    VillageFilterSet,
    VoluntaryMemberFilterSet,
)
from .models import CommunityTeam, Network, SkillArea, TeamActivity, TeamMember, Village, VoluntaryMember
from .services import team_member_phone_conflicts

COMMUNE_CODE = "Mã xã"
VILLAGE = "Tên thôn, tổ dân phố"


@describe("Mã đơn vị hành chính của xã, 5 chữ số (ô dạng chữ để giữ số 0 đầu).", "02647")
def commune_code(value) -> str:
    raw = str(value).strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    if not raw.isdigit() or len(raw) > 5:
        raise ValueError(f"Mã xã “{value}” phải là mã đơn vị hành chính 5 chữ số, ví dụ 02647.")
    return raw.zfill(5)


def _commune_columns() -> list[Column]:
    return [Column(COMMUNE_CODE, "commune", commune_code, width=10),
            Column("Tên xã", "commune_name", text, required=False, export_only=True, width=28)]


class _CommuneSheet(Sheet):
    """Rows that name a commune (by official code) among the communes the user may write to."""

    def prepare(self, rows):
        codes = {row["commune"] for row in rows}
        self.communes = {a.admin_unit.code: a for a in Agency.objects.visible_to(self.user)
                         .filter(kind=Agency.Kind.COMMUNE_PC, valid_to__isnull=True, admin_unit__code__in=codes)
                         .select_related("admin_unit")}

    def commune(self, values) -> Agency:
        try:
            return self.communes[values["commune"]]
        except KeyError:
            raise CellError(COMMUNE_CODE, f"Không có xã mã {values['commune']} trong phạm vi của bạn.") from None

    def commune_values(self, obj) -> dict:
        return {"commune": obj.agency.admin_unit.code, "commune_name": obj.agency.admin_unit.name}


class VillageSheet(_CommuneSheet):
    kind = "villages"
    filterset_class = VillageFilterSet
    title = "Thôn, tổ dân phố"
    model = Village
    columns = [*_commune_columns(), Column(VILLAGE, "name", text, width=30, example="Thôn Nà Lang"),
               Column("Loại", "kind", choice(Village.Kind.choices), width=14)]
    key = ("agency_id", "name")

    def resolve(self, values):
        return {"agency_id": self.commune(values).id, "name": values["name"], "kind": values["kind"]}

    def queryset(self):
        return super().queryset().select_related("agency__admin_unit")

    def values(self, obj):
        return {**self.commune_values(obj), "name": obj.name, "kind": obj.get_kind_display()}


class _VillageSheet(_CommuneSheet):
    """Rows that name a village of a commune; the village must be registered first."""

    def prepare(self, rows):
        super().prepare(rows)
        self.villages = {(v.agency_id, v.name): v for v in Village.objects.filter(
            agency__in=self.communes.values()).select_related("team")}

    def village(self, values) -> Village:
        commune = self.commune(values)
        try:
            return self.villages[(commune.id, values["village"])]
        except KeyError:
            raise CellError(VILLAGE, f"Xã {commune.admin_unit.name} chưa có “{values['village']}”; "
                                     "hãy nhập danh sách thôn, tổ dân phố trước.") from None

    def team(self, values) -> CommunityTeam:
        village = self.village(values)
        team = getattr(village, "team", None)
        if team is None:
            raise CellError(VILLAGE, f"“{village.name}” chưa có Tổ công nghệ số cộng đồng; hãy nhập tổ trước.")
        return team

    def village_values(self, obj) -> dict:
        return {**self.commune_values(obj), "village": obj.village.name}


class TeamSheet(_VillageSheet):
    kind = "teams"
    filterset_class = TeamFilterSet
    title = "Tổ công nghệ số cộng đồng"
    model = CommunityTeam
    columns = [*_commune_columns(), Column(VILLAGE, "village", text, width=30, example="Thôn Nà Lang"),
               Column("Số quyết định thành lập", "decision_number", text, example="12/QĐ-UBND"),
               Column("Ngày quyết định", "decision_date", date, width=14)]
    guide_notes = ("Thôn, tổ dân phố phải có trong danh sách thôn của xã: hãy nhập mẫu “Thôn, tổ dân phố” trước.",)
    key = ("village_id",)

    def resolve(self, values):
        village = self.village(values)
        return {"village_id": village.id, "agency_id": village.agency_id, "decision_number": values["decision_number"],
                "decision_date": values["decision_date"], "valid_from": values["decision_date"]}

    def queryset(self):
        return super().queryset().select_related("village", "agency__admin_unit")

    def values(self, obj):
        return {**self.village_values(obj), "decision_number": obj.decision_number, "decision_date": obj.decision_date}


class TeamMemberSheet(_VillageSheet):
    kind = "team-members"
    filterset_class = TeamMemberFilterSet
    title = "Thành viên Tổ CNSCĐ"
    model = TeamMember
    columns = [*_commune_columns(), Column(VILLAGE, "village", text, width=30, example="Thôn Nà Lang"),
               Column("Họ và tên", "full_name", text, width=26, example="Lò Văn An"),
               Column("Điện thoại", "phone", phone, width=14),
               Column("Vai trò", "role", choice(TeamMember.Role.choices), width=22)]
    guide_notes = ("Thôn phải đã có Tổ công nghệ số cộng đồng: hãy nhập mẫu “Tổ công nghệ số cộng đồng” trước.",)
    key = ("team_id", "phone")

    def resolve(self, values):
        team = self.team(values)
        return {"team_id": team.id, "agency_id": team.agency_id, "full_name": values["full_name"],
                "phone": values["phone"], "role": values["role"]}

    def check_duplicates(self, rows, result: ImportResult):
        """A phone belongs to one member; the same name twice in a commune is worth a look, not a block."""
        by_phone: dict[str, int] = {}
        for number, row in rows:
            if row["phone"] in by_phone:
                result.errors.append(RowError(number, "Điện thoại",
                                              f"Số điện thoại trùng với dòng {by_phone[row['phone']]}."))
            by_phone.setdefault(row["phone"], number)
        team_of = {number: row["team_id"] for number, row in rows}
        conflicts = team_member_phone_conflicts({member_phone: team_of[number] for member_phone, number
                                                 in by_phone.items()}, acting_user=self.user)
        for member_phone, message in conflicts.items():
            result.errors.append(RowError(by_phone[member_phone], "Điện thoại", message))
        warn_same_names(rows, result, "xã")

    def queryset(self):
        return super().queryset().select_related("team__village", "agency__admin_unit")

    def values(self, obj):
        return {**self.commune_values(obj), "village": obj.team.village.name, "full_name": obj.full_name,
                "phone": obj.phone, "role": obj.get_role_display()}


class TeamActivitySheet(_VillageSheet):
    kind = "team-activities"
    filterset_class = TeamActivityFilterSet
    title = "Hoạt động của Tổ CNSCĐ"
    model = TeamActivity
    columns = [*_commune_columns(), Column(VILLAGE, "village", text, width=30, example="Thôn Nà Lang"),
               Column("Ngày", "date", date, width=12),
               Column("Kỹ năng", "skill_area", text, width=30, rule="Chọn một kỹ năng trong danh sách thả xuống."),
               Column("Số người được hỗ trợ", "people_helped", count, width=12),
               Column("Số hộ được hỗ trợ", "households_helped", count, required=False, width=12),
               Column("Ghi chú", "notes", text, required=False, width=40)]
    key = ("team_id", "date", "skill_area_id")

    def prepare(self, rows):
        super().prepare(rows)
        self.skills = by_name_or_code(SkillArea.objects.all())
        self.teams: dict[int, CommunityTeam] = {}

    def instance(self, row):
        activity = super().instance(row)
        activity.team = self.teams[row["team_id"]]  # at hand: the model checks the day against its founding
        return activity

    def resolve(self, values):
        team = self.team(values)
        self.teams[team.id] = team
        area = self.skills.get(fold(values["skill_area"]))
        if area is None:
            names = allowed_text(sorted({a.name for a in self.skills.values()}))
            raise CellError("Kỹ năng", f"Không có kỹ năng “{values['skill_area']}”; chọn một trong: {names}.")
        return {"team_id": team.id, "agency_id": team.agency_id, "date": values["date"], "skill_area_id": area.id,
                "people_helped": values["people_helped"], "households_helped": values["households_helped"] or 0,
                "notes": values["notes"] or ""}

    def queryset(self):
        return super().queryset().select_related("team__village", "agency__admin_unit", "skill_area")

    def values(self, obj):
        return {**self.commune_values(obj), "village": obj.team.village.name, "date": obj.date,
                "skill_area": obj.skill_area.name, "people_helped": obj.people_helped,
                "households_helped": obj.households_helped, "notes": obj.notes}


@describe("Mã tỉnh 2 chữ số, hoặc “quốc gia” cho mạng lưới quốc gia.", "15")
def province_code(value) -> str:
    raw = str(value).strip().removesuffix(".0")
    if fold(raw) in ("qg", "quoc gia", "toan quoc"):
        return ""
    if not raw.isdigit() or len(raw) > 2:
        raise ValueError(f"Mã tỉnh “{value}” phải gồm 2 chữ số, hoặc “quốc gia” cho mạng lưới quốc gia.")
    return raw.zfill(2)


class NetworkMemberSheet(Sheet):
    kind = "network-members"
    filterset_class = VoluntaryMemberFilterSet
    title = "Thành viên Mạng lưới CĐS"
    model = VoluntaryMember
    columns = [Column("Mã tỉnh", "province", province_code, width=10),
               Column("Loại thành viên", "kind", choice(VoluntaryMember.Kind.choices), width=14),
               Column("Loại tổ chức", "organisation_kind", choice(VoluntaryMember.OrganisationKind.choices),
                      required=False, width=28),
               Column("Tên thành viên", "name", text, width=32, example="Hợp tác xã Nông nghiệp số Bắc Hà"),
               Column("Người liên hệ", "contact_person", text, required=False, width=24, example="Nguyễn Văn An"),
               Column("Điện thoại", "phone", phone, width=14),
               Column("Thư điện tử", "email", text, required=False, width=26),
               Column("Lĩnh vực", "expertise", text, required=False, width=30)]
    key = ("network_id", "phone")

    def prepare(self, rows):
        self.networks = {(n.province.code if n.province else ""): n
                         for n in Network.objects.visible_to(self.user).select_related("province")}

    def resolve(self, values):
        network = self.networks.get(values["province"])
        if network is None:
            raise CellError("Mã tỉnh", "Mạng lưới này không thuộc phạm vi của bạn.")
        if values["kind"] == VoluntaryMember.Kind.ORGANISATION and not values["organisation_kind"]:
            raise CellError("Loại tổ chức", "Thành viên là tổ chức cần ghi loại tổ chức.")
        is_organisation = values["kind"] == VoluntaryMember.Kind.ORGANISATION
        return {"network_id": network.id, "agency_id": network.agency_id, "kind": values["kind"],
                "organisation_kind": values["organisation_kind"] if is_organisation else "",
                "name": values["name"], "contact_person": values["contact_person"] or "", "phone": values["phone"],
                "email": values["email"] or "", "expertise": values["expertise"] or ""}

    def queryset(self):
        return super().queryset().select_related("network__province")

    def values(self, obj):
        return {"province": obj.network.province.code if obj.network.province else "quốc gia",
                "kind": obj.get_kind_display(), "organisation_kind": obj.get_organisation_kind_display(),
                "name": obj.name, "contact_person": obj.contact_person, "phone": obj.phone, "email": obj.email,
                "expertise": obj.expertise}


