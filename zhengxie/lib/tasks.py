"""Periodic jobs of the shared mechanisms."""

from __future__ import annotations

import logging

from django_tasks import task

from .workdays import years_needing_entry, years_to_check

logger = logging.getLogger(__name__)


@task()
def check_holiday_calendar() -> list[int]:
    """Warn (daily) when this year's or, from November on, next year's holidays are unknown."""
    missing = years_needing_entry(years_to_check())
    for year in missing:
        logger.warning("%s年节假日安排尚未录入，请系统管理员在国务院办公厅发布通知后录入", year)
    return missing
