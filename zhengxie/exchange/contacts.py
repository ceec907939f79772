"""联络联系: the member directory of one committee, each person's visibility choice, viewing a
phone number, the office's liaison staff, and writing to the office.

What a member of the same committee sees of another: name and sector always; work unit and
title, and the phone number, only when that person has allowed it on his contact settings page.
Lists show a permitted phone masked; the full number is shown one person at a time on request,
audited (`exchange.contact.phone_viewed`) and limited to PHONE_VIEWS_PER_DAY per viewer, so the
directory cannot be harvested. A hidden number never leaves the server.

Writing to the office opens (or continues) a conversation group of kind OFFICE with the staff who
hold the role for the chosen matter; the staff are told once, when the conversation opens, and
see later messages in their unread count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError
from zhengxie.lib.personal import mask_phone
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import ContactCard, Group, GroupMember, Message
from .permissions import DIRECTORY_ROLES, OFFICE_ROLES
from .services import message_post

PHONE_VIEWS_PER_DAY = 30
OFFICE_PHONE_MAX = 30


@dataclass(frozen=True)
class Topic:
    label: str
    role: str


# What a member may write to the office about, and which staff answer.
LIAISON_TOPICS: dict[str, Topic] = {
    "proposals": Topic("提案工作", Role.PROPOSAL_STAFF),
    "information": Topic("社情民意信息", Role.INFO_STAFF),
    "activities": Topic("会议活动和履职服务", Role.ACTIVITY_STAFF),
}


def card_of(user: Any) -> ContactCard:
    """The user's card (unsaved defaults when he has not made his choice yet)."""
    return ContactCard.objects.filter(user_id=user.pk).first() or ContactCard(user_id=user.pk)


def card_update(
    *, by: Any, show_phone: bool, show_work: bool, office_phone: str = "", liaison_note: str = ""
) -> ContactCard:
    office_phone = strip_control(office_phone or "").strip()
    liaison_note = strip_control(liaison_note or "").strip()
    if len(office_phone) > OFFICE_PHONE_MAX or (
        office_phone and not all(c.isdigit() or c in "-+ ()转" for c in office_phone)
    ):
        raise DomainError("办公电话只能包含数字和“-”，不超过30位")
    if len(liaison_note) > 100:
        raise DomainError("联络事项说明不能超过100个字")
    with transaction.atomic():
        card, _ = ContactCard.objects.get_or_create(user_id=by.pk)
        card.show_phone, card.show_work = show_phone, show_work
        card.office_phone, card.liaison_note = office_phone, liaison_note
        card.save()
        record(
            action="exchange.contact.card_updated",
            obj=card,
            by=by,
            data={"show_phone": show_phone, "show_work": show_work, "office_phone": bool(office_phone)},
        )
    return card


def _allows(field: str) -> Exists:
    return Exists(ContactCard.objects.filter(user_id=OuterRef("person__user_id"), **{field: True}))


def directory(committee_id: int, q: str = "") -> QuerySet[Member]:
    """The committee's active members with what each allowed (annotations `phone_shown`,
    `work_shown`), searchable by name, pinyin initials and sector."""
    rows = (
        Member.objects.filter(committee_id=committee_id, is_active=True)
        .select_related("person", "sector", "special_committee")
        .annotate(phone_shown=_allows("show_phone"), work_shown=_allows("show_work"))
    )
    q = strip_control(q or "").strip()[:50]
    if q:
        found = Q(person__name__icontains=q) | Q(sector__name__icontains=q)
        if q.isascii() and q.isalnum():
            found |= Q(person__name_initials__contains=q.lower())
        rows = rows.filter(found)
    return rows


@dataclass(frozen=True)
class Entry:
    """One directory line as it may be shown: nothing the person did not allow."""

    id: int
    name: str
    sector: str
    special_committee: str
    employer: str
    job_title: str
    phone_masked: str
    phone_shown: bool


def entry(m: Any) -> Entry:
    work = bool(m.work_shown)
    return Entry(
        id=m.pk,
        name=m.person.name,
        sector=m.sector.name,
        special_committee=m.special_committee.name if m.special_committee_id else "",
        employer=m.person.employer if work else "",
        job_title=m.person.job_title if work else "",
        phone_masked=mask_phone(m.person.phone) if m.phone_shown and m.person.phone else "",
        phone_shown=bool(m.phone_shown and m.person.phone),
    )


