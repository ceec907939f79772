"""Every write of the plenary's business: agenda items, discussion groups and their members, the
group secretary's speech marks, the call for speeches, a speech's submission, revision and
withdrawal, the office's decisions, delivery, and the printed collection.

Duty points: a group-discussion speech is counted on the member's plenary invitation through
consultations' `speech_record` (rule M02, one count per member and plenary); an oral plenary
speech scores M05 when it is delivered; a written speech scores M06 when it is adopted for the
collection (domain.md §3.3). The speech is the points' source, so the member's duty record links
to it and a retried call never counts twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services.activities import speech_record
from zhengxie.duty.services import record_points
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, roles_in
from zhengxie.search.index import reindex

from .models import AgendaItem, DiscussionGroup, GroupSeat, Speech, SpeechCall
from .workflow import AUTHOR, DECISIONS, SPEECH_LABELS, SPEECH_TABLE

T = Speech.State
TITLE_MAX = 200
BODY_MAX = 20000


def _require_staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def _require_plenary(activity: Activity) -> None:
    if activity.kind != Activity.Kind.PLENARY:
        raise DomainError("只有全体会议才能安排议程、分组和大会发言")
    if activity.state == Activity.State.CANCELLED:
        raise DomainError("该次全体会议已取消")


def _text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError(f"请填写{label}（不超过{limit}个字）")
    return value


# Agenda and schedule ---------------------------------------------------------------------------


def agenda_add(
    *,
    activity: Activity,
    by: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    presider: str = "",
) -> AgendaItem:
    _require_staff(by, activity.committee_id)
    _require_plenary(activity)
    problems = []
    if kind not in AgendaItem.Kind.values:
        problems.append("请选择议程类型")
    title, place, presider = title.strip(), place.strip(), presider.strip()
    if not title or len(title) > TITLE_MAX:
        problems.append("请填写议程（不超过200个字）")
    if not place or len(place) > 100:
        problems.append("请填写地点（不超过100个字）")
    if len(presider) > 50:
        problems.append("主持人不超过50个字")
    if ends_at <= starts_at:
        problems.append("结束时间须晚于开始时间")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        item = AgendaItem.objects.create(
            committee_id=activity.committee_id, activity=activity, kind=kind, title=title,
            starts_at=starts_at, ends_at=ends_at, place=place, presider=presider,
        )  # fmt: skip
        record(action="plenary.agenda.added", obj=item, by=by, data={"title": title, "starts_at": starts_at})
    return item


def agenda_remove(*, item: AgendaItem, by: Any) -> None:
    _require_staff(by, item.committee_id)
    with transaction.atomic():
        record(action="plenary.agenda.removed", obj=item, by=by, data={"title": item.title})
        item.delete()


# Discussion groups -----------------------------------------------------------------------------


def group_create(
    *,
    activity: Activity,
    by: Any,
    name: str,
    room: str,
    convener: Member | None = None,
    secretary: str = "",
) -> DiscussionGroup:
    _require_staff(by, activity.committee_id)
    _require_plenary(activity)
    name = _text(name, "组名", 50)
    room = _text(room, "讨论地点", 100)
    secretary = secretary.strip()
    if len(secretary) > 50:
        raise DomainError("联络员不超过50个字")
    if convener is not None and convener.committee_id != activity.committee_id:
        raise DomainError("召集人不是本政协委员")
    if DiscussionGroup.objects.filter(activity=activity, name=name).exists():
        raise DomainError(f"已有名为“{name}”的讨论组")
    with transaction.atomic():
        group = DiscussionGroup.objects.create(
            committee_id=activity.committee_id, activity=activity, name=name, room=room,
            convener=convener, secretary=secretary,
        )  # fmt: skip
        record(action="plenary.group.created", obj=group, by=by, data={"name": name, "room": room})
    if convener is not None:
        _seat_all(group, [convener], by)
    return group


def _seat_all(group: DiscussionGroup, members: Iterable[Member], by: Any) -> list[GroupSeat]:
    members = list(members)
    invited = set(
        Invitation.objects.filter(activity_id=group.activity_id, member__in=members).values_list(
            "member_id", flat=True
        )
    )
    elsewhere = dict(
        GroupSeat.objects.filter(activity_id=group.activity_id, member__in=members)
        .exclude(group=group)
        .values_list("member_id", "group__name")
    )
    problems = []
    for m in members:
        if m.committee_id != group.committee_id:
            problems.append(f"{m}不是本政协委员")
        elif m.pk not in invited:
            problems.append(f"{m}未受邀参加本次全会，请先在会议活动中邀请")
        elif m.pk in elsewhere:
            problems.append(f"{m}已在{elsewhere[m.pk]}")
    if problems:
        raise DomainError("；".join(problems))
    already = set(GroupSeat.objects.filter(group=group).values_list("member_id", flat=True))
    new = [m for m in members if m.pk not in already]
    try:
        with transaction.atomic():
            seats = GroupSeat.objects.bulk_create(
                GroupSeat(
                    committee_id=group.committee_id, activity_id=group.activity_id, group=group, member=m
                )
                for m in new
            )
            if new:
                record(action="plenary.group.seated", obj=group, by=by, data={"members": [m.pk for m in new]})
    except IntegrityError as exc:
        raise DomainError("有委员刚被分到其他讨论组，请刷新后重试") from exc
    return seats


def group_seat(*, group: DiscussionGroup, by: Any, members: Iterable[Member]) -> list[GroupSeat]:
    """Place invited members in the group (a member sits in one group per plenary)."""
    _require_staff(by, group.committee_id)
    members = list(members)
    if not members:
        raise DomainError("请选择要分到本组的委员")
    seats = _seat_all(group, members, by)
    for seat in seats:
        user = seat.member.person.user
        if user is not None:
            notify(
                recipient=user,
                key=f"plenary.seated.{seat.pk}",
                title=f"分组讨论安排：{group.name}",
                body=f"讨论地点：{group.room}",
                url=reverse("plenary:plenary_detail", args=[group.activity_id]),
                committee_id=group.committee_id,
            )
    return seats


def group_speech(*, seat: GroupSeat, by: Any) -> Invitation:
    """The group's secretary marks one more speech by the member in the group discussion."""
    _require_staff(by, seat.committee_id)
    invitation = (
        Invitation.objects.select_related("activity", "member")
        .filter(activity_id=seat.activity_id, member_id=seat.member_id)
        .first()
    )
    if invitation is None:
        raise DomainError("该委员未受邀参加本次全会")
    return speech_record(invitation=invitation, by=by)


