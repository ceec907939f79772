"""Every write of joint activities: adding co-organisers (committees of the tree directly, other
committees by an invitation their office answers, parties and units of the host), a
co-organiser's venue (分会场), a co-organiser inviting its own members to the host's activity and
recording their attendance; a party's or people's organisation's liaison inviting the unit's own
members (serving members of the host seated in the unit's sector) and recording their attendance.

Invitations and attendance go through consultations' own services and rows, so a member of a
co-organising committee registers, asks leave and signs in exactly like the host's members, and
closing the activity scores every invited member once, in the ledger of the member's own
committee (duty.record_points scores by `member.committee`). A person is invited once per
activity, whichever committee's roster invited him or her: otherwise a person who is a member of
two committees (a city member who is also a county member) would score twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import Committee, Member, ParticipatingUnit, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, liaison_unit_ids, roles_in

from . import selectors
from .models import CoOrganiser
from .workflow import CO_ORGANISER_LABELS, CO_ORGANISER_TABLE, OFFICE

C = CoOrganiser.State
REL = CoOrganiser.Relation
AT = Invitation.Attendance


def relation_of(host: Committee, other: Committee) -> str:
    """Where `other` stands to the host in the committee tree; OUTSIDE when it is not related."""
    if other.pk in {c.pk for c in host.ancestors()}:
        return REL.UPPER
    if host.pk in {c.pk for c in other.ancestors()}:
        return REL.LOWER
    if host.parent_id is not None and other.parent_id == host.parent_id:
        return REL.SIBLING
    return REL.OUTSIDE


def _office_users(committee_id: int) -> list[Any]:
    """The activity staff of a committee: who hears of an invitation to co-organise."""
    rows = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.ACTIVITY_STAFF).select_related(
        "user"
    )
    return [r.user for r in rows if r.user.is_active]


def _open(activity: Activity) -> None:
    if activity.state != Activity.State.PLANNED:
        raise DomainError("活动已举行或已取消，不能再调整联办单位")


def _require_host(activity: Activity, by: Any) -> None:
    if not has_role(by, activity.committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def co_organiser_add(
    *,
    activity: Activity,
    by: Any,
    partner: Committee | None = None,
    unit: ParticipatingUnit | None = None,
    venue: str = "",
    note: str = "",
) -> CoOrganiser:
    """The host's office adds a co-organiser. An upper, lower or sibling committee and a party or
    unit of the host co-organise at once; any other committee is invited and must accept."""
    _require_host(activity, by)
    _open(activity)
    venue, note = venue.strip(), note.strip()
    problems = []
    if (partner is None) == (unit is None):
        problems.append("请选择一个联办的政协或党派团体")
    if partner is not None and partner.pk == activity.committee_id:
        problems.append("不能选择本政协作为联办单位")
    if unit is not None and unit.committee_id != activity.committee_id:
        problems.append("所选党派团体不属于本政协")
    if unit is not None and venue:
        problems.append("分会场只能由联办的政协设立")
    if len(venue) > 100:
        problems.append("分会场名称不能超过100个字")
    if len(note) > 300:
        problems.append("联办分工不能超过300个字")
    if problems:
        raise DomainError("；".join(problems))
    existing = CoOrganiser.objects.filter(activity=activity)
    if partner is not None and existing.filter(partner=partner).exists():
        raise DomainError(f"{partner}已在联办单位中")
    if unit is not None and existing.filter(unit=unit).exists():
        raise DomainError(f"{unit}已在联办单位中")
    relation = relation_of(activity.committee, partner) if partner is not None else REL.UNIT
    state = C.INVITED if relation == REL.OUTSIDE else C.ACCEPTED
    with transaction.atomic():
        row = CoOrganiser.objects.create(
            committee_id=activity.committee_id, activity=activity, partner=partner, unit=unit,
            relation=relation, state=state, venue=venue, note=note, added_by=by,
        )  # fmt: skip
        record(
            action="joint.co_organiser.invited" if state == C.INVITED else "joint.co_organiser.added",
            obj=row,
            by=by,
            data={"relation": relation, "venue": venue},
        )
        if partner is not None:
            _tell_partner(row, activity)
        else:
            _tell_liaisons(row, activity)
    return row


def _tell_liaisons(row: CoOrganiser, activity: Activity) -> None:
    """A party or organisation co-organises at once: its liaisons hear of it, to invite members."""
    when = f"{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}"
    liaisons = RoleAssignment.objects.filter(
        role=Role.UNIT_LIAISON, participating_unit_id=row.unit_id
    ).select_related("user")
    for assignment in liaisons:
        if not assignment.user.is_active:
            continue
        notify(
            recipient=assignment.user, key=f"joint.unit_co_organiser.{row.pk}",
            title=f"联办活动：{activity.committee}“{activity.title}”由{row.unit}联办",
            body=f"{when}，请邀请本党派团体的委员参加", url=reverse("joint:detail", args=[activity.pk]),
            committee_id=activity.committee_id,
        )  # fmt: skip


def _tell_partner(row: CoOrganiser, activity: Activity) -> None:
    assert row.partner_id is not None
    host = activity.committee
    when = f"{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}"
    if row.state == C.INVITED:
        title = f"联办邀请：{host}邀请本会联办“{activity.title}”"
        body = f"{when}，请确认是否联办"
    else:
        title = f"联办活动：{host}“{activity.title}”由本会联办"
        body = f"{when}，请邀请本会委员参加"
    for user in _office_users(row.partner_id):
        notify(
            recipient=user, key=f"joint.co_organiser.{row.pk}.{row.state}", title=title, body=body,
            url=reverse("joint:detail", args=[activity.pk]), committee_id=row.partner_id,
        )  # fmt: skip


def co_organiser_withdraw(*, row: CoOrganiser, by: Any) -> None:
    """The host removes a co-organiser who has not invited anyone yet."""
    activity = row.activity
    _require_host(activity, by)
    _open(activity)
    if row.partner_id and _partner_invitations(activity, row.partner_id).exists():
        raise DomainError("该政协已邀请本会委员参加，不能撤回")
    with transaction.atomic():
        record(action="joint.co_organiser.withdrawn", obj=row, by=by, data={"name": row.name})
        CoOrganiser.objects.filter(pk=row.pk).delete()


def co_organiser_answer(*, row: CoOrganiser, by: Any, accept: bool, note: str = "") -> CoOrganiser:
    """The invited committee's office accepts or declines co-organising."""
    if row.partner_id is None:
        raise DomainError("党派团体联办无需确认")
    _open(row.activity)
    note = note.strip()
    if len(note) > 300:
        raise DomainError("答复意见不能超过300个字")
    if not accept and not note:
        raise DomainError("谢绝联办请填写理由")
    to = C.ACCEPTED if accept else C.DECLINED
    with transaction.atomic():
        transition(
            row, table=CO_ORGANISER_TABLE, to=to, by=by, roles=roles_in(by, row.partner_id) & OFFICE,
            state_labels=CO_ORGANISER_LABELS,
            fields={"answered_by": by, "answered_at": timezone.now(), "answer_note": note},
            data={"note": note},
        )  # fmt: skip
        activity = row.activity
        for user in _office_users(activity.committee_id):
            notify(
                recipient=user,
                key=f"joint.answered.{row.pk}.{to}",
                title=f"{row.partner}{'同意' if accept else '谢绝'}联办“{activity.title}”",
                body=note[:200],
                url=reverse("joint:detail", args=[activity.pk]),
                committee_id=activity.committee_id,
            )
    row.refresh_from_db()
    return row


