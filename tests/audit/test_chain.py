from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record


@pytest.fixture
def events(db):
    return [record(action=f"test.event{i}", data={"n": i, "名": "值"}) for i in range(5)]


def test_an_intact_chain_verifies(events, capsys):
    call_command("verify_audit")
    assert "已校验 5 条事件" in capsys.readouterr().out


def test_an_altered_event_is_named(events):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 99}', events[2].pk])
    with pytest.raises(CommandError, match=f"事件 #{events[2].pk} 内容与其哈希不符"):
        call_command("verify_audit")


def test_a_changed_actor_name_is_detected(events):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET actor_name = %s WHERE id = %s", ["someone", events[1].pk])
    with pytest.raises(CommandError, match=f"#{events[1].pk}"):
        call_command("verify_audit")


def test_a_deleted_event_is_detected_at_its_successor(events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"事件 #{events[3].pk} 与前一条事件的链接不符"):
        call_command("verify_audit")


def test_a_deleted_last_event_is_detected(events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="链尾"):
        call_command("verify_audit")


def test_the_application_cannot_update_or_delete_events(events):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=events[0].pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
