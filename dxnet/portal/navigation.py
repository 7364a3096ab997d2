"""The menu, shaped by who signs in: the national level sees every register, a province (or a ministry) what it
manages, a commune what it works on every day — its commune, its teams, members, activities, tasks, obstacles.
The page being shown is marked (aria-current)."""

from dataclasses import dataclass

from django.urls import reverse

from dxnet.geo.models import AdminUnit

NATIONAL, PROVINCE, COMMUNE = "national", "province", "commune"
EVERYONE = frozenset({NATIONAL, PROVINCE, COMMUNE})
ABOVE_COMMUNE = frozenset({NATIONAL, PROVINCE})


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    audiences: frozenset = EVERYONE
    permission: str = ""  # a property of the user that must be true ("" for everyone of the audiences)


ITEMS = (
    Item("Điều hành", "monitoring:dashboard", ABOVE_COMMUNE),
    Item("Cây tổ chức", "agencies:tree", ABOVE_COMMUNE),
    Item("Cơ quan, đơn vị", "agencies:list", ABOVE_COMMUNE),
    Item("Đơn vị hành chính", "geo:list", frozenset({NATIONAL})),
    Item("Cán bộ", "people:list"),
    Item("Đầu mối", "people:focal-points", ABOVE_COMMUNE),
    Item("Mạng lưới", "network:list", ABOVE_COMMUNE),
    Item("Tổ CNSCĐ", "network:teams"),
    Item("Thành viên Tổ", "network:team-members", frozenset({COMMUNE})),
    Item("Hoạt động", "network:activities", frozenset({COMMUNE})),
    Item("Kế hoạch", "plans:list", ABOVE_COMMUNE),
    Item("Chỉ tiêu", "plans:indicators", ABOVE_COMMUNE),
    Item("Kinh phí", "plans:spending", ABOVE_COMMUNE),
    Item("Nhiệm vụ", "plans:my-tasks"),
    Item("Báo cáo", "reporting:rounds"),
    Item("Kiểm tra", "inspections:list"),
    Item("Ban Chỉ đạo", "steering:list", ABOVE_COMMUNE),
    Item("Vướng mắc", "obstacles:list"),
    Item("An toàn thông tin", "infosec:list", ABOVE_COMMUNE),
    Item("Bồi dưỡng", "training:records"),
    Item("Nền tảng", "platforms:catalogue", ABOVE_COMMUNE),
    Item("Mô hình hay", "stories:list"),
    Item("Nhập, xuất Excel", "exchange:index"),
    Item("Tài khoản", "accounts:list", ABOVE_COMMUNE),
    Item("Sắp xếp tổ chức", "agencies:events", frozenset({NATIONAL})),
    Item("Nhật ký truy cập", "access-log", permission="can_review_access_log"),
)


def audience(user) -> str:
    if user.sees_everything:
        return NATIONAL
    unit = user.agency.admin_unit if user.agency_id else None
    return COMMUNE if unit is not None and unit.level != AdminUnit.Level.PROVINCE else PROVINCE


def menu(request) -> dict:
    """Context processor: `menu`, the user's items as (label, url, current), and `home_agency` for a commune."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    who = audience(user)
    items = [(item.label, reverse(item.url_name)) for item in ITEMS
             if who in item.audiences and (not item.permission or getattr(user, item.permission))]
    if who == COMMUNE:  # the commune's own page comes first
        items.insert(0, ("Đơn vị của tôi", reverse("agencies:detail", args=[user.agency_id])))
    # The item whose address is the longest start of the page's address is the current one.
    current = max((url for _, url in items if request.path.startswith(url)), key=len, default=None)
    return {"menu": [(label, url, url == current) for label, url in items]}
