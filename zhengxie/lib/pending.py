"""A pending item on the home page (工作台). Each app's selectors return these for one user in one
committee; reports/workbench.py lists the providers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PendingItem:
    label: str  # what kind of work, e.g. "待签收的督办事项"
    count: int
    url: str
    urgent: bool = False