def venue_set(*, row: CoOrganiser, by: Any, venue: str) -> CoOrganiser:
    """The co-organising committee (or the host for it) names the venue it joins from (分会场);
    empty means its members attend in person at the host's place."""
    if row.partner_id is None:
        raise DomainError("分会场只能由联办的政协设立")
    if not (
        has_role(by, row.partner_id, Role.ACTIVITY_STAFF)
        or has_role(by, row.committee_id, Role.ACTIVITY_STAFF)
    ):
        raise NotAllowed()
    _open(row.activity)
    venue = venue.strip()
    if len(venue) > 100:
        raise DomainError("分会场名称不能超过100个字")
    with transaction.atomic():
        CoOrganiser.objects.filter(pk=row.pk).update(venue=venue)
        row.venue = venue
        record(
            action="joint.co_organiser.venue_set",
            obj=row,
            by=by,
            data={"venue": venue},
            committee_id=row.partner_id,
        )
    return row


def _partner_invitations(activity: Activity, partner_id: int) -> Any:
    return Invitation.objects.filter(activity=activity, member__committee_id=partner_id)


def _accepted_partner(activity: Activity, committee_id: int) -> CoOrganiser:
    row = CoOrganiser.objects.filter(activity=activity, partner_id=committee_id).first()
    if row is None:
        raise NotAllowed()
    if row.state != C.ACCEPTED:
        raise DomainError("请先确认联办，再邀请本会委员")
    return row


