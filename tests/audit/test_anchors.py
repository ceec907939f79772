"""The chains' heads anchored outside the database, and what the anchors let verify_audit see."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import CommandError, call_command

from tests.audit.tampering import sql
from zhengxie.audit.anchors import read_anchors, write_anchors
from zhengxie.audit.models import AuditChainHead
from zhengxie.audit.services import record


@pytest.fixture
def anchor_file(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors" / "audit-anchors.jsonl")
    return tmp_path / "anchors" / "audit-anchors.jsonl"


@pytest.fixture
def events(db):
    return [record(action=f"test.{i}", committee_id=7) for i in range(5)]


def test_heads_are_anchored_once_until_they_move(events, anchor_file, caplog):
    record(action="auth.login", actor_name="wang")
    with caplog.at_level(logging.INFO, logger="zhengxie.audit.anchor"):
        assert write_anchors() == 2
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    mine = next(line for line in lines if line["chain"] == "committee-7")
    assert (mine["seq"], mine["event"], mine["hash"]) == (5, events[-1].pk, events[-1].hash)
    assert mine["mac"] and mine["at"]
    assert len([r for r in caplog.records if r.name == "zhengxie.audit.anchor"]) == 2
    assert write_anchors() == 0
    record(action="test.more", committee_id=7)
    assert write_anchors() == 1
    assert len(read_anchors()) == 3


def test_the_periodic_job_anchors(events, anchor_file, settings):
    from zhengxie.audit.tasks import anchor_chain_heads

    assert settings.PERIODIC_TASKS["audit.anchor_chain_heads"][0] == "zhengxie.audit.tasks.anchor_chain_heads"
    anchor_chain_heads.call()
    assert [a.chain for a in read_anchors()] == ["committee-7"]


def test_a_successful_verify_anchors_the_heads(events, anchor_file, capsys):
    call_command("verify_audit")
    assert "已将 1 条链的链尾写入锚点文件" in capsys.readouterr().out
    assert read_anchors()[0].seq == 5


def test_events_deleted_from_the_end_with_the_head_rewound_are_caught_by_the_anchor(events, anchor_file):
    write_anchors()
    # The deletion the chain alone cannot show: the tail events and a head that matches what is left.
    sql("DELETE FROM audit_event WHERE id IN (%s, %s)", [events[3].pk, events[4].pk])
    sql(
        "UPDATE audit_chain_head SET last_seq = 3, last_hash = %s, last_event_id = %s WHERE chain = %s",
        [events[2].hash, events[2].pk, "committee-7"],
    )
    with pytest.raises(CommandError, match="已不在链中（链被截断）"):
        call_command("verify_audit")


def test_a_chain_truncated_and_regrown_is_caught_by_the_anchor(events, anchor_file):
    write_anchors()
    sql("DELETE FROM audit_event WHERE id IN (%s, %s)", [events[3].pk, events[4].pk])
    sql(
        "UPDATE audit_chain_head SET last_seq = 3, last_hash = %s, last_event_id = %s WHERE chain = %s",
        [events[2].hash, events[2].pk, "committee-7"],
    )
    regrown = [record(action=f"test.new{i}", committee_id=7) for i in range(3)]
    assert regrown[-1].seq == 6
    with pytest.raises(CommandError, match=f"事件 #{regrown[1].pk} 与 .* 写在库外的锚点不符"):
        call_command("verify_audit")


def test_a_whole_chain_deleted_is_caught_by_the_anchor(events, anchor_file):
    write_anchors()
    sql("DELETE FROM audit_event WHERE chain = %s", ["committee-7"])
    sql("DELETE FROM audit_chain_head WHERE chain = %s", ["committee-7"])
    with pytest.raises(CommandError, match="整条链已不在数据库中"):
        call_command("verify_audit")


def test_an_edited_anchor_line_is_reported(events, anchor_file):
    write_anchors()
    line = json.loads(anchor_file.read_text())
    line["seq"] = 3
    anchor_file.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="锚点文件第 1 行无法通过校验"):
        call_command("verify_audit")


def test_a_head_that_disagrees_with_its_event_is_not_anchored(events, anchor_file):
    sql("UPDATE audit_chain_head SET last_hash = %s WHERE chain = %s", ["f" * 64, "committee-7"])
    assert write_anchors() == 0
    assert AuditChainHead.objects.get(chain="committee-7").last_seq == 5
