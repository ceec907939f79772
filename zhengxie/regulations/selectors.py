"""Reads of the regulations library."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from .models import Regulation, Version


def regulations(committee_id: int, *, category: str = "", repealed: bool = False) -> QuerySet[Regulation]:
    current = Version.objects.filter(regulation=OuterRef("pk")).order_by("-number")
    qs = Regulation.objects.filter(committee_id=committee_id, is_repealed=repealed).annotate(
        current_number=Max("versions__number"),
        effective_on=Subquery(current.values("effective_on")[:1]),
    )
    return qs.filter(category=category) if category else qs


def yearly_counts(committee_id: int) -> list[dict[str, int]]:
    """New and revised rules per year of adoption, newest year first (seed 002's 新建/修订制度)."""
    return list(
        Version.objects.filter(committee_id=committee_id)
        .annotate(year=ExtractYear("adopted_on"))
        .values("year")
        .annotate(
            new=Count("id", filter=Q(kind=Version.Kind.NEW)),
            revised=Count("id", filter=Q(kind=Version.Kind.REVISED)),
        )
        .order_by("-year")[:10]
    )
