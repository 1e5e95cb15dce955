"""Reading regions and municipalities."""

from django.db.models import QuerySet

from .models import Region


def all_regions() -> QuerySet[Region]:
    return Region.objects.order_by("name")
