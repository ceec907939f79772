from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.audit.tampering import sql
from zhengxie.audit.models import AuditChainHead, AuditEvent
from zhengxie.audit.services import canonical, record
from zhengxie.lib.crypto import sm3_hex


@pytest.fixture
def events(db):
    return [record(action=f"test.event{i}", committee_id=7, data={"n": i, "名": "值"}) for i in range(5)]


def test_an_intact_chain_verifies_with_a_line_per_chain(events, capsys):
    record(action="auth.login", actor_name="wang")
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "委员会 #7 的审计链：5 条事件完整" in out
    assert "系统审计链" in out
    assert "审计日志完整：2 条审计链，已校验 6 条事件" in out


def test_events_are_numbered_in_their_committees_chain(events):
    other = record(action="test.other", committee_id=8)
    assert [(e.chain, e.seq) for e in events] == [("committee-7", n) for n in range(1, 6)]
    assert (other.chain, other.seq, other.prev_hash) == ("committee-8", 1, "0" * 64)
    assert events[1].prev_hash == events[0].hash
    head = AuditChainHead.objects.get(chain="committee-7")
    assert (head.last_seq, head.last_hash, head.last_event_id) == (5, events[-1].hash, events[-1].pk)


def test_one_transaction_appends_to_one_chain(db):
    # So that a transaction holds one head lock and two transactions cannot deadlock on heads.
    with transaction.atomic():
        first = record(action="test.a", committee_id=7)
        second = record(action="test.b", committee_id=8)
        login = record(action="auth.login", actor_name="wang")
    assert first.chain == second.chain == login.chain == "committee-7"
    assert [first.seq, second.seq, login.seq] == [1, 2, 3]
    assert second.committee_id == 8
    assert record(action="test.c", committee_id=8).chain == "committee-8"


def test_later_events_of_a_transaction_do_not_read_the_head_again(db):
    # A nightly job writes thousands of events: the head this transaction wrote is remembered.
    with transaction.atomic():
        record(action="test.a", committee_id=7)
        with CaptureQueriesContext(connection) as writes:
            record(action="test.b", committee_id=7)
    assert [q["sql"].split()[0] for q in writes.captured_queries] == ["INSERT", "UPDATE"]
    with CaptureQueriesContext(connection) as fresh:
        record(action="test.c", committee_id=7)  # a transaction of its own reads the head under lock
    assert any(
        "audit_chain_head" in q["sql"] and q["sql"].startswith("SELECT") for q in fresh.captured_queries
    )


class Boom(Exception):
    pass


def test_an_event_of_a_rolled_back_savepoint_leaves_no_gap_in_the_chain(db, capsys):
    with transaction.atomic():
        first = record(action="test.a", committee_id=7)
        with pytest.raises(Boom), transaction.atomic():
            record(action="test.undone", committee_id=7)
            raise Boom
        after = record(action="test.b", committee_id=7)
    assert first.seq is not None and (after.seq, after.prev_hash) == (first.seq + 1, first.hash)
    assert not AuditEvent.objects.filter(action="test.undone").exists()
    call_command("verify_audit")
    assert "2 条事件完整" in capsys.readouterr().out


def test_events_without_a_committee_spread_over_system_chains(db):
    chains = {record(action="auth.login", actor_name=f"user{i}").chain for i in range(40)}
    assert len(chains) > 1 and all(c.startswith("system-") for c in chains)
    assert (
        record(action="auth.login", actor_name="user1").chain == record(action="x", actor_name="user1").chain
    )


