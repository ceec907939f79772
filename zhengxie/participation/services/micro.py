"""微建议: submit (a member, or a member at a studio for a resident), screen and route to a
handling unit or decline (the office), answer or send back (the unit), rate (the member), and
carry on as 社情民意 (the office) or as a proposal draft (the member), keeping the link.

Deadlines are working days (lib/workdays) set per committee (ChannelSettings); overdue screening
and answers are chased once each by `chase_overdue`, which claims each row with a conditional
UPDATE so that two workers or a rerun never send the same reminder twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workdays import add_working_days
from zhengxie.lib.workflow import transition
from zhengxie.opinions.intake import receive_referral
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.services.submission import ProposalData, draft_for_member, proposal_create
from zhengxie.search.index import reindex

from ..models import MICRO_LENGTH, TOPICS, ChannelSettings, MicroPhoto, MicroSuggestion, Studio
from ..permissions import actor_roles
from ..workflow import AUTHOR, LABELS, OFFICE, PROMOTERS, TABLE
from .common import award, control_problem, member_of, tell, unit_users, users_with

S = MicroSuggestion.State
MAX_PHOTOS = 3
PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}
POINTS_CODE = "W01"  # duty rule: a micro-suggestion routed to a unit (duty/defaults.py)


@dataclass
class MicroData:
    """What the form (or the API) sends."""

    title: str
    body: str
    place: str
    topic: str


def settings_for(committee_id: int) -> ChannelSettings:
    row, _ = ChannelSettings.objects.get_or_create(committee_id=committee_id)
    return row


def settings_update(
    *,
    committee_id: int,
    by: Any,
    screen_days: int,
    answer_days: int,
    public_phone_verify: bool | None = None,
) -> ChannelSettings:
    """The committee's deadlines, and whether the public form asks for an SMS-verified phone
    (None leaves that as it is)."""
    if not (1 <= screen_days <= 30) or not (1 <= answer_days <= 60):
        raise DomainError("甄别时限应为1至30个工作日，答复时限应为1至60个工作日")
    with transaction.atomic():
        row = settings_for(committee_id)
        row.screen_days, row.answer_days, row.updated_by = screen_days, answer_days, by
        if public_phone_verify is not None:
            row.public_phone_verify = public_phone_verify
        row.save()
        record(
            action="participation.settings.changed",
            obj=row,
            by=by,
            data={
                "screen_days": screen_days,
                "answer_days": answer_days,
                "public_phone_verify": row.public_phone_verify,
            },
        )
    return row


def problems_of(data: MicroData) -> list[str]:
    problems: list[str] = []
    control = control_problem(data.title, data.body, data.place)
    if control:
        return [control]
    if not data.title.strip():
        problems.append("请填写标题")
    elif len(data.title.strip()) > 60:
        problems.append("标题不能超过60个字")
    if not data.body.strip():
        problems.append("请填写建议内容")
    elif len(data.body.strip()) > MICRO_LENGTH:
        problems.append(f"微建议内容不能超过{MICRO_LENGTH}个字，较长的意见请写成社情民意或提案")
    if not data.place.strip():
        problems.append("请填写问题所在地点")
    elif len(data.place.strip()) > 100:
        problems.append("地点不能超过100个字")
    if data.topic not in TOPICS:
        problems.append("请选择类别")
    return problems


def check_photos(photos: Sequence[UploadedFile]) -> list[str]:
    """The checked names, or a DomainError naming what is wrong (too many, too big, not a photo)."""
    if len(photos) > MAX_PHOTOS:
        raise DomainError(f"最多上传{MAX_PHOTOS}张照片")
    return [check_attachment(p, max_bytes=PHOTO_BYTES, allowed=PHOTO_SUFFIXES) for p in photos]


def detail_url(micro: MicroSuggestion) -> str:
    return reverse("participation:micro_detail", args=[micro.pk])


def micro_submit(
    *,
    committee_id: int,
    by: Any,
    data: MicroData,
    photos: Sequence[UploadedFile] = (),
    studio: Studio | None = None,
) -> MicroSuggestion:
    """A member's micro-suggestion (at `studio` when written there for a resident), due to be
    screened within the committee's working days."""
    member = member_of(by, committee_id)
    if member is None:
        raise NotAllowed("只有本政协的在任委员可以提出微建议")
    if studio is not None and (
        studio.committee_id != committee_id or not studio.members.filter(pk=member.pk).exists()
    ):
        raise NotAllowed("只有工作室的入驻委员可以代群众提出微建议")
    problems = problems_of(data)
    if problems:
        raise DomainError("；".join(problems))
    names = check_photos(photos)
    now = timezone.now()
    conf = settings_for(committee_id)
    with transaction.atomic():
        micro = MicroSuggestion.objects.create(
            committee_id=committee_id,
            member=member,
            studio=studio,
            title=data.title.strip(),
            body=data.body.strip(),
            place=data.place.strip(),
            topic=data.topic,
            submitted_at=now,
            screen_due_on=add_working_days(timezone.localdate(now), conf.screen_days),
            created_by=by,
        )
        for upload, name in zip(photos, names, strict=True):
            MicroPhoto.store(upload=upload, name=name, by=by, committee_id=committee_id, suggestion=micro)
        record(
            action="participation.micro.submitted",
            obj=micro,
            by=by,
            data={"photos": len(names), "studio": studio.pk if studio else None},
        )
        reindex("micro", micro.pk)
        tell(
            users_with(committee_id, OFFICE),
            committee_id=committee_id,
            key=f"micro:{micro.pk}:new",
            title=f"新的微建议待甄别：{micro.title}",
            body=f"请于{micro.screen_due_on:%Y年%m月%d日}前甄别交办。",
            url=detail_url(micro),
        )
    return micro


