"""One registry of the Chinese names people read for what the code names in English: audit actions
(`proposals.reply.saved` → 保存答复), record kinds (`proposals.contact` → 办理沟通) and how a
record is shown and linked (“办理沟通：关于……的提案”, to the proposal's page).

lib sits below every app, so it imports none of them: each app declares its names in its own
`labels.py` (register_actions / register_workflow / register_kind), which the registry imports
the first time a name is asked for (Django's autodiscover_modules, like admin.py). Process logs,
the duty ledger, the audit pages, exports and notices all read from here, so no dotted action or
model name reaches a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

# What a reader sees for a name nobody registered (a test keeps the code free of those).
UNKNOWN_ACTION = "其他操作"
UNKNOWN_KIND = "记录"

_actions: dict[str, str] = {}
_groups: dict[str, str] = {}  # action → the group it is listed under (e.g. 提案)
_kinds: dict[str, Kind] = {}
_discovered = False


@dataclass(frozen=True)
class Kind:
    """A kind of record: its Chinese name, its title for people (default str(obj)), the page it
    is read on (or the page of the record it belongs to), and whether only staff may open it."""

    name: str
    title: Callable[[Any], str] | None = None
    url: Callable[[Any], str] | None = None
    staff_only: bool = False
    related: tuple[str, ...] = ()  # select_related paths that title and url read


def register_actions(labels: Mapping[str, str], *, group: str = "其他") -> None:
    _actions.update(labels)
    _groups.update(dict.fromkeys(labels, group))


def register_workflow(*tables: Mapping[Any, Mapping[Any, Any]], group: str = "其他") -> None:
    """Every step of workflow tables (state → {next: Step(action, roles, label)}): the action's
    label is the step's, unless the app registered a fuller one."""
    for table in tables:
        for steps in table.values():
            for step in steps.values():
                if step.label and step.action not in _actions:
                    _actions[step.action] = step.label
                    _groups[step.action] = group


def register_kind(
    object_type: str,
    name: str,
    *,
    title: Callable[[Any], str] | None = None,
    url: Callable[[Any], str] | None = None,
    staff_only: bool = False,
    related: tuple[str, ...] = (),
) -> None:
    """`object_type` is the model's `app_label.model_name` (as stored on audit events)."""
    _kinds[object_type] = Kind(name, title, url, staff_only, related)


def related_of(object_type: str) -> tuple[str, ...]:
    """What to select_related when loading records of this kind to describe them."""
    _discover()
    kind = _kinds.get(object_type)
    return kind.related if kind else ()


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("labels")


def actions() -> dict[str, str]:
    """Every registered action and its label (the audit page's drop-down)."""
    _discover()
    return dict(_actions)


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(action, label), …]) for a grouped drop-down, groups and labels in order."""
    _discover()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for action, label in sorted(_actions.items(), key=lambda kv: (kv[1], kv[0])):
        grouped.setdefault(_groups.get(action, "其他"), []).append((action, label))
    return sorted(grouped.items())


def kinds() -> dict[str, str]:
    _discover()
    return {key: kind.name for key, kind in _kinds.items()}


def action_label(action: str) -> str:
    _discover()
    return _actions.get(action, UNKNOWN_ACTION)


def has_action_label(action: str) -> bool:
    _discover()
    return action in _actions


def kind_label(object_type: str) -> str:
    _discover()
    kind = _kinds.get(object_type)
    return kind.name if kind else UNKNOWN_KIND


def object_type_of(obj: Any) -> str:
    return str(obj._meta.label_lower)


# A stored description made of codes only (e.g. "12/34", "20 before 2026-12-03"): not for people.
_CODES = re.compile(r"^[\x00-\x7f]*$")


def readable(text: str) -> str:
    """The text, unless it holds no Chinese at all and so is an internal code ("" then)."""
    return "" if _CODES.match(text or "") else text


def record_text(object_type: str, repr_: str = "") -> str:
    """“kind：title” for a record known only by its type and stored description (audit events)."""
    if not object_type:
        return readable(repr_)
    title = readable(repr_)
    kind = kind_label(object_type)
    return f"{kind}：{title}" if title else kind


@dataclass(frozen=True)
class Described:
    text: str  # “kind：title”
    url: str  # "" when the viewer may not open it (or it has no page)


def describe(obj: Any, *, staff: bool = False) -> Described:
    """A record as people read it, with a link when the viewer may open it: `staff` says the
    viewer is the committee's staff; otherwise the viewer is the record's own person (a member
    reading his or her ledger), who opens the pages of his or her own records."""
    _discover()
    object_type = object_type_of(obj)
    kind = _kinds.get(object_type)
    if kind is None:
        return Described(record_text(object_type, str(obj)), "")
    title = kind.title(obj) if kind.title else readable(str(obj))
    text = f"{kind.name}：{title}" if title else kind.name
    url = kind.url(obj) if kind.url and (staff or not kind.staff_only) else ""
    return Described(text, url)


def unlabelled(names: Iterable[str]) -> list[str]:
    """The names without a label (for the test over the code's action names)."""
    _discover()
    return sorted(n for n in names if n not in _actions)
