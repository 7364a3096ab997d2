"""What of plans moves when an agency ends in a reorganisation: the open tasks it leads and its plans of the
event's year (past years' plans stay with it, as history)."""

from dxnet.agencies.reorganisation import Movable

from .models import Plan, Task

MOVABLES = (
    Movable("tasks", "Nhiệm vụ chưa hoàn thành do cơ quan chủ trì",
            lambda olds, day: Task.objects.filter(lead__in=olds).exclude(status=Task.Status.DONE), field="lead"),
    Movable("plans", "Kế hoạch của năm sắp xếp",
            lambda olds, day: Plan.objects.filter(agency__in=olds, year__lte=day.year, until_year__gte=day.year)
            .exclude(status=Plan.Status.WITHDRAWN)),
)
