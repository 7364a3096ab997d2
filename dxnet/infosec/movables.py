"""What of the register moves when an agency ends in a reorganisation: the systems still in the register go to the
successor (their assessments and labels with them); retired systems and past drills stay with it, as history."""

from django.db.models import Q

from dxnet.agencies.reorganisation import Movable

from .models import InformationSystem


def _in_register(olds, day):
    return InformationSystem.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), agency__in=olds)


def _milestone_follows(systems, receiver, actor) -> None:
    from .services import sync_dossier_milestone

    sync_dossier_milestone(receiver, acting_user=actor)


MOVABLES = (Movable("information_systems", "Hệ thống thông tin đang hoạt động", _in_register,
                    after=_milestone_follows),)
