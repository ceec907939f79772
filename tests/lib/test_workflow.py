"""The compare-and-set transition of lib/workflow.py, on a throwaway table."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from django.db import connection, models, transaction

from zhengxie.audit.models import AuditChainHead, AuditEvent
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workflow import Step, steps_from, transition

T = TypeVar("T")


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


def test_a_job_that_loses_a_race_goes_on_in_its_transaction(probe_table):
    # A nightly job catches the conflict of a row someone else moved and carries on: the step
    # takes no savepoint, so losing must leave the caller's transaction usable.
    done, lost = Probe.objects.create(state="submitted"), Probe.objects.create(state="submitted")
    stale = Probe.objects.get(pk=lost.pk)
    transition(lost, table=TABLE, to="returned", by=None, roles={"staff"})
    with transaction.atomic():
        with pytest.raises(Conflict):
            transition(stale, table=TABLE, to="accepted", by=None, roles={"staff"})
        transition(done, table=TABLE, to="accepted", by=None, roles={"staff"})
    assert list(Probe.objects.order_by("pk").values_list("state", flat=True)) == ["accepted", "returned"]


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


def _in_thread(fn: Callable[[], T]) -> T:
    """Run `fn` on a fresh thread, hence a fresh database connection, and close that connection."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised on the calling thread
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return cast(T, box["value"])


@pytest.fixture
def race_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """A database in which two connections really compete for the write lock.

    PostgreSQL: the test database itself. SQLite: the test database is a shared-cache in-memory
    database, where a second writer fails at once with "database table is locked" instead of
    waiting, which is not how the file database in production behaves. So on SQLite the race runs
    on a scratch file database with the configured options (IMMEDIATE transactions, busy timeout,
    WAL). Only new connections see it: the test thread's own in-memory connection stays open.
    """
    if connection.vendor != "sqlite":
        with connection.schema_editor() as editor:
            editor.create_model(Probe)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(Probe)
        return
    settings_dict = connection.settings_dict  # shared with connections opened by other threads
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "race.sqlite3")

    def create_tables() -> None:
        with connection.schema_editor() as editor:
            for model in (Probe, AuditEvent, AuditChainHead):
                editor.create_model(model)

    try:
        _in_thread(create_tables)
        yield
    finally:
        settings_dict["NAME"] = original


def test_two_clerks_racing_exactly_one_wins(race_database: None) -> None:
    # Each clerk loaded the same item (same version) and presses a different button at once.
    probe = _in_thread(lambda: Probe.objects.create(state="submitted"))
    copies = {
        "accepted": _in_thread(lambda: Probe.objects.get(pk=probe.pk)),
        "returned": _in_thread(lambda: Probe.objects.get(pk=probe.pk)),
    }
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(target: str) -> None:
        try:
            barrier.wait()
            transition(copies[target], table=TABLE, to=target, by=None, roles={"staff"})
            outcomes[target] = "won"
        except Conflict as exc:
            outcomes[target] = exc.message
        except Exception as exc:  # e.g. "database is locked": shown in the assertion below
            outcomes[target] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(t,)) for t in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["won", "此事项已被他人处理，请刷新"]
    winner = next(t for t, o in outcomes.items() if o == "won")
    stored = _in_thread(lambda: Probe.objects.get(pk=probe.pk))
    assert (stored.state, stored.version) == (winner, 1)
    events = _in_thread(lambda: list(AuditEvent.objects.filter(action__startswith="probe.")))
    assert [e.action for e in events] == [f"probe.{winner}"]