def members_invite(*, activity: Activity, committee_id: int, by: Any, members: Iterable[Member]) -> int:
    """A co-organising committee's activity staff invite members of their own committee. A person
    already invited (through any committee's roster) is not invited again. Returns how many."""
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    _accepted_partner(activity, committee_id)
    if activity.state != Activity.State.PLANNED:
        raise DomainError("活动已举行或已取消，不能再邀请")
    members = list(members)
    if not members:
        raise DomainError("请选择要邀请的委员")
    if any(m.committee_id != committee_id for m in members):
        raise DomainError("只能邀请本会的委员")
    invited_people = set(
        Invitation.objects.filter(activity=activity).values_list("member__person_id", flat=True)
    )
    chosen = Member.objects.filter(pk__in=[m.pk for m in members], is_active=True).select_related("person")
    new = [m for m in chosen if m.person_id not in invited_people]
    url = reverse("consultations:activity_detail", args=[activity.pk])
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [Invitation(committee_id=activity.committee_id, activity=activity, member=m) for m in new],
            ignore_conflicts=True,
        )
        record(
            action="joint.members.invited",
            obj=activity,
            by=by,
            data={"count": len(new)},
            committee_id=committee_id,
        )
        for m in new:
            if m.person.user_id:
                notify(
                    recipient=m.person.user,
                    key=f"consultations.invited.{activity.pk}",
                    title=f"活动邀请：{activity.title}（{activity.committee}主办）",
                    body=f"{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M} {activity.place}",
                    url=url,
                    committee_id=committee_id,
                )
    return len(new)


def attendance_set(*, invitation: Invitation, committee_id: int, by: Any, status: str) -> Invitation:
    """A co-organising committee records the attendance of one of its own members — at its venue
    (分会场) when it joins from one, which marks the member as attending remotely. The points go
    to the member's own committee's ledger through consultations' attendance service."""
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    if invitation.member.committee_id != committee_id:
        raise NotAllowed()
    row = _accepted_partner(invitation.activity, committee_id)
    with transaction.atomic():
        activities.attendance_set(invitation=invitation, by=by, status=status)
        remote = bool(row.venue) and status == AT.PRESENT
        if invitation.remote != remote:
            Invitation.objects.filter(pk=invitation.pk).update(remote=remote)
            invitation.remote = remote
        record(
            action="joint.attendance.set",
            obj=invitation,
            by=by,
            data={"to": status, "venue": row.venue},
            committee_id=committee_id,
        )
    return invitation


def _liaison_row(activity: Activity, unit: ParticipatingUnit, by: Any) -> CoOrganiser:
    """The unit's co-organiser row of the activity, if `by` is the unit's liaison."""
    if unit.pk not in liaison_unit_ids(by, unit.committee_id):
        raise NotAllowed()
    row = CoOrganiser.objects.filter(activity=activity, unit=unit).first()
    if row is None:
        raise NotAllowed()
    return row


def unit_members_invite(
    *, activity: Activity, unit: ParticipatingUnit, by: Any, members: Iterable[Member]
) -> int:
    """A party's or organisation's liaison invites the unit's own members to a joint activity it
    co-organises, through consultations' invitation service (the same rows, notices and audit as
    the host's own invitations; a person already invited is left as he is). Returns how many."""
    _liaison_row(activity, unit, by)
    members = list(members)
    if not members:
        raise DomainError("请选择要邀请的委员")
    if unit.sector_id is None:
        raise DomainError("本党派团体尚未设置对应界别，请联系政协办公室")
    own = set(
        selectors.unit_members(unit).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True)
    )
    if any(m.pk not in own for m in members):
        raise DomainError(f"只能邀请{unit}的委员（{unit.sector}界别的在任委员）")
    with transaction.atomic():
        n = activities.invite(activity=activity, by=by, members=members)
        record(
            action="joint.unit_members.invited",
            obj=activity,
            by=by,
            data={"count": n, "unit": unit.pk},
        )
    return n


def unit_attendance_set(
    *, invitation: Invitation, unit: ParticipatingUnit, by: Any, status: str
) -> Invitation:
    """A liaison records the attendance of one of the unit's own members; the points go to the
    member's ledger once, through consultations' attendance service."""
    _liaison_row(invitation.activity, unit, by)
    if not selectors.unit_invitations(invitation.activity, unit).filter(pk=invitation.pk).exists():
        raise NotAllowed()
    if invitation.attendance == status:
        return invitation
    with transaction.atomic():
        activities.attendance_set(invitation=invitation, by=by, status=status)
        record(
            action="joint.unit_attendance.set",
            obj=invitation,
            by=by,
            data={"to": status, "unit": unit.pk},
        )
    return invitation