def may_read_directory(user: Any, committee_id: int | None) -> bool:
    return committee_id is not None and has_role(user, committee_id, *DIRECTORY_ROLES)


def phone_reveal(*, by: Any, committee_id: int, member_id: Any) -> str:
    """The full number of a member who allowed it, for a reader of the directory; audited and
    limited per day. A member who did not allow it is 404, as if absent."""
    if not may_read_directory(by, committee_id):
        raise Http404("未找到该记录")
    try:
        m: Any = directory(committee_id).get(pk=member_id)
    except (Member.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc
    if not m.phone_shown or not m.person.phone:
        raise Http404("未找到该记录")
    since = timezone.now() - timedelta(days=1)
    seen = AuditEvent.objects.filter(
        action="exchange.contact.phone_viewed", actor_id=by.pk, created_at__gte=since
    ).count()
    if seen >= PHONE_VIEWS_PER_DAY:
        raise DomainError(f"每天最多查看{PHONE_VIEWS_PER_DAY}位委员的完整号码，请明天再试")
    record(
        action="exchange.contact.phone_viewed",
        obj=m.person,
        by=by,
        committee_id=committee_id,
        data={"member": m.pk},
    )
    return str(m.person.phone)


@dataclass(frozen=True)
class Liaison:
    topic: str
    label: str
    name: str
    office_phone: str
    note: str


def liaison_staff(committee_id: int) -> list[Liaison]:
    """The staff who answer each matter, with their office phone (one query)."""
    roles = {t.role: (key, t.label) for key, t in LIAISON_TOPICS.items()}
    rows = (
        RoleAssignment.objects.filter(committee_id=committee_id, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__display_name", "user_id")
    )
    cards = {c.user_id: c for c in ContactCard.objects.filter(user_id__in=[r.user_id for r in rows])}
    result = []
    for r in rows:
        key, label = roles[r.role]
        card = cards.get(r.user_id)
        result.append(
            Liaison(
                topic=key,
                label=label,
                name=r.user.display_name or r.user.username,
                office_phone=card.office_phone if card else "",
                note=card.liaison_note if card else "",
            )
        )
    order = list(LIAISON_TOPICS)
    return sorted(result, key=lambda x: order.index(x.topic))


def write_to_office(*, by: Any, committee_id: int, topic: str, body: str) -> Message:
    """A member's message to the office about `topic`: continues his open conversation on it or
    opens one with the staff who hold the role (told by notice once, when it opens)."""
    if not has_role(by, committee_id, Role.MEMBER):
        raise DomainError("只有本会委员可以给机关留言")
    chosen = LIAISON_TOPICS.get(topic)
    if chosen is None:
        raise DomainError("请选择联络事项")
    staff = list(
        RoleAssignment.objects.filter(committee_id=committee_id, role=chosen.role, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not staff:
        raise DomainError("本会暂无负责该事项的工作人员，请电话联系政协机关")
    group = Group.objects.filter(
        committee_id=committee_id, kind=Group.Kind.OFFICE, owner=by, topic=topic
    ).first()
    opened = group is None
    with transaction.atomic():
        if group is None:
            name = f"{by.display_name or by.username}：{chosen.label}"[:60]
            member_id = (
                Member.objects.filter(committee_id=committee_id, person__user_id=by.pk)
                .values_list("pk", flat=True)
                .first()
            )
            group = Group.objects.create(
                committee_id=committee_id,
                name=name,
                kind=Group.Kind.OFFICE,
                owner=by,
                topic=topic,
                member_count=1 + len(set(staff) - {by.pk}),
            )
            GroupMember.objects.bulk_create(
                [GroupMember(group=group, user_id=by.pk, member_id=member_id)]
                + [GroupMember(group=group, user_id=u) for u in staff if u != by.pk]
            )
            record(action="exchange.office.opened", obj=group, by=by, data={"topic": topic, "staff": staff})
        message = message_post(group=group, by=by, body=body)
        if opened:
            url = reverse("exchange:detail", args=[group.pk])
            for user_id in staff:
                notify(
                    recipient=_user(user_id),
                    key=f"exchange.office:{group.pk}:{user_id}",
                    title=f"委员{by.display_name or by.username}给机关留言（{chosen.label}）",
                    body=message.body[:200],
                    url=url,
                    committee_id=committee_id,
                )
    return message


def _user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=user_id)


def is_office_user(user: Any, committee_id: int) -> bool:
    return has_role(user, committee_id, *OFFICE_ROLES)
