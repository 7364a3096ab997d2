"""The consolidated report of a reporting round gains the security table: per agency asked, its register on the
report's day (registered in reporting's `register_table` from AppConfig.ready())."""

from dxnet.agencies.models import Agency

from . import rules
from .models import InformationSystem, SecurityDrill

HEADER = ["Cơ quan", "Hệ thống thông tin", "Đã phê duyệt hồ sơ cấp độ", "Đã triển khai phương án bảo vệ",
          "Quá hạn kiểm tra, đánh giá", "Trang, cổng được đánh giá và có nhãn tín nhiệm mạng",
          "Diễn tập thực chiến trong năm"]


def consolidated_table(scope) -> tuple[list[str], list[list]]:
    """One row per agency asked that has systems or drills (none: no table); a few grouped queries."""
    bodies = Agency.objects.filter(path__in=scope.roots).order_by("name") if scope.roots else Agency.objects.none()
    rows = {body.path: rules.BodyFigures(body) for body in bodies}
    if not rows:
        return HEADER, []
    rules.fill(rows, scope.visible(InformationSystem), scope.as_of, drills=scope.visible(SecurityDrill))
    return HEADER, [[row.body.name, row.systems, f"{row.approved}/{row.systems}", f"{row.protected}/{row.systems}",
                     row.overdue, f"{row.public_compliant}/{row.public}", row.live_fire_drills]
                    for row in rows.values() if row.systems or row.drills]
