"""Meetings and activities: creating them, inviting members (by list, sector, special committee or
all standing members), registration, leave requests and their approval, sign-in by QR code or by
staff, speeches, and closing the activity so that every invited member's attendance is in the
duty ledger.

Attendance goes through duty's one entry point, `attendance_mark`, with the activity as the
source (so the member's duty record links back to it); speeches through `record_points`, and
they follow attendance: a member corrected to absent loses them, corrected back to present gets
them back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.models import PointEntry
from zhengxie.duty.services import entry_reverse, record_points
from zhengxie.duty.services_attendance import attendance_mark
from zhengxie.lib.errors import DomainError
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, Sector, SpecialCommittee
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..models import Activity, Consultation, Invitation
from ..workflow import ACTIVITY_LABELS, ACTIVITY_TABLE, STAFF
from . import trips

K = Activity.Kind
R = Invitation.Reply
AT = Invitation.Attendance

# The duty attendance kind (duty AttendanceSheet.Kind) each kind of activity scores by; a
# consultation meeting scores by its consultation's form (ConsultationForm.attendance_kind).
DUTY_KIND = {
    K.PLENARY: "plenary",
    K.STANDING: "standing",
    K.CONSULTATION: "consultation",
    K.REMOTE: "consultation",
    K.INSPECTION: "inspection",
    K.RESEARCH: "inspection",
    K.TRAINING: "training",
    K.READING: "training",
}
# The duty rule a speech at each kind of meeting scores by (duty/defaults.py): at the plenary's
# activity a speech is one in the group discussions (M02; the oral 大会发言 scores M05 in the
# plenary app), at a 常委会议 M07, at a consultation meeting or a remote one M08.
SPEECH_RULE = {K.PLENARY: "M02", K.STANDING: "M07", K.CONSULTATION: "M08", K.REMOTE: "M08"}

SIGN_IN_SALT = "consultations.sign-in"
SIGN_IN_OPENS_BEFORE = timedelta(hours=2)
SIGN_IN_CLOSES_AFTER = timedelta(hours=1)


def duty_kind(activity: Activity) -> str:
    if activity.kind == K.CONSULTATION and activity.consultation_id is not None:
        return activity.consultation.form.attendance_kind  # type: ignore[union-attr]
    return DUTY_KIND[Activity.Kind(activity.kind)]


def activity_create(
    *,
    committee_id: int,
    by: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_link: str = "",
    organiser: SpecialCommittee | None = None,
    consultation: Consultation | None = None,
    registration_closes_at: datetime | None = None,
) -> Activity:
    title, place = title.strip(), place.strip()
    problems = []
    if kind not in K.values:
        problems.append("请选择活动类型")
    if not title or len(title) > 200:
        problems.append("请填写活动名称（不超过200个字）")
    if ends_at <= starts_at:
        problems.append("结束时间须晚于开始时间")
    if kind == K.REMOTE and not video_link:
        problems.append("远程协商须填写视频会议链接")
    if kind != K.REMOTE and not place:
        problems.append("请填写活动地点")
    if organiser is not None and organiser.committee_id != committee_id:
        problems.append("承办专委会不属于本政协")
    if consultation is not None and consultation.committee_id != committee_id:
        problems.append("所属协商不属于本政协")
    if registration_closes_at is not None and registration_closes_at > starts_at:
        problems.append("报名截止时间不能晚于活动开始时间")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        activity = Activity.objects.create(
            committee_id=committee_id, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
            place=place[:100], video_link=video_link, organiser=organiser, consultation=consultation,
            registration_closes_at=registration_closes_at, created_by=by,
        )  # fmt: skip
        reindex("activity", activity.pk)
        record(
            action="consultations.activity.created",
            obj=activity,
            by=by,
            data={"kind": kind, "starts_at": starts_at, "place": place},
        )
    return activity


def _roles(by: Any, activity: Activity) -> set[str] | frozenset[str]:
    # The periodic job (by=None) acts as the office.
    return roles_in(by, activity.committee_id) if by is not None else STAFF


def activity_cancel(*, activity: Activity, by: Any, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写取消原因")
    with transaction.atomic():
        transition(
            activity, table=ACTIVITY_TABLE, to=Activity.State.CANCELLED, by=by, roles=_roles(by, activity),
            state_labels=ACTIVITY_LABELS, data={"reason": reason},
        )  # fmt: skip
        invited = Invitation.objects.filter(
            activity=activity, member__person__user__isnull=False
        ).select_related("member__person__user")
        for inv in invited:
            notify(
                recipient=inv.member.person.user,
                key=f"consultations.cancelled.{activity.pk}",
                title=f"活动取消：{activity.title}",
                body=reason[:200],
                url=reverse("consultations:activity_detail", args=[activity.pk]),
                committee_id=activity.committee_id,
            )


def invite(
    *,
    activity: Activity,
    by: Any,
    members: Iterable[Member] = (),
    sectors: Iterable[Sector] = (),
    specials: Iterable[SpecialCommittee] = (),
    standing: bool = False,
) -> int:
    """Invite members by name, by sector, by special committee or all standing members; members
    already invited are left as they are. Returns how many were newly invited."""
    if activity.state != Activity.State.PLANNED:
        raise DomainError("活动已举行或已取消，不能再邀请")
    members, sectors, specials = list(members), list(sectors), list(specials)
    chosen_objects: list[Any] = [*members, *sectors, *specials]
    if any(o.committee_id != activity.committee_id for o in chosen_objects):
        raise DomainError("所选委员、界别或专委会不属于本政协")
    who = Q(pk__in=[m.pk for m in members])
    if sectors:
        who |= Q(sector__in=sectors)
    if specials:
        who |= Q(special_committee__in=specials)
    if standing:
        who |= Q(is_standing=True)
    if not (members or sectors or specials or standing):
        raise DomainError("请选择要邀请的委员、界别或专委会")
    chosen = Member.objects.filter(who, committee_id=activity.committee_id, is_active=True)
    # By person: a co-organising committee (joint app) may have invited the same person already.
    already = set(Invitation.objects.filter(activity=activity).values_list("member__person_id", flat=True))
    new = [m for m in chosen.select_related("person") if m.person_id not in already]
    url = reverse("consultations:activity_detail", args=[activity.pk])
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [Invitation(committee_id=activity.committee_id, activity=activity, member=m) for m in new],
            ignore_conflicts=True,
        )
        record(
            action="consultations.activity.invited",
            obj=activity,
            by=by,
            data={
                "count": len(new),
                "sectors": [s.pk for s in sectors],
                "specials": [s.pk for s in specials],
            },
        )
        for m in new:
            if m.person.user_id:
                notify(
                    recipient=m.person.user,
                    key=f"consultations.invited.{activity.pk}",
                    title=f"活动邀请：{activity.title}",
                    body=f"{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M} {activity.place}",
                    url=url,
                    committee_id=activity.committee_id,
                )
    return len(new)


def _open_for_replies(invitation: Invitation) -> Activity:
    activity = invitation.activity
    if activity.state != Activity.State.PLANNED:
        raise DomainError("活动已举行或已取消")
    if activity.starts_at <= timezone.now():
        raise DomainError("活动已开始，不能再报名或请假，请联系工作人员")
    return activity


def invitation_register(*, invitation: Invitation, by: Any) -> Invitation:
    activity = _open_for_replies(invitation)
    if activity.registration_closes_at and activity.registration_closes_at < timezone.now():
        raise DomainError("报名已截止")
    if invitation.reply == R.REGISTERED:
        return invitation
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(reply=R.REGISTERED, leave_reason="")
        invitation.reply = R.REGISTERED
        record(action="consultations.invitation.registered", obj=invitation, by=by)
    return invitation


def invitation_ask_leave(*, invitation: Invitation, by: Any, reason: str) -> Invitation:
    _open_for_replies(invitation)
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写请假事由")
    if len(reason) > 300:
        raise DomainError("请假事由不能超过300个字")
    if invitation.reply == R.EXCUSED:
        raise DomainError("已准假，无需再次申请")
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(reply=R.LEAVE_REQUESTED, leave_reason=reason)
        invitation.reply, invitation.leave_reason = R.LEAVE_REQUESTED, reason
        record(
            action="consultations.invitation.leave_requested", obj=invitation, by=by, data={"reason": reason}
        )
    return invitation


def invitation_decide_leave(*, invitation: Invitation, by: Any, approve: bool) -> Invitation:
    if invitation.reply != R.LEAVE_REQUESTED:
        raise DomainError("该委员没有待审批的请假申请")
    reply = R.EXCUSED if approve else R.LEAVE_REFUSED
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, reply=R.LEAVE_REQUESTED).update(reply=reply)
        if updated != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        invitation.reply = reply
        record(
            action="consultations.invitation.leave_decided", obj=invitation, by=by, data={"approve": approve}
        )
        user = invitation.member.person.user
        if user is not None:
            notify(
                recipient=user,
                key=f"consultations.leave.{invitation.pk}.{reply}",
                title=f"请假{'已批准' if approve else '未批准'}：{invitation.activity.title}",
                url=reverse("consultations:activity_detail", args=[invitation.activity_id]),
                committee_id=invitation.committee_id,
            )
    return invitation


# --- sign-in -------------------------------------------------------------------------------------


def sign_in_token(activity: Activity) -> str:
    """A signed token for the activity's QR code, valid until an hour after it ends: it names the
    activity and its expiry, and the signature (SECRET_KEY) makes it unforgeable."""
    until = int((activity.ends_at + SIGN_IN_CLOSES_AFTER).timestamp())
    return signing.dumps({"a": activity.pk, "u": until}, salt=SIGN_IN_SALT, compress=True)


def activity_for_token(token: str) -> int:
    """The activity id the token names, or a DomainError if it is forged or expired."""
    try:
        data = signing.loads(token, salt=SIGN_IN_SALT)
    except signing.BadSignature:
        raise DomainError("签到二维码无效，请扫描会场的签到二维码") from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("u"), int):
        raise DomainError("签到二维码无效，请扫描会场的签到二维码")
    if data["u"] < timezone.now().timestamp():
        raise DomainError("签到二维码已过期")
    return data["a"]


def _sign_in_window(activity: Activity) -> None:
    now = timezone.now()
    if activity.state == Activity.State.CANCELLED:
        raise DomainError("活动已取消")
    if now < activity.starts_at - SIGN_IN_OPENS_BEFORE:
        raise DomainError("签到尚未开始（活动开始前2小时开放签到）")
    if now > activity.ends_at + SIGN_IN_CLOSES_AFTER:
        raise DomainError("签到已结束")


def sign_in_opens_at(activity: Activity) -> datetime:
    return activity.starts_at - SIGN_IN_OPENS_BEFORE


def sign_in_refusal(activity: Activity) -> str:
    """Why signing in is not possible right now ("" when it is): pages show this instead of a
    button that could only fail."""
    try:
        _sign_in_window(activity)
    except DomainError as exc:
        return exc.message
    return ""


def sign_in(*, activity: Activity, member: Member, by: Any, remote: bool = False) -> Invitation:
    """The member signs in (scanning the QR code, or joining a remote consultation)."""
    _sign_in_window(activity)
    if remote and activity.kind != K.REMOTE:
        raise DomainError("只有远程协商可以远程签到")
    invitation = (
        Invitation.objects.filter(activity=activity, member=member).select_related("activity").first()
    )
    if invitation is None:
        raise DomainError("您不在本次活动的邀请名单中，请联系工作人员")
    if invitation.signed_in_at is not None:
        return invitation
    with transaction.atomic():
        now = timezone.now()
        updated = Invitation.objects.filter(pk=invitation.pk, signed_in_at__isnull=True).update(
            signed_in_at=now, attendance=AT.PRESENT, remote=remote
        )
        if updated != 1:
            invitation.refresh_from_db()
            return invitation
        invitation.signed_in_at, invitation.attendance, invitation.remote = now, AT.PRESENT, remote
        _feed_duty(invitation, member, AT.PRESENT, by)
        record(action="consultations.invitation.signed_in", obj=invitation, by=by, data={"remote": remote})
    return invitation


def attendance_set(*, invitation: Invitation, by: Any, status: str) -> Invitation:
    """Staff override: record present, excused or unexcused (or "" to clear) for one member."""
    if status not in AT.values:
        raise DomainError("出席情况只能是出席、请假或无故缺席")
    activity = invitation.activity
    if activity.state == Activity.State.CANCELLED:
        raise DomainError("活动已取消")
    if activity.starts_at > timezone.now() + SIGN_IN_OPENS_BEFORE:
        raise DomainError("活动尚未开始，不能登记出席情况")
    if invitation.attendance == status:
        return invitation
    with transaction.atomic():
        signed = timezone.now() if status == AT.PRESENT else None
        Invitation.objects.filter(pk=invitation.pk).update(
            attendance=status, signed_in_at=signed, signed_in_by_staff=status == AT.PRESENT
        )
        old = invitation.attendance
        invitation.attendance, invitation.signed_in_at = status, signed
        _feed_duty(invitation, invitation.member, status, by)
        record(
            action="consultations.invitation.attendance_set",
            obj=invitation,
            by=by,
            data={"from": old, "to": status},
        )
    return invitation


def _feed_duty(invitation: Invitation, member: Member, status: str, by: Any) -> None:
    activity = invitation.activity
    attendance_mark(
        member=member,
        source=activity,
        kind=duty_kind(activity),
        status=status or None,
        by=by,
        year=timezone.localtime(activity.starts_at).year,
    )
    _speeches_follow_attendance(invitation, by)


def _speeches_follow_attendance(invitation: Invitation, by: Any) -> None:
    """A speech counts only while the member is recorded present: a correction to absent (or to
    not recorded) reverses the speech entry, a correction back to present restores it with the
    count the invitation kept. Online deliberation speeches (A03) are scored elsewhere and stay."""
    code = SPEECH_RULE.get(invitation.activity.kind)  # type: ignore[call-overload]
    if code is None or invitation.speeches == 0:
        return
    current = _speech_entry(invitation, code)
    if invitation.attendance == AT.PRESENT:
        if current is None:
            _speech_points(invitation, code, invitation.speeches, by)
    elif current is not None:
        entry_reverse(entry=current, by=by, reason="出席情况更正为未出席，发言不再计分")


def speech_record(*, invitation: Invitation, by: Any) -> Invitation:
    """Count one more speech by the member at the meeting; the duty ledger holds one entry per
    member and meeting with the number of speeches as its quantity."""
    activity = invitation.activity
    code = SPEECH_RULE.get(activity.kind)  # type: ignore[call-overload]
    if code is None:
        raise DomainError("此类活动不记录发言")
    if invitation.attendance != AT.PRESENT:
        raise DomainError("未出席的委员不能登记发言")
    with transaction.atomic():
        count = invitation.speeches + 1
        Invitation.objects.filter(pk=invitation.pk).update(speeches=count)
        invitation.speeches = count
        _speech_points(invitation, code, count, by)
        record(action="consultations.invitation.speech", obj=invitation, by=by, data={"count": count})
    return invitation


def _speech_entry(invitation: Invitation, code: str) -> PointEntry | None:
    """The member's standing speech entry for the meeting, if any."""
    return (
        PointEntry.objects.filter(
            member_id=invitation.member_id,
            source_type=ContentType.objects.get_for_model(Activity),
            source_id=invitation.activity_id,
            rule__code=code,
        )
        .standing()
        .first()
    )


