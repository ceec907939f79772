"""The database refuses UPDATE and DELETE on audit events whatever code sends them (both databases)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'x' WHERE id = %s", "DELETE FROM audit_event WHERE id = %s"],
)
def test_the_database_refuses_to_change_an_event(db, statement):
    event = record(action="test.kept", committee_id=1)
    with (
        pytest.raises(DatabaseError, match="审计事件只能追加"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"


def test_a_flush_still_empties_the_log(transactional_db):
    # Test cases that flush the database between tests (live server, transactional) rely on it.
    from django.core.management import call_command

    record(action="test.flushed", committee_id=1)
    call_command("flush", verbosity=0, interactive=False)
    assert not AuditEvent.objects.exists()
    record(action="test.after", committee_id=1)
    assert AuditEvent.objects.get().seq == 1