def _roles(by: Any, micro: MicroSuggestion) -> set[str]:
    return actor_roles(by, micro)


def micro_route(*, micro: MicroSuggestion, by: Any, unit: HandlingUnit, note: str = "") -> MicroSuggestion:
    """Route to a handling unit of the committee, which must answer within the set working days."""
    if unit.committee_id != micro.committee_id or not unit.is_active:
        raise DomainError("请选择本政协的有效承办单位")
    if control_problem(note) or len(note) > 200:
        raise DomainError("交办意见不能超过200字，且不能含有控制字符")
    now = timezone.now()
    due = add_working_days(timezone.localdate(now), settings_for(micro.committee_id).answer_days)
    with transaction.atomic():
        transition(
            micro,
            table=TABLE,
            to=S.ROUTED,
            by=by,
            roles=_roles(by, micro),
            state_labels=LABELS,
            data={"unit": unit.pk, "due": due.isoformat()},
            fields={
                "unit": unit,
                "routed_at": now,
                "routing_note": note.strip(),
                "answer_due_on": due,
                "answer_chased_at": None,
            },
        )
        award(member=micro.member, code=POINTS_CODE, source=micro, by=by, note=f"微建议：{micro.title}")
        url = detail_url(micro)
        tell(
            unit_users(micro.committee_id, unit.pk),
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:routed:{micro.version}",
            title=f"交办微建议：{micro.title}",
            body=f"请于{due:%Y年%m月%d日}前答复。{note.strip()}",
            url=url,
        )
        tell(
            _author_users(micro),
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:routed-author:{micro.version}",
            title=f"您的微建议已交{unit.name}办理",
            url=url,
        )
    return micro


def _author_users(micro: MicroSuggestion) -> list[Any]:
    user = micro.member.person.user
    return [user] if user is not None and user.is_active else []


def micro_decline(*, micro: MicroSuggestion, by: Any, reason: str) -> MicroSuggestion:
    reason = reason.strip()
    if not reason or len(reason) > 200 or control_problem(reason):
        raise DomainError("请填写不予交办的理由（200字以内）")
    with transaction.atomic():
        transition(
            micro,
            table=TABLE,
            to=S.DECLINED,
            by=by,
            roles=_roles(by, micro),
            state_labels=LABELS,
            data={"reason": reason},
            fields={"decline_reason": reason},
        )
        tell(
            _author_users(micro),
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:declined",
            title=f"您的微建议未予交办：{micro.title}",
            body=reason,
            url=detail_url(micro),
        )
    return micro


