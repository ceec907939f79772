"""Periodic job of the audit log."""

from __future__ import annotations

from django_tasks import task

from .anchors import write_anchors


@task()
def anchor_chain_heads() -> int:
    """Write the heads of the chains that moved since the last anchor outside the database."""
    return write_anchors()
