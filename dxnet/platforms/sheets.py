"""Who uses which shared platform, as a spreadsheet."""

from dxnet.core.spreadsheets import CellError, Column, Sheet, by_name_or_code, date, phone, text
from dxnet.core.text import fold
from dxnet.people.members import AGENCY_CODE, PHONE, MemberLookup

from .filters import PlatformUsageFilterSet
from .models import PlatformUsage, SharedPlatform

PLATFORM = "Nền tảng"


class PlatformUsageSheet(Sheet):
    kind = "platform-usages"
    title = "Sử dụng nền tảng số dùng chung"
    model = PlatformUsage
    columns = [Column(AGENCY_CODE, "agency", text, width=24), Column(PHONE, "phone", phone, width=14),
               Column("Thành viên", "member", text, required=False, export_only=True, width=30),
               Column(PLATFORM, "platform", text, width=40), Column("Từ ngày", "valid_from", date, width=12),
               Column("Đến ngày", "valid_to", date, required=False, width=12)]
    key = ("platform_id", "person_id", "voluntary_member_id")
    filterset_class = PlatformUsageFilterSet

    def prepare(self, rows):
        self.lookup = MemberLookup(self.user, rows)
        self.platforms = by_name_or_code(SharedPlatform.objects.visible_to(self.user))

    def resolve(self, values):
        person, member = self.lookup.member(values["agency"], values["phone"])
        platform = self.platforms.get(fold(values["platform"]))
        if platform is None:
            raise CellError(PLATFORM, f"Không có nền tảng “{values['platform']}” trong danh mục.")
        return {"agency_id": (person or member).agency_id, "person_id": person.pk if person else None,
                "voluntary_member_id": member.pk if member else None, "platform_id": platform.pk,
                "valid_from": values["valid_from"], "valid_to": values["valid_to"]}

    def queryset(self):
        return super().queryset().select_related("agency", "person", "voluntary_member", "platform")

    def values(self, usage):
        return {"agency": usage.agency.code, "phone": usage.member.phone, "member": str(usage.member),
                "platform": usage.platform.code, "valid_from": usage.valid_from, "valid_to": usage.valid_to}