def micro_answer(*, micro: MicroSuggestion, by: Any, answer: str) -> MicroSuggestion:
    answer = answer.strip()
    if control_problem(answer):
        raise DomainError("答复含有不可见的控制字符，请删除后重新提交")
    if not answer or len(answer) > 2000:
        raise DomainError("请填写答复内容（2000字以内）")
    with transaction.atomic():
        transition(
            micro,
            table=TABLE,
            to=S.ANSWERED,
            by=by,
            roles=_roles(by, micro),
            state_labels=LABELS,
            fields={"answer": answer, "answered_at": timezone.now(), "answered_by": by},
        )
        tell(
            _author_users(micro),
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:answered",
            title=f"您的微建议已答复，请评价：{micro.title}",
            url=detail_url(micro),
        )
    return micro


def micro_return(*, micro: MicroSuggestion, by: Any, reason: str) -> MicroSuggestion:
    """The unit sends it back (not its business); the office routes it again."""
    reason = reason.strip()
    if not reason or len(reason) > 200 or control_problem(reason):
        raise DomainError("请填写退回理由（200字以内）")
    unit_name = micro.unit.name if micro.unit else ""
    with transaction.atomic():
        transition(
            micro,
            table=TABLE,
            to=S.SUBMITTED,
            by=by,
            roles=_roles(by, micro),
            state_labels=LABELS,
            data={"reason": reason, "unit": micro.unit_id},
            fields={
                "unit": None,
                "routed_at": None,
                "answer_due_on": None,
                "routing_note": f"{unit_name}退回：{reason}"[:200],
                "screen_due_on": add_working_days(
                    timezone.localdate(), settings_for(micro.committee_id).screen_days
                ),
                "screen_chased_at": None,
            },
        )
        tell(
            users_with(micro.committee_id, OFFICE),
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:returned:{micro.version}",
            title=f"{unit_name}退回微建议，请重新交办：{micro.title}",
            body=reason,
            url=detail_url(micro),
        )
    return micro


def micro_rate(*, micro: MicroSuggestion, by: Any, rating: str, comment: str = "") -> MicroSuggestion:
    if rating not in MicroSuggestion.Rating.values:
        raise DomainError("请选择满意、基本满意或不满意")
    comment = comment.strip()
    if len(comment) > 200 or control_problem(comment):
        raise DomainError("评价意见不能超过200字，且不能含有控制字符")
    if rating == MicroSuggestion.Rating.UNSATISFIED and not comment:
        raise DomainError("不满意时请写明理由")
    with transaction.atomic():
        transition(
            micro,
            table=TABLE,
            to=S.RATED,
            by=by,
            roles=_roles(by, micro),
            state_labels=LABELS,
            data={"rating": rating},
            fields={"rating": rating, "rating_comment": comment, "rated_at": timezone.now()},
        )
        label = MicroSuggestion.Rating(rating).label
        recipients = list(unit_users(micro.committee_id, micro.unit_id or 0))
        if rating == MicroSuggestion.Rating.UNSATISFIED:
            recipients += list(users_with(micro.committee_id, OFFICE))
        tell(
            recipients,
            committee_id=micro.committee_id,
            key=f"micro:{micro.pk}:rated",
            title=f"委员对微建议答复的评价：{label}",
            body=f"{micro.title}。{comment}",
            url=detail_url(micro),
        )
    return micro


def micro_to_opinion(*, micro: MicroSuggestion, by: Any) -> int:
    """The office carries the suggestion on as a 社情民意 item credited to its member (once);
    returns the item's id."""
    if not (actor_roles(by, micro) & OFFICE):
        raise NotAllowed()
    if micro.opinion_id:
        return micro.opinion_id
    body = f"{micro.body}\n地点：{micro.place}"
    if micro.answer:
        body += f"\n办理单位答复：{micro.answer}"
    with transaction.atomic():
        opinion = receive_referral(
            committee_id=micro.committee_id,
            title=micro.title,
            body=body,
            author_member_ids=[micro.member_id],
            source=micro,
            source_label=f"微建议：{micro.title}",
            source_url=detail_url(micro),
            by=by,
        )
        updated = MicroSuggestion.objects.filter(pk=micro.pk, opinion_id__isnull=True).update(
            opinion_id=opinion.pk
        )
        if updated:
            record(action="participation.micro.to_opinion", obj=micro, by=by, data={"opinion": opinion.pk})
        micro.opinion_id = opinion.pk
    return opinion.pk


