"""Reading regions and municipalities."""

from django.db.models import QuerySet

from .models import Municipality, Region


def all_regions() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def municipality_by_name(name: str) -> Municipality | None:
    return Municipality.objects.select_related("region").filter(name__iexact=name.strip()).first()
