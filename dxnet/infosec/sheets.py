"""The register of information systems as a spreadsheet: the same columns in, out and in the template.

An import is all or nothing with row and column errors (core.spreadsheets); its rows go through the model's rules
(levels 1–5, past days, the approval's two halves) and the write through `services.do_import_systems`, so the
milestone “security-dossiers” follows an import as it follows a form.
"""

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import CellError, Column, Sheet, choice, count, date, text

from . import services
from .filters import InformationSystemFilterSet
from .models import InformationSystem

AGENCY_CODE = "Mã cơ quan"
YES_NO = [("yes", "Có"), ("no", "Không")]


def level(value) -> int:
    """A level as typed: a whole number (its range is the model's rule, with its message)."""
    return count(value)


class InformationSystemSheet(Sheet):
    kind = "information-systems"
    title = "Hệ thống thông tin theo cấp độ"
    model = InformationSystem
    columns = [Column(AGENCY_CODE, "agency", text, width=24),
               Column("Tên hệ thống", "name", text, required=False, width=40),
               Column("Mục đích, chức năng", "purpose", text, required=False, width=40),
               Column("Đơn vị vận hành", "operator", text, required=False, width=30),
               Column("Nơi đặt hệ thống", "hosting", text, required=False, width=30),
               Column("Địa chỉ truy cập", "url", text, required=False, width=30),
               Column("Trang, cổng thông tin công khai", "public_facing", choice(YES_NO), required=False, width=12),
               Column("Cấp độ đề xuất", "proposed_level", level, required=False, width=10),
               Column("Cấp độ được phê duyệt", "approved_level", level, required=False, width=10),
               Column("Số văn bản phê duyệt", "dossier_number", text, required=False, width=20),
               Column("Ngày phê duyệt", "dossier_date", date, required=False, width=14),
               Column("Cơ quan, người phê duyệt", "dossier_approver", text, required=False, width=30),
               Column("Ngày triển khai phương án bảo vệ", "protection_implemented_on", date, required=False,
                      width=14),
               Column("Đánh giá gần nhất", "last_assessed_on", date, required=False, export_only=True, width=14),
               Column("Hạn đánh giá tiếp theo", "next_due", date, required=False, export_only=True, width=14)]
    key = ("agency_id", "name")
    filterset_class = InformationSystemFilterSet

    def prepare(self, rows):
        codes = {row["agency"] for row in rows}
        self.agencies = {a.code: a for a in Agency.objects.visible_to(self.user).filter(code__in=codes)}

    def resolve(self, values):
        agency = self.agencies.get(values["agency"])
        if agency is None:
            raise CellError(AGENCY_CODE, f"Không có cơ quan mã “{values['agency']}” trong phạm vi của bạn.")
        return {"agency_id": agency.pk, "name": values["name"] or "", "purpose": values["purpose"] or "",
                "operator": values["operator"] or "", "hosting": values["hosting"] or "", "url": values["url"] or "",
                "public_facing": values["public_facing"] == "yes", "proposed_level": values["proposed_level"],
                "approved_level": values["approved_level"], "dossier_number": values["dossier_number"] or "",
                "dossier_date": values["dossier_date"], "dossier_approver": values["dossier_approver"] or "",
                "protection_implemented_on": values["protection_implemented_on"]}

    def write(self, rows, *, acting_user):
        return services.do_import_systems(rows, acting_user=acting_user)

    def queryset(self):
        return super().queryset().select_related("agency")

    def values(self, system):
        from . import rules

        last = getattr(system, "last_assessed_on", None)
        return {"agency": system.agency.code, "name": system.name, "purpose": system.purpose,
                "operator": system.operator, "hosting": system.hosting, "url": system.url,
                "public_facing": "Có" if system.public_facing else "Không", "proposed_level": system.proposed_level,
                "approved_level": system.approved_level, "dossier_number": system.dossier_number,
                "dossier_date": system.dossier_date, "dossier_approver": system.dossier_approver,
                "protection_implemented_on": system.protection_implemented_on, "last_assessed_on": last,
                "next_due": rules.next_assessment_due(system.approved_level, system.dossier_date, last)}
