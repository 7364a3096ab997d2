"""Finding a DX Network member in a spreadsheet row: the agency's code and the member's phone."""

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import CellError
from dxnet.network.models import VoluntaryMember

from .models import Person

AGENCY_CODE = "Mã cơ quan"
PHONE = "Điện thoại"


class MemberLookup:
    """The people and voluntary members of the rows' agencies, among those `user` may see, in three queries."""

    def __init__(self, user, rows: list[dict]):
        codes = {row["agency"] for row in rows}
        self.agencies = {a.code: a for a in Agency.objects.visible_to(user).filter(code__in=codes)}
        ids = [a.pk for a in self.agencies.values()]
        self.people = {(p.agency_id, p.phone): p for p in Person.objects.visible_to(user).filter(agency_id__in=ids)}
        self.members = {(m.agency_id, m.phone): m for m in
                        VoluntaryMember.objects.visible_to(user).filter(agency_id__in=ids)}

    def agency(self, code: str) -> Agency:
        try:
            return self.agencies[code]
        except KeyError:
            raise CellError(AGENCY_CODE, f"Không có cơ quan mã “{code}” trong phạm vi của bạn.") from None

    def person(self, code: str, phone: str) -> Person:
        agency = self.agency(code)
        try:
            return self.people[(agency.pk, phone)]
        except KeyError:
            raise CellError(PHONE, f"{agency} không có cán bộ số điện thoại {phone}.") from None

    def member(self, code: str, phone: str) -> tuple[Person | None, VoluntaryMember | None]:
        """A person of the agency with that phone, else a voluntary member it manages."""
        agency = self.agency(code)
        person, member = self.people.get((agency.pk, phone)), self.members.get((agency.pk, phone))
        if person is None and member is None:
            raise CellError(PHONE, f"{agency} không có cán bộ hay thành viên tự nguyện số điện thoại {phone}.")
        return person, (None if person else member)
