"""The one way a workflow object changes state (DESIGN §4 "Workflow").

Each app describes its workflow as a table: state -> {next state: Step}. `transition()` checks the
table and the actor's roles, then does a compare-and-set UPDATE (`WHERE id = ? AND state = ? AND
version = ?`) inside one transaction together with the audit event, so two clerks acting at once
cannot both win, on SQLite or PostgreSQL. Side effects run only after commit.

lib sits below audit in the import order, so the audit app registers its recorder here at start-up
(AuditConfig.ready); a transition without a recorder refuses to run rather than go unaudited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models, transaction
from django.db.models import F

from .errors import Conflict, DomainError, NotAllowed


@dataclass(frozen=True)
class Step:
    action: str  # dotted audit action, e.g. "supervision.item.accepted"
    roles: frozenset[str]
    label: str = ""


Table = Mapping[str, Mapping[str, Step]]


class Recorder(Protocol):
    def __call__(self, *, action: str, obj: Any, by: Any, data: dict[str, Any] | None = None) -> Any: ...


_recorder: Recorder | None = None


def register_recorder(recorder: Recorder) -> None:
    global _recorder
    _recorder = recorder


# Called inside the transition's transaction with the moved object: the search index registers
# one at start-up (SearchConfig.ready) so that a record's state and visibility in the index follow
# every transition without each app repeating the call.
_observers: list[Callable[[models.Model], Any]] = []


def register_observer(observer: Callable[[models.Model], Any]) -> None:
    if observer not in _observers:
        _observers.append(observer)


def steps_from(table: Table, state: str, roles: Iterable[str]) -> dict[str, Step]:
    """The steps the holder of `roles` may take from `state` (for showing buttons)."""
    held = set(roles)
    return {to: step for to, step in table.get(state, {}).items() if held & step.roles}


def transition(
    obj: models.Model,
    *,
    table: Table,
    to: str,
    by: Any,
    roles: Iterable[str],
    data: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    state_labels: Mapping[str, str] | None = None,
    after_commit: Iterable[Callable[[], Any]] = (),
) -> models.Model:
    """Move `obj` (which has `state` and `version` columns) to `to`, or raise a DomainError.

    `fields` are further columns written in the same UPDATE (e.g. `accepted_at`).
    """
    if _recorder is None:
        raise RuntimeError("no audit recorder registered: is zhengxie.audit installed?")
    current: str = obj.state  # type: ignore[attr-defined]
    step = table.get(current, {}).get(to)
    if step is None:
        labels = state_labels or {}
        raise DomainError(f"当前状态为“{labels.get(current, current)}”，不能执行此操作")
    if not set(roles) & step.roles:
        raise NotAllowed()
    fields = dict(fields or {})
    model = type(obj)
    # No savepoint (two round trips fewer per step, which a nightly job takes thousands of): a lost
    # race leaves the block without an exception, having written nothing, and is raised after it;
    # any other failure inside must fail the caller's whole transaction, as the change and its
    # audit event stand or fall together.
    with transaction.atomic(savepoint=False):
        updated = model._default_manager.filter(
            pk=obj.pk,
            state=current,
            version=obj.version,  # type: ignore[attr-defined]
        ).update(state=to, version=F("version") + 1, **fields)
        if updated == 1:
            obj.state = to  # type: ignore[attr-defined]
            obj.version += 1  # type: ignore[attr-defined]
            for name, value in fields.items():
                setattr(obj, name, value)
            _recorder(action=step.action, obj=obj, by=by, data={"from": current, "to": to, **(data or {})})
            for observer in _observers:
                observer(obj)
            for callback in after_commit:
                transaction.on_commit(callback)
    if updated != 1:
        raise Conflict()
    return obj
