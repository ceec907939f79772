"""Periodic jobs of the shared mechanisms."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from .workdays import years_needing_entry

logger = logging.getLogger(__name__)


@task()
def check_holiday_calendar() -> list[int]:
    """Warn (daily) when this year's or, from November on, next year's holidays are unknown."""
    today = timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    missing = years_needing_entry(years)
    for year in missing:
        logger.warning("%s年节假日安排尚未录入，请系统管理员在国务院办公厅发布通知后录入", year)
    return missing