# Call for speeches -----------------------------------------------------------------------------


def call_open(*, activity: Activity, by: Any, title: str, guidance: str, closes_at: datetime) -> SpeechCall:
    _require_staff(by, activity.committee_id)
    _require_plenary(activity)
    title = _text(title, "征集标题", TITLE_MAX)
    guidance = guidance.strip()
    if len(guidance) > 2000:
        raise DomainError("征集要求不超过2000个字")
    if closes_at <= timezone.now():
        raise DomainError("截止时间须晚于现在")
    if closes_at > activity.ends_at:
        raise DomainError("截止时间不能晚于全体会议结束")
    if SpeechCall.objects.filter(activity=activity).exists():
        raise DomainError("本次全会已发布大会发言征集")
    with transaction.atomic():
        call = SpeechCall.objects.create(
            committee_id=activity.committee_id, activity=activity, title=title, guidance=guidance,
            closes_at=closes_at, created_by=by,
        )  # fmt: skip
        record(action="plenary.call.opened", obj=call, by=by, data={"closes_at": closes_at})
        # A plenary invites hundreds of members: their notices are written by a job, not in
        # the staff member's request.
        from .tasks import tell_call_invitees

        transaction.on_commit(lambda: tell_call_invitees.enqueue(call.pk))
    return call


def call_tell_invited(call_id: int) -> int:
    """The job's work: a notice of the call to every invited member with an account (once each:
    the notice key makes a rerun send nothing twice)."""
    call = SpeechCall.objects.select_related("activity").filter(pk=call_id).first()
    if call is None:
        return 0
    invited = Invitation.objects.filter(
        activity_id=call.activity_id, member__person__user__isnull=False
    ).select_related("member__person__user")
    url = reverse("plenary:call_detail", args=[call.pk])
    sent = 0
    for inv in invited.iterator(chunk_size=1000):
        notify(
            recipient=inv.member.person.user,
            key=f"plenary.call.{call.pk}",
            title=f"大会发言征集：{call.title}",
            body=f"请于{timezone.localtime(call.closes_at):%Y-%m-%d %H:%M}前提交",
            url=url,
            committee_id=call.committee_id,
        )
        sent += 1
    return sent


def call_is_open(call: SpeechCall) -> bool:
    return call.closes_at > timezone.now() and call.activity.state != Activity.State.CANCELLED


def _check_body(title: str, body: str) -> tuple[str, str]:
    problems = []
    title, body = title.strip(), body.strip()
    if not title or len(title) > TITLE_MAX:
        problems.append("请填写题目（不超过200个字）")
    if not body:
        problems.append("请填写发言稿")
    elif len(body) > BODY_MAX:
        problems.append(f"发言稿不超过{BODY_MAX}个字")
    if problems:
        raise DomainError("；".join(problems))
    return title, body


def speech_submit(
    *,
    call: SpeechCall,
    by: Any,
    author: Member,
    title: str,
    body: str,
    unit: ParticipatingUnit | None = None,
    special_committee: SpecialCommittee | None = None,
) -> Speech:
    """A member submits in his or her own name or for a unit; activity staff may register a
    speech handed in on paper for any member of the committee."""
    staff = has_role(by, call.committee_id, Role.ACTIVITY_STAFF)
    own = author.person.user_id == getattr(by, "pk", None)
    if author.committee_id != call.committee_id or not (own or staff):
        raise NotAllowed()
    if not call_is_open(call):
        raise DomainError("大会发言征集已截止")
    title, body = _check_body(title, body)
    if unit is not None and special_committee is not None:
        raise DomainError("参加单位和专委会只能选择一个")
    for u in (unit, special_committee):
        if u is not None and u.committee_id != call.committee_id:
            raise DomainError("所选单位不属于本政协")
    with transaction.atomic():
        speech = Speech.objects.create(
            committee_id=call.committee_id, call=call, title=title, body=body, author=author, unit=unit,
            special_committee=special_committee, submitted_by=by, submitted_at=timezone.now(),
        )  # fmt: skip
        record(action="plenary.speech.submitted", obj=speech, by=by, data={"title": title})
        reindex("speech", speech.pk)
    return speech


