"""Events recorded inside a job's batch (`lib.batch`) are chained at the batch's end, inserted at
once, and verify exactly like events written one by one."""

from __future__ import annotations

from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from zhengxie.audit.models import AuditChainHead, AuditEvent
from zhengxie.audit.services import record
from zhengxie.lib.batch import batch


class Boom(Exception):
    pass


def test_a_batch_writes_its_events_in_one_insert_and_the_chain_verifies(db, capsys):
    record(action="test.before", committee_id=7)
    with CaptureQueriesContext(connection) as queries, batch():
        for i in range(30):
            record(action="test.batched", committee_id=7, data={"n": i})
    inserts = [
        q for q in queries.captured_queries if "audit_event" in q["sql"] and q["sql"].startswith("INSERT")
    ]
    assert len(inserts) == 1
    events = list(AuditEvent.objects.filter(chain="committee-7").order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 32))
    assert [e.data.get("n") for e in events[1:]] == list(range(30))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    head = AuditChainHead.objects.get(chain="committee-7")
    assert (head.last_seq, head.last_hash, head.last_event_id) == (31, events[-1].hash, events[-1].pk)
    record(action="test.after", committee_id=7)  # the next event outside the batch joins the chain
    call_command("verify_audit")
    assert "32 条事件完整" in capsys.readouterr().out


def test_the_events_of_a_rolled_back_savepoint_in_a_batch_are_not_written(db, capsys):
    with batch():
        record(action="test.a", committee_id=7)
        with pytest.raises(Boom), transaction.atomic():
            record(action="test.undone", committee_id=7)
            raise Boom
        record(action="test.b", committee_id=7)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "seq")) == [
        ("test.a", 1),
        ("test.b", 2),
    ]
    call_command("verify_audit")
    assert "2 条事件完整" in capsys.readouterr().out


def test_a_failed_batch_leaves_no_event_and_the_chain_untouched(db):
    first = record(action="test.a", committee_id=7)
    with pytest.raises(Boom), batch():
        record(action="test.lost", committee_id=7)
        raise Boom
    after = record(action="test.b", committee_id=7)
    assert (after.seq, after.prev_hash) == (2, first.hash)
    assert not AuditEvent.objects.filter(action="test.lost").exists()


def test_outside_a_batch_each_event_is_written_at_once(db):
    event = record(action="test.a", committee_id=7)
    assert event.pk is not None and event.seq == 1
