"""What of obstacles moves when an agency ends in a reorganisation: the open ones it raised, and the open ones it
was handling (the successor handles them and sees them from then on); closed ones stay with it, as history."""

from dxnet.agencies.reorganisation import Movable

from .models import Obstacle


def _open(**lookup):
    return Obstacle.objects.filter(**lookup).exclude(status=Obstacle.Status.CLOSED)


def _receiver_handles(obstacles, receiver, actor) -> None:
    for obstacle in obstacles:
        obstacle.handlers.add(receiver)


MOVABLES = (
    Movable("obstacles", "Vướng mắc, kiến nghị chưa đóng do cơ quan nêu",
            lambda olds, day: _open(agency__in=olds)),
    Movable("handled_obstacles", "Vướng mắc, kiến nghị chưa đóng cơ quan đang xử lý",
            lambda olds, day: _open(handler__in=olds), field="handler", after=_receiver_handles),
)