def _author_roles(speech: Speech, by: Any) -> set[str]:
    roles = set(roles_in(by, speech.committee_id))
    if speech.author.person.user_id == getattr(by, "pk", None):
        roles |= AUTHOR
    return roles


def speech_edit(*, speech: Speech, by: Any, title: str, body: str) -> Speech:
    """The author revises a speech that is waiting for review or was returned."""
    if not _author_roles(speech, by) & AUTHOR:
        raise NotAllowed()
    if speech.state not in (T.SUBMITTED, T.RETURNED):
        raise DomainError(f"当前状态为“{speech.get_state_display()}”，不能修改")
    title, body = _check_body(title, body)
    with transaction.atomic():
        Speech.objects.filter(pk=speech.pk).update(title=title, body=body)
        speech.title, speech.body = title, body
        record(action="plenary.speech.edited", obj=speech, by=by, data={"title": title})
        reindex("speech", speech.pk)
    return speech


def speech_resubmit(*, speech: Speech, by: Any) -> Speech:
    transition(
        speech, table=SPEECH_TABLE, to=T.SUBMITTED, by=by, roles=_author_roles(speech, by),
        state_labels=SPEECH_LABELS, fields={"submitted_at": timezone.now()},
    )  # fmt: skip
    return speech


def speech_withdraw(*, speech: Speech, by: Any) -> Speech:
    transition(
        speech, table=SPEECH_TABLE, to=T.WITHDRAWN, by=by, roles=_author_roles(speech, by),
        state_labels=SPEECH_LABELS,
    )  # fmt: skip
    return speech


def _year(speech: Speech) -> int:
    return timezone.localtime(speech.call.activity.starts_at).year


def _tell_author(speech: Speech, title: str, body: str = "") -> None:
    user = speech.author.person.user
    if user is not None:
        notify(
            recipient=user,
            key=f"plenary.speech.{speech.pk}.{speech.state}.{speech.version}",
            title=title,
            body=body[:200],
            url=reverse("plenary:speech_detail", args=[speech.pk]),
            committee_id=speech.committee_id,
        )


def speech_decide(
    *, speech: Speech, by: Any, decision: str, note: str = "", order: int | None = None
) -> Speech:
    """Return for revision (with a note), select for oral or written delivery, or not select.
    A written speech adopted scores its author M06."""
    if decision not in DECISIONS:
        raise DomainError("请选择审核结果")
    note = note.strip()
    if decision == T.RETURNED and not note:
        raise DomainError("退回修改须填写审核意见")
    if len(note) > 500:
        raise DomainError("审核意见不超过500个字")
    if order is not None and not 1 <= order <= 999:
        raise DomainError("发言顺序须在1到999之间")
    fields: dict[str, Any] = {"review_note": note, "decided_at": timezone.now()}
    if decision == T.ORAL:
        fields["order"] = order
    with transaction.atomic():
        transition(
            speech, table=SPEECH_TABLE, to=decision, by=by, roles=roles_in(by, speech.committee_id),
            state_labels=SPEECH_LABELS, data={"note": note}, fields=fields,
        )  # fmt: skip
        if decision == T.WRITTEN:
            record_points(member=speech.author, code="M06", source=speech, by=by, year=_year(speech))
        _tell_author(speech, f"大会发言“{speech.title}”：{SPEECH_LABELS[decision]}", note)
    return speech


def speech_deliver(*, speech: Speech, by: Any) -> Speech:
    """The oral speech was delivered at the plenary: its author scores M05."""
    with transaction.atomic():
        transition(
            speech, table=SPEECH_TABLE, to=T.DELIVERED, by=by, roles=roles_in(by, speech.committee_id),
            state_labels=SPEECH_LABELS,
        )  # fmt: skip
        record_points(member=speech.author, code="M05", source=speech, by=by, year=_year(speech))
    return speech


def speech_to_written(*, speech: Speech, by: Any) -> Speech:
    """An oral speech not delivered (time ran out) is printed as a written speech instead."""
    with transaction.atomic():
        transition(
            speech, table=SPEECH_TABLE, to=T.WRITTEN, by=by, roles=roles_in(by, speech.committee_id),
            state_labels=SPEECH_LABELS,
        )  # fmt: skip
        record_points(member=speech.author, code="M06", source=speech, by=by, year=_year(speech))
    return speech


def collection_printed(*, call: SpeechCall, by: Any, count: int) -> None:
    _require_staff(by, call.committee_id)
    record(action="plenary.collection.printed", obj=call, by=by, data={"speeches": count})