def micro_to_proposal(*, micro: MicroSuggestion, by: Any) -> int:
    """The suggestion becomes a proposal draft of its member (once), to finish and submit on the
    proposal form; returns the draft's id. The member does it for himself or herself; the office
    (proposal staff) can prepare it for the member, who is told and finds the draft among his or
    her own, its source shown on the proposal."""
    roles = actor_roles(by, micro)
    author = AUTHOR in roles
    if not author and not (roles & PROMOTERS):
        raise NotAllowed("只有提出微建议的委员或提案工作人员可以将其转为提案草稿")
    if micro.proposal_id:
        return micro.proposal_id
    situation = f"{micro.body}\n（问题地点：{micro.place}）"
    if micro.answer:
        situation += f"\n办理单位答复：{micro.answer}"
    data = ProposalData(title=f"关于{micro.title}的建议"[:100], situation=situation)
    with transaction.atomic():
        if author:
            proposal = proposal_create(committee_id=micro.committee_id, by=by, data=data)
        else:
            proposal = draft_for_member(
                committee_id=micro.committee_id,
                member=micro.member,
                by=by,
                data=data,
                source_label=f"微建议：{micro.title}"[:120],
                source_url=detail_url(micro),
            )
        updated = MicroSuggestion.objects.filter(pk=micro.pk, proposal_id__isnull=True).update(
            proposal_id=proposal.pk
        )
        if not updated:  # promoted at the same moment by someone else: keep theirs
            raise DomainError("该微建议已转为提案草稿")
        record(action="participation.micro.to_proposal", obj=micro, by=by, data={"proposal": proposal.pk})
        micro.proposal_id = proposal.pk
    return proposal.pk


def chase_overdue(today: date | None = None) -> int:
    """Tell the office about suggestions past their screening date and the unit (and the office)
    about answers past their due date, once per deadline: each row is claimed by setting its
    `*_chased_at` where it is still empty."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    late_screen = MicroSuggestion.objects.filter(
        state=S.SUBMITTED, screen_due_on__lt=today, screen_chased_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(late_screen[:500]):
        with transaction.atomic():
            if not MicroSuggestion.objects.filter(pk=pk, screen_chased_at__isnull=True).update(
                screen_chased_at=now
            ):
                continue
            micro = MicroSuggestion.objects.get(pk=pk)
            record(action="participation.micro.chased", obj=micro, by=None, data={"what": "screen"})
            tell(
                users_with(micro.committee_id, OFFICE),
                committee_id=micro.committee_id,
                key=f"micro:{pk}:screen-late:{micro.screen_due_on}",
                title=f"微建议已超过甄别期限：{micro.title}",
                body=f"甄别期限为{micro.screen_due_on:%Y年%m月%d日}，请尽快交办。",
                url=detail_url(micro),
            )
            sent += 1
    late_answer = MicroSuggestion.objects.filter(
        state=S.ROUTED, answer_due_on__lt=today, answer_chased_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(late_answer[:500]):
        with transaction.atomic():
            if not MicroSuggestion.objects.filter(pk=pk, answer_chased_at__isnull=True).update(
                answer_chased_at=now
            ):
                continue
            micro = MicroSuggestion.objects.select_related("unit").get(pk=pk)
            record(action="participation.micro.chased", obj=micro, by=None, data={"what": "answer"})
            unit_name = micro.unit.name if micro.unit else ""
            tell(
                [
                    *unit_users(micro.committee_id, micro.unit_id or 0),
                    *users_with(micro.committee_id, OFFICE),
                ],
                committee_id=micro.committee_id,
                key=f"micro:{pk}:answer-late:{micro.answer_due_on}",
                title=f"微建议答复已逾期（{unit_name}）：{micro.title}",
                body=f"答复期限为{micro.answer_due_on:%Y年%m月%d日}，请尽快办理答复。",
                url=detail_url(micro),
            )
            sent += 1
    return sent
