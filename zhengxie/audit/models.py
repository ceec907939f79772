"""The append-only audit log, in chains keyed with HMAC-SM3 so that any later change to a stored
event shows. One chain per committee (and a few for events without one), so that writers of
different committees never wait for each other."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One recorded action: who did what to which object, when, from where, and whether it worked.

    Each event is number `seq` of its `chain`, and
    `hash = HMAC-SM3(audit key, prev_hash + canonical form of this event)`; `manage.py verify_audit`
    recomputes every chain. Events written before chains existed form the chain "legacy" (no
    `seq`, plain SM3, linked in id order). Rows are never updated or deleted: the application's
    queryset refuses, and a database trigger refuses too (migration 0004).
    """

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    committee_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    success = models.BooleanField(default=True)
    chain = models.CharField(max_length=40)
    seq = models.BigIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        db_table = "audit_event"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object_idx")]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_uniq")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"


class AuditChainHead(models.Model):
    """The newest event of one chain. Locking the row serialises appends to that chain only."""

    chain = models.CharField(max_length=40, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(default=0)

    class Meta:
        db_table = "audit_chain_head"

    def __str__(self) -> str:
        return f"{self.chain} #{self.last_seq}"
