"""The compare-and-set transition of lib/workflow.py, on a throwaway table."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, models

from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workflow import Step, steps_from, transition


class Probe(models.Model):
    """A minimal workflow object: the table exists only during these tests."""

    committee_id = models.BigIntegerField(null=True)
    state = models.CharField(max_length=20, default="draft")
    version = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=20, blank=True)

    objects: models.Manager[Probe] = models.Manager()

    class Meta:
        app_label = "lib"
        managed = False
        db_table = "lib_test_probe"

    def __str__(self) -> str:
        return f"probe {self.pk}"


TABLE = {
    "draft": {"submitted": Step("probe.submitted", frozenset({"member"}))},
    "submitted": {
        "accepted": Step("probe.accepted", frozenset({"staff"})),
        "returned": Step("probe.returned", frozenset({"staff"})),
    },
}
LABELS = {"draft": "草稿", "submitted": "已提交", "accepted": "已接收", "returned": "已退回"}


@pytest.fixture
def probe_table(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(Probe)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Probe)


def test_a_step_moves_state_and_version_and_is_audited(probe_table):
    probe = Probe.objects.create(committee_id=7)
    transition(probe, table=TABLE, to="submitted", by=None, roles={"member"}, fields={"note": "ok"})
    stored = Probe.objects.get(pk=probe.pk)
    assert (stored.state, stored.version, stored.note) == ("submitted", 1, "ok")
    event = AuditEvent.objects.get(action="probe.submitted")
    assert (event.data, event.committee_id) == ({"from": "draft", "to": "submitted"}, 7)


def test_a_step_not_in_the_table_names_the_state(probe_table):
    probe = Probe.objects.create()
    with pytest.raises(DomainError, match="当前状态为“草稿”"):
        transition(probe, table=TABLE, to="accepted", by=None, roles={"staff"}, state_labels=LABELS)
    assert Probe.objects.get(pk=probe.pk).state == "draft"


def test_the_wrong_role_is_refused(probe_table):
    probe = Probe.objects.create()
    with pytest.raises(NotAllowed):
        transition(probe, table=TABLE, to="submitted", by=None, roles={"staff"})
    assert not AuditEvent.objects.exists()


def test_a_stale_object_loses_with_a_clear_message_and_changes_nothing(probe_table):
    probe = Probe.objects.create(state="submitted")
    other_clerk_copy = Probe.objects.get(pk=probe.pk)
    transition(probe, table=TABLE, to="accepted", by=None, roles={"staff"})
    with pytest.raises(Conflict, match="此事项已被他人处理，请刷新"):
        transition(other_clerk_copy, table=TABLE, to="returned", by=None, roles={"staff"})
    assert Probe.objects.get(pk=probe.pk).state == "accepted"
    assert AuditEvent.objects.filter(action__startswith="probe.").count() == 1


def test_side_effects_run_only_after_commit(probe_table, django_capture_on_commit_callbacks):
    probe = Probe.objects.create()
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            probe,
            table=TABLE,
            to="submitted",
            by=None,
            roles={"member"},
            after_commit=[lambda: ran.append(1)],
        )
    assert ran == [1]


def test_buttons_come_from_the_table():
    assert set(steps_from(TABLE, "submitted", {"staff"})) == {"accepted", "returned"}
    assert steps_from(TABLE, "submitted", {"member"}) == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="thread race needs a server database")
def test_two_clerks_racing_exactly_one_wins(probe_table):
    probe = Probe.objects.create(state="submitted")
    copies = {"accepted": Probe.objects.get(pk=probe.pk), "returned": Probe.objects.get(pk=probe.pk)}
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(target: str) -> None:
        try:
            barrier.wait()
            transition(copies[target], table=TABLE, to=target, by=None, roles={"staff"})
            outcomes[target] = "won"
        except Conflict as exc:
            outcomes[target] = exc.message
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(t,)) for t in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["won", "此事项已被他人处理，请刷新"]
    winner = next(t for t, o in outcomes.items() if o == "won")
    assert Probe.objects.get(pk=probe.pk).state == winner
    assert AuditEvent.objects.filter(action__startswith="probe.").count() == 1