def test_an_altered_event_is_named(events):
    sql("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 99}', events[2].pk])
    with pytest.raises(CommandError, match=f"事件 #{events[2].pk} 内容与其哈希不符"):
        call_command("verify_audit")


def test_a_changed_actor_name_is_detected(events):
    sql("UPDATE audit_event SET actor_name = %s WHERE id = %s", ["someone", events[1].pk])
    with pytest.raises(CommandError, match=f"#{events[1].pk}"):
        call_command("verify_audit")


def _rewrite_and_rehash(events: list[AuditEvent], index: int, rehash) -> None:
    """The forgery: change one event, then recompute the hash of it and of every later event and
    of the chain's head, with a hash function of the attacker's choosing."""
    sql("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": "forged"}', events[index].pk])
    prev = events[index].prev_hash
    for event in AuditEvent.objects.filter(pk__gte=events[index].pk).order_by("id"):
        new_hash = rehash(prev, event)
        sql("UPDATE audit_event SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new_hash, event.pk])
        prev = new_hash
    sql("UPDATE audit_chain_head SET last_hash = %s WHERE last_event_id = %s", [prev, events[-1].pk])


def test_a_rewritten_and_rehashed_log_is_detected(events):
    # With write access to the database and the project's code, but not the audit key: the SM3 of
    # the previous hash and the canonical event, as the chain was computed before it was keyed.
    _rewrite_and_rehash(events, 1, lambda prev, event: sm3_hex((prev + canonical(event)).encode()))
    with pytest.raises(CommandError, match=f"事件 #{events[1].pk} 内容与其哈希不符"):
        call_command("verify_audit")


def test_rehashing_with_the_projects_function_under_a_guessed_key_is_detected(events, settings):
    from zhengxie.audit.services import chain_hash

    def rehash(prev: str, event: AuditEvent) -> str:
        with override_key(settings, "ab" * 16):
            return chain_hash(prev, event)

    _rewrite_and_rehash(events, 3, rehash)
    with pytest.raises(CommandError, match=f"事件 #{events[3].pk} 内容与其哈希不符"):
        call_command("verify_audit")


class override_key:
    def __init__(self, settings, key: str) -> None:
        self.settings, self.key = settings, key

    def __enter__(self) -> None:
        self.old = self.settings.AUDIT_KEY
        self.settings.AUDIT_KEY = self.key

    def __exit__(self, *exc: object) -> None:
        self.settings.AUDIT_KEY = self.old


def test_verifying_with_another_key_fails(events, settings):
    settings.AUDIT_KEY = "cd" * 16
    with pytest.raises(CommandError, match="审计密钥与写入时不同"):
        call_command("verify_audit")


def test_a_deleted_event_is_detected_at_its_successor(events):
    sql("DELETE FROM audit_event WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"事件 #{events[3].pk} 之前的第 3 条事件缺失"):
        call_command("verify_audit")


def test_a_deleted_last_event_is_detected(events):
    sql("DELETE FROM audit_event WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="链尾"):
        call_command("verify_audit")


def test_a_deleted_chain_head_is_detected(events):
    sql("DELETE FROM audit_chain_head WHERE chain = %s", ["committee-7"])
    with pytest.raises(CommandError, match="链尾记录缺失"):
        call_command("verify_audit")


def test_legacy_events_written_before_chains_still_verify_and_show_tampering(db, capsys):
    # Events as the unkeyed single chain wrote them before migration 0003.
    prev = "0" * 64
    legacy = []
    for i in range(3):
        event = AuditEvent(
            created_at=record(action="probe").created_at, action=f"old.{i}", chain="legacy", data={"i": i}
        )
        event.prev_hash, event.hash = prev, sm3_hex((prev + canonical(event)).encode())
        event.save(force_insert=True)
        legacy.append(event)
        prev = event.hash
    AuditChainHead.objects.create(chain="legacy", last_hash=prev, last_event_id=legacy[-1].pk)
    call_command("verify_audit")
    assert "启用分链前的审计链：3 条事件完整" in capsys.readouterr().out
    sql("UPDATE audit_event SET action = %s WHERE id = %s", ["old.x", legacy[1].pk])
    with pytest.raises(CommandError, match=f"启用分链前的审计链：事件 #{legacy[1].pk} 内容与其哈希不符"):
        call_command("verify_audit")


def test_the_application_cannot_update_or_delete_events(events):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=events[0].pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
