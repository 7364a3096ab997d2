"""The dashboard card of success stories: the year's stories in the scope, and how many are published."""

from django.db.models import Count, Q

from dxnet.geo.models import AdminUnit

from .models import SuccessStory


def compute_card(scope, national: bool) -> dict | None:
    """Counts for the scope's year up to its day; the numbers link to the list filtered the same way."""
    year = scope.as_of.year
    stories = (SuccessStory.objects.filter(scope.under("agency")) if scope.roots
               else SuccessStory.objects.visible_to(scope.user))
    query = f"year={year}"
    if scope.province_path:
        stories = stories.filter(agency__admin_unit__path__startswith=scope.province_path)
        province = AdminUnit.objects.filter(path=scope.province_path).values_list("pk", flat=True).first()
        query += f"&province={province}" if province else ""
    counts = stories.filter(date__year=year, date__lte=scope.as_of).aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(published=True)))
    return {"year": year, "query": query, **counts}
