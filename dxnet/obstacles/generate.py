"""Generated obstacles for `dxnet generate`: raised by the communes and departments of each province, in every
status, routed as `routing.handler_for` routes them (escalated ones sit at national level)."""

import datetime
import random

from dxnet.agencies.models import Agency

from . import calendar, routing
from .models import Category, HistoryEntry, Level, Obstacle
from .services import sla_days

TITLES = ["Thiếu kinh phí triển khai", "Chưa có hướng dẫn nghiệp vụ", "Hạ tầng mạng chưa đáp ứng",
          "Dữ liệu chưa được kết nối", "Thiếu cán bộ chuyên trách", "Chưa rõ thẩm quyền phê duyệt",
          "Phần mềm dùng chung chưa ổn định", "Chưa được tập huấn", "Vị trí việc làm chưa được phê duyệt",
          "Chưa có quy chế an toàn thông tin"]
BATCH = 5000


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date, per_province: int = 590
             ) -> dict[str, int]:
    categories = list(Category.objects.all())
    national = routing.national_handler()
    rows: list[Obstacle] = []
    chains: list[list[Agency]] = []
    for pc in provinces:
        askers = list(Agency.objects.filter(parent=pc, kind__in=(Agency.Kind.COMMUNE_PC,
                                                                  Agency.Kind.PROVINCIAL_DEPARTMENT),
                                            valid_to__isnull=True).order_by("code"))
        lead = routing.handler_for(askers[0]) if askers else None
        if lead is None:
            continue
        for _ in range(per_province):
            agency = rng.choice(askers)
            raised = today - datetime.timedelta(days=rng.randint(0, 420))
            obstacle = Obstacle(agency=agency, title=rng.choice(TITLES), description="Đề nghị cấp trên hướng dẫn.",
                                category=rng.choice(categories), raised_on=raised, handler=lead,
                                level=Level.PROVINCE, level_since=raised)
            chain = [lead]
            fate = rng.random()
            if fate < 0.15:  # escalated to national, some of them beyond authority
                obstacle.status, obstacle.handler, obstacle.level = Obstacle.Status.ESCALATED, national, Level.NATIONAL
                obstacle.level_since = min(today, raised + datetime.timedelta(days=rng.randint(1, 20)))
                obstacle.beyond_authority = rng.random() < 0.2
                chain.append(national)
            elif fate < 0.55:  # answered, closed by the asker or 30 days after the answer
                obstacle.answered_on = min(today, raised + datetime.timedelta(days=rng.randint(1, 30)))
                obstacle.answer, obstacle.answered_by = "Đã hướng dẫn bằng văn bản.", lead
                if (today - obstacle.answered_on).days > 30 or rng.random() < 0.4:
                    obstacle.status = Obstacle.Status.CLOSED
                    obstacle.closed_on = min(today, obstacle.answered_on + datetime.timedelta(days=30))
                else:
                    obstacle.status = Obstacle.Status.ANSWERED
            obstacle.due_on = calendar.add_working_days(obstacle.level_since, sla_days(obstacle.level))
            rows.append(obstacle)
            chains.append(chain)
    Obstacle.objects.bulk_create(rows, batch_size=BATCH)
    through, steps = Obstacle.handlers.through, []
    through.objects.bulk_create([through(obstacle_id=o.pk, agency_id=a.pk)
                                 for o, chain in zip(rows, chains, strict=True) for a in chain], batch_size=BATCH)
    for obstacle, chain in zip(rows, chains, strict=True):
        steps.append(HistoryEntry(obstacle=obstacle, kind=HistoryEntry.Kind.RAISED, agency=obstacle.agency,
                                  level=Level.PROVINCE, text=obstacle.description))
        if obstacle.level == Level.NATIONAL:
            steps.append(HistoryEntry(obstacle=obstacle, kind=HistoryEntry.Kind.ESCALATED, level=Level.PROVINCE,
                                      agency=chain[0], text="Vượt thẩm quyền cấp tỉnh."))
        if obstacle.beyond_authority:
            steps.append(HistoryEntry(obstacle=obstacle, kind=HistoryEntry.Kind.BEYOND_AUTHORITY,
                                      level=Level.NATIONAL, agency=chain[-1], text="Báo cáo Thủ tướng Chính phủ."))
        if obstacle.answered_on:
            steps.append(HistoryEntry(obstacle=obstacle, kind=HistoryEntry.Kind.ANSWERED, level=Level.PROVINCE,
                                      agency=obstacle.answered_by, text=obstacle.answer))
    HistoryEntry.objects.bulk_create(steps, batch_size=BATCH)
    return {"vướng mắc": len(rows), "bước xử lý vướng mắc": len(steps)}
