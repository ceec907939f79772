"""The committee's search settings (`SearchSetting`): whether its offices search the committees
below it, and how many years back the duplicate hints look. Written by the committee's system
administrator from the settings page; every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Committee

from .models import SearchSetting
from .query import BELOW_LEVELS

MIN_YEARS, MAX_YEARS = 1, 10


def setting_for(committee: Committee) -> SearchSetting:
    """The committee's row, or an unsaved one with the defaults it has without a row (search
    below on for province and city committees, three years of duplicate hints)."""
    found = SearchSetting.objects.filter(committee=committee).first()
    if found is not None:
        return found
    return SearchSetting(committee=committee, search_below=committee.level in BELOW_LEVELS)


def setting_update(*, committee: Committee, by: Any, search_below: bool, similar_years: int) -> SearchSetting:
    if not (MIN_YEARS <= similar_years <= MAX_YEARS):
        raise DomainError(f"查重年限应为{MIN_YEARS}至{MAX_YEARS}年")
    with transaction.atomic():
        row = setting_for(committee)
        before = {"search_below": row.search_below, "similar_years": row.similar_years}
        row.search_below, row.similar_years = search_below, similar_years
        row.save()
        record(
            action="search.setting.changed",
            obj=row,
            by=by,
            committee_id=committee.pk,
            data={"before": before, "search_below": search_below, "similar_years": similar_years},
        )
    return row
