"""One searchable picker for long lists (members, handling units): a form field + widget that
render only what is chosen, and the kinds the search endpoint (`picker_views`) serves.

The page never lists the roster: the widget shows the chosen rows as chips and a text box. With
script (`static/js/picker.js`) the box searches as one types; without it the user types names
separated by "、" and the field finds them. Either way the field validates against its own
queryset, which the form limits to the committee, so scope stays on the server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from .models import HandlingUnit, Member, RoleAssignment
from .roles import STAFF_ROLES, Role
from .selectors import with_login_flag

LIMIT = 20
NO_ACCOUNT = "（未开通账号）"
# What separates names typed into the box without script: 、，,；; and white space.
SEPARATORS = re.compile(r"[、，,；;\s]+")
# "张三（农业界）" as copied from a chip: the part in brackets is not the name.
BRACKETED = re.compile(r"[（(].*?[)）]")


@dataclass(frozen=True)
class Kind:
    """A list one can pick from: whose rows, how they are searched and named."""

    roles: frozenset[str]  # who may search it in the current committee
    queryset: Callable[[int], QuerySet[Any]]  # the committee's rows, with what `label` reads
    search: Callable[[str], Q]
    name_field: str  # what a typed name is matched against, exactly
    label: Callable[[Any], str]
    has_account: Callable[[Any], bool]
    hint: str  # the box's placeholder


def _members(committee_id: int) -> QuerySet[Member]:
    # `can_log_in` (org.selectors): an account waiting for its activation code cannot log in yet.
    return with_login_flag(
        Member.objects.filter(committee_id=committee_id, is_active=True)
        .select_related("person", "sector")
        .only("id", "person__name", "person__user_id", "sector__name")
        .order_by("person__name", "id")
    )


def _member_search(q: str) -> Q:
    found = Q(person__name__icontains=q) | Q(sector__name__icontains=q)
    if q.isascii() and q.isalnum():
        found |= Q(person__name_initials__contains=q.lower())
    return found


def _units(committee_id: int) -> QuerySet[HandlingUnit]:
    clerks = RoleAssignment.objects.filter(handling_unit=OuterRef("pk"), role=Role.UNIT_CLERK)
    return (
        HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        .annotate(has_clerk=Exists(clerks))
        .order_by("name", "id")
    )


KINDS: dict[str, Kind] = {
    "members": Kind(
        roles=frozenset({Role.MEMBER, Role.SYSADMIN, *STAFF_ROLES}),
        queryset=_members,
        search=_member_search,
        name_field="person__name",
        label=lambda m: f"{m.person.name}（{m.sector.name}）",
        has_account=lambda m: bool(getattr(m, "can_log_in", m.person.user_id is not None)),
        hint="输入姓名、拼音首字母（如 zs）或界别搜索；也可直接输入姓名，多人用“、”分隔",
    ),
    "units": Kind(
        roles=frozenset({Role.MEMBER, Role.SYSADMIN, *STAFF_ROLES}),
        queryset=_units,
        search=lambda q: Q(name__icontains=q),
        name_field="name",
        label=lambda u: u.name,
        has_account=lambda u: getattr(u, "has_clerk", True),
        hint="输入单位名称搜索；也可直接输入名称，多个用“、”分隔",
    ),
}


def search(kind: str, committee_id: int, q: str) -> list[dict[str, Any]]:
    """At most LIMIT rows of `kind` in the committee matching `q`, in one query."""
    spec = KINDS[kind]
    q = q.strip()[:50]
    rows = spec.queryset(committee_id)
    if q:
        rows = rows.filter(spec.search(q))
    return [
        {"id": row.pk, "label": spec.label(row), "has_account": spec.has_account(row)} for row in rows[:LIMIT]
    ]


class PickerWidget(forms.Widget):
    """Chips for the chosen rows (checkboxes: untick to remove, even without script) and a box."""

    template_name = "org/widgets/picker.html"

    def __init__(self, kind: str, *, multiple: bool = True, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.multiple = multiple
        self.choices: Any = ()

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if value is None or value == "":
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        chosen = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if isinstance(chosen, str):
            chosen = [chosen]
        typed = [
            BRACKETED.sub("", part).strip() for part in SEPARATORS.split(data.get(f"{name}_text", "") or "")
        ]
        values = [*chosen, *(f"name:{t}" for t in typed if t)]
        if self.multiple:
            return values
        return values[-1] if values else None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_text" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids = [v for v in self.format_value(value) if v.isdigit()]
        field = getattr(self.choices, "field", None)
        chips = []
        if ids and field is not None:
            spec = KINDS[self.kind]
            rows = {str(r.pk): r for r in field.queryset.filter(pk__in=ids)}
            chips = [
                {"id": i, "label": spec.label(rows[i]), "has_account": spec.has_account(rows[i])}
                for i in ids
                if i in rows
            ]
        context["widget"].update(
            {
                "chips": chips,
                "multiple": self.multiple,
                "url": reverse("org:pick", args=[self.kind]),
                "no_account": NO_ACCOUNT,
                "hint": KINDS[self.kind].hint,
                "text_name": f"{name}_text",
            }
        )
        return context


def _resolve(field: forms.ModelChoiceField[Any], kind: str, values: Iterable[Any]) -> list[str]:
    """Ids as given plus the ids of typed names, each found exactly once in the field's queryset."""
    ids: list[str] = []
    names: list[str] = []
    for v in values:
        text = str(v)
        if text.startswith("name:"):
            names.append(text[5:])
        else:
            ids.append(text)
    if names:
        spec = KINDS[kind]
        found: dict[str, list[Any]] = {}
        lookup = {f"{spec.name_field}__in": names}
        queryset = field.queryset
        assert queryset is not None  # the form sets it before validating
        for row in queryset.filter(**lookup).values_list("pk", spec.name_field):
            found.setdefault(row[1], []).append(row[0])
        for n in names:
            matches = found.get(n, [])
            if not matches:
                raise ValidationError(f"找不到“{n}”，请从搜索结果中选择", code="invalid_choice")
            if len(matches) > 1:
                raise ValidationError(f"有多个“{n}”，请从搜索结果中选择", code="invalid_choice")
            ids.append(str(matches[0]))
    return list(dict.fromkeys(ids))


class PickerMultipleField(forms.ModelMultipleChoiceField):
    """Several rows of a long list; the form sets `queryset` to what the user may choose."""

    def __init__(self, *, kind: str, queryset: Any, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", PickerWidget(kind))
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return KINDS[self.kind].label(obj)

    def clean(self, value: Any) -> Any:
        return super().clean(_resolve(self, self.kind, value or []))


class PickerField(forms.ModelChoiceField):
    """One row of a long list."""

    def __init__(self, *, kind: str, queryset: Any, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", PickerWidget(kind, multiple=False))
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return KINDS[self.kind].label(obj)

    def clean(self, value: Any) -> Any:
        ids = _resolve(self, self.kind, [value] if value not in (None, "") else [])
        return super().clean(ids[-1] if ids else None)