def _speech_points(invitation: Invitation, code: str, count: int, by: Any) -> None:
    activity = invitation.activity
    current = _speech_entry(invitation, code)
    if current is not None:
        entry_reverse(entry=current, by=by, reason="发言次数更新")
    record_points(
        member=invitation.member,
        code=code,
        source=activity,
        by=by,
        year=timezone.localtime(activity.starts_at).year,
        quantity=count,
        again=True,
    )


def activity_close(*, activity: Activity, by: Any) -> dict[str, int]:
    """Mark the activity held: members who did not sign in are recorded as excused (leave
    approved) or unexcused, and every line reaches the duty ledger — all in one transaction with
    the compare-and-set transition, so a second closer (staff or the job) changes nothing."""
    if activity.state != Activity.State.PLANNED:
        raise DomainError("活动已举行或已取消")
    if activity.starts_at > timezone.now():
        raise DomainError("活动尚未开始，不能结束")
    counts = {"present": 0, "excused": 0, "unexcused": 0}
    with transaction.atomic():
        rows = Invitation.objects.filter(activity=activity).select_related("member")
        for inv in rows:
            inv.activity = activity
            if inv.attendance:
                counts[inv.attendance] += 1
                continue
            status = AT.EXCUSED if inv.reply == R.EXCUSED else AT.UNEXCUSED
            Invitation.objects.filter(pk=inv.pk).update(attendance=status)
            inv.attendance = status
            _feed_duty(inv, inv.member, status, by)
            counts[status] += 1
        # Last, so the event carries the counts; a lost race rolls the absences back with it.
        transition(
            activity, table=ACTIVITY_TABLE, to=Activity.State.HELD, by=by, roles=_roles(by, activity),
            state_labels=ACTIVITY_LABELS, data=counts,
        )  # fmt: skip
        # A standalone inspection or research trip now owes its report (trips.py).
        trips.trip_report_open(activity=activity, by=by)
    return counts
