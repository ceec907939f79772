"""Replies (答复, domain.md §1.8, §1.15): the lead unit (or each unit of a 分办) drafts its reply,
the 会办 units co-sign it, proposal staff review it — returning it, or approving it with an
optionally adjusted category (both kept) and a publication scope. When every replying unit of the
round is approved the proposal is replied and its proposers are asked to rate it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workdays import add_working_days
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify

from ..config import settings_for
from ..models import Assignment, Attachment, Contact, HandlingMode, Proposal, PublicScope, Reply
from ..permissions import actor_roles, user_units
from ..selectors import latest_approved_replies
from ..workflow import (
    ASSIGNMENT_LABELS,
    ASSIGNMENT_TABLE,
    CO_UNIT,
    LABELS,
    REPLY_LABELS,
    REPLY_TABLE,
    STAFF,
    TABLE,
    UNIT,
)
from . import followup, item_sync
from .recipients import tell_staff, unit_users

P = Proposal.State
A = Assignment.State
R = Reply.State
EDITABLE = (R.DRAFT, R.RETURNED)
# A tuple, so the refusal names the kinds in a stable order.
REPLY_DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc")
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
# Narrowest first: a 分办 proposal is published no wider than its most restricted part.
SCOPE_ORDER = [PublicScope.NONE, PublicScope.SUMMARY, PublicScope.FULL]


@dataclass
class ReplyData:
    """What a unit enters on the reply form."""

    category: str
    text: str
    signing_leader: str
    contact_name: str
    contact_phone: str
    summary: str = ""
    public_scope: str = PublicScope.FULL
    # 双向评议: the unit's rating of the proposal (调研深度, 建议可行性, 表述清晰), or None.
    quality: tuple[int, int, int] | None = None
    quality_comment: str = ""


def _validate(committee_id: int, data: ReplyData) -> list[str]:
    codes = [c for c, _ in settings_for(committee_id).result_choices()]
    problems: list[str] = []
    if data.category not in codes:
        problems.append("请选择答复类别")
    if len(data.text.strip()) < 20:
        problems.append("请填写答复内容（至少20个字，逐条答复提案所提建议）")
    elif len(data.text) > 50000:
        problems.append("答复内容过长")
    if len(data.summary) > 2000:
        problems.append("答复摘要不能超过2000字")
    if not data.signing_leader.strip() or len(data.signing_leader) > 50:
        problems.append("请填写签发领导")
    if not data.contact_name.strip() or len(data.contact_name) > 50:
        problems.append("请填写联系人")
    if not PHONE.match(data.contact_phone.strip()):
        problems.append("联系电话格式不正确")
    if data.public_scope not in PublicScope.values:
        problems.append("请选择公开范围建议")
    if data.quality is not None:
        scale = settings_for(committee_id).quality_scale
        if len(data.quality) != 3 or any(not 1 <= q <= scale for q in data.quality):
            problems.append(f"提案质量评价每项须在1至{scale}分之间")
    if len(data.quality_comment) > 500:
        problems.append("对提案质量的意见不能超过500字")
    return problems


def _unit_url(assignment: Assignment) -> str:
    return reverse("proposals:unit_assignment", args=[assignment.pk])


def current_reply(assignment: Assignment) -> Reply | None:
    return Reply.objects.filter(assignment=assignment, round=assignment.proposal.round).first()


def reply_save(
    *, assignment: Assignment, by: Any, data: ReplyData, upload: UploadedFile | None = None
) -> Reply:
    """Write or rewrite the unit's reply of the current round (a draft, or one returned)."""
    proposal = assignment.proposal
    if UNIT not in actor_roles(by, proposal, assignment):
        raise NotAllowed()
    if assignment.role == Assignment.Role.CO:
        raise NotAllowed("会办单位不直接答复，请向主办单位提交会办意见")
    if proposal.state not in Proposal.HANDLING_STATES:
        raise DomainError(f"提案当前为“{LABELS[proposal.state]}”，不能撰写答复")
    if assignment.state not in (A.HANDLING, A.OBJECTING):
        raise DomainError(f"当前状态为“{ASSIGNMENT_LABELS[assignment.state]}”，不能撰写答复")
    problems = _validate(proposal.committee_id, data)
    if problems:
        raise DomainError("；".join(problems))
    reply = current_reply(assignment)
    if reply is not None and reply.state not in EDITABLE:
        raise DomainError(f"答复已{REPLY_LABELS[reply.state]}，不能修改")
    values: dict[str, Any] = {
        "category": data.category,
        "text": data.text.strip(),
        "summary": data.summary.strip(),
        "signing_leader": data.signing_leader.strip(),
        "contact_name": data.contact_name.strip(),
        "contact_phone": data.contact_phone.strip(),
        "public_scope": data.public_scope,
        "quality_research": data.quality[0] if data.quality else None,
        "quality_feasibility": data.quality[1] if data.quality else None,
        "quality_clarity": data.quality[2] if data.quality else None,
        "quality_comment": data.quality_comment.strip(),
    }
    with transaction.atomic():
        document = None
        if upload is not None:
            name = check_attachment(upload, allowed=REPLY_DOCUMENT_SUFFIXES)
            document = Attachment.store(
                upload=upload,
                name=name,
                by=by,
                committee_id=proposal.committee_id,
                proposal=proposal,
                kind=Attachment.Kind.REPLY,
            )
        if reply is None:
            try:
                with transaction.atomic():
                    reply = Reply.objects.create(
                        committee_id=proposal.committee_id,
                        proposal=proposal,
                        assignment=assignment,
                        round=proposal.round,
                        written_by=by,
                        document=document,
                        **values,
                    )
            except IntegrityError:
                # A colleague created this round's reply a moment ago (one reply per round).
                raise Conflict() from None
        else:
            if document is not None:
                values["document"] = document
            # Compare-and-set, so a save racing a submission cannot change a reply under review.
            claimed = Reply.objects.filter(pk=reply.pk, version=reply.version, state__in=EDITABLE).update(
                version=F("version") + 1, **{k: v for k, v in values.items() if k != "contact_phone"}
            )
            if claimed != 1:
                raise Conflict()
            reply.refresh_from_db()
            # The encrypted field is written through the model so it is encrypted on save.
            reply.contact_phone = values["contact_phone"]
            reply.save(update_fields=["contact_phone"])
        record(
            action="proposals.reply.saved",
            obj=proposal,
            by=by,
            data={"reply": reply.pk, "unit": assignment.unit_id, "category": data.category},
        )
    return reply


def _co_units(proposal: Proposal) -> set[int]:
    if proposal.mode != HandlingMode.JOINT:
        return set()
    return set(
        proposal.assignments.filter(role=Assignment.Role.CO)
        .exclude(state=A.WITHDRAWN)
        .values_list("unit_id", flat=True)
    )


def reply_submit(*, reply: Reply, by: Any) -> Reply:
    """Submit the reply: to the 会办 units for co-signing when there are any, else for review."""
    assignment = reply.assignment
    proposal = reply.proposal
    roles = actor_roles(by, proposal, assignment)
    if UNIT not in roles:
        raise NotAllowed()
    if assignment.state == A.OBJECTING:
        raise DomainError("改办申请审核中，暂不能提交答复")
    if reply.state in EDITABLE:
        rules = settings_for(proposal.committee_id)
        if (
            rules.require_pre_contact
            and not Contact.objects.filter(assignment=assignment, stage=Contact.Stage.BEFORE).exists()
        ):
            raise DomainError("提交答复前须与提案者进行办前沟通，请先记录办前沟通情况")
    co_units = _co_units(proposal)
    to = R.COSIGNING if co_units else R.REVIEWING

    def ask_cosigners() -> None:
        # The 会办 units' people open their own share, where the lead reply waits for 会签.
        shares = proposal.assignments.filter(role=Assignment.Role.CO, unit_id__in=co_units).exclude(
            state=A.WITHDRAWN
        )
        for share in shares:
            for user in unit_users(proposal.committee_id, [share.unit_id]):
                notify(
                    recipient=user,
                    key=f"proposals.reply.{reply.pk}.cosign.{reply.version}",
                    title=f"提案答复待会签：{proposal.title}"[:200],
                    url=_unit_url(share),
                    committee_id=proposal.committee_id,
                )

    return transition(  # type: ignore[return-value]
        reply,
        table=REPLY_TABLE,
        to=to,
        by=by,
        roles=roles - {CO_UNIT},
        state_labels=REPLY_LABELS,
        fields={"submitted_at": timezone.now(), "cosigned_by": []},
        data={"proposal": proposal.pk, "unit": assignment.unit_id},
        after_commit=[ask_cosigners if co_units else _ask_review(reply)],
    )


def _ask_review(reply: Reply) -> Callable[[], None]:
    """Proposal staff are told a reply waits for their review (after commit)."""
    proposal = reply.proposal

    def send() -> None:
        tell_staff(
            committee_id=proposal.committee_id,
            key=f"proposals.reply.{reply.pk}.review.{reply.version}",
            title=f"提案答复待审核：{proposal.title}",
            url=reverse("proposals:reply_review", args=[reply.pk]),
        )

    return send


def reply_cosign(*, reply: Reply, by: Any) -> Reply:
    """A 会办 unit co-signs the lead's reply (会签); the last one sends it for review. Co units
    read but do not edit the reply."""
    proposal = reply.proposal
    roles = actor_roles(by, proposal, reply.assignment)
    if CO_UNIT not in roles:
        raise NotAllowed()
    if reply.state != R.COSIGNING:
        raise DomainError(f"答复当前为“{REPLY_LABELS[reply.state]}”，不能会签")
    co_units = _co_units(proposal)
    mine = user_units(by, proposal.committee_id) & co_units
    signed = set(reply.cosigned_by)
    todo = mine - signed
    if not todo:
        raise DomainError("本单位已会签")
    signed |= todo
    cosigned = sorted(signed)
    if signed >= co_units:
        return transition(  # type: ignore[return-value]
            reply,
            table=REPLY_TABLE,
            to=R.REVIEWING,
            by=by,
            roles={CO_UNIT},
            state_labels=REPLY_LABELS,
            fields={"cosigned_by": cosigned},
            data={"proposal": proposal.pk, "units": sorted(todo)},
            after_commit=[_ask_review(reply)],
        )
    with transaction.atomic():
        claimed = Reply.objects.filter(pk=reply.pk, version=reply.version, state=R.COSIGNING).update(
            cosigned_by=cosigned, version=F("version") + 1
        )
        if claimed != 1:
            raise Conflict()
        reply.cosigned_by, reply.version = cosigned, reply.version + 1
        record(
            action="proposals.reply.cosigned",
            obj=reply,
            by=by,
            data={"proposal": proposal.pk, "units": sorted(todo)},
        )
    return reply


def reply_review(
    *,
    reply: Reply,
    by: Any,
    approve: bool,
    comment: str = "",
    adjusted_category: str = "",
    public_scope: str = "",
) -> Reply:
    """Staff return the reply with a comment, or approve it. On approval the unit's share is
    replied; when every replying unit of the round is approved, the proposal is."""
    proposal = reply.proposal
    roles = actor_roles(by, proposal)
    comment = comment.strip()
    if not approve:
        if len(comment) < 2:
            raise DomainError("退回时请填写审核意见")
        assignment = reply.assignment

        def tell_unit() -> None:
            for user in unit_users(assignment.committee_id, [assignment.unit_id]):
                notify(
                    recipient=user,
                    key=f"proposals.reply.{reply.pk}.returned.{reply.version}",
                    title=f"答复被退回：{proposal.title}"[:200],
                    body=comment,
                    url=_unit_url(assignment),
                    committee_id=proposal.committee_id,
                )

        return transition(  # type: ignore[return-value]
            reply,
            table=REPLY_TABLE,
            to=R.RETURNED,
            by=by,
            roles=roles,
            state_labels=REPLY_LABELS,
            fields={"review_comment": comment},
            data={"proposal": proposal.pk, "comment": comment},
            after_commit=[tell_unit],
        )
    codes = [c for c, _ in settings_for(proposal.committee_id).result_choices()]
    if adjusted_category and adjusted_category not in codes:
        raise DomainError("调整后的答复类别无效")
    if public_scope not in PublicScope.values:
        raise DomainError("请选择公开范围")
    if not proposal.consent_publish:
        public_scope = PublicScope.NONE  # the proposer did not consent (domain.md §1.4)
    adjusted = "" if adjusted_category == reply.category else adjusted_category
    now = timezone.now()
    with transaction.atomic():
        transition(
            reply,
            table=REPLY_TABLE,
            to=R.APPROVED,
            by=by,
            roles=roles,
            state_labels=REPLY_LABELS,
            fields={
                "approved_at": now,
                "approved_by": by,
                "adjusted_category": adjusted,
                "public_scope": public_scope,
                "review_comment": comment,
            },
            data={
                "proposal": proposal.pk,
                "category": reply.category,
                "adjusted": adjusted,
                "scope": public_scope,
            },
        )
        assignment = reply.assignment
        transition(
            assignment,
            table=ASSIGNMENT_TABLE,
            to=A.REPLIED,
            by=by,
            roles={STAFF} & roles,
            state_labels=ASSIGNMENT_LABELS,
            fields={"replied_at": now},
            data={"proposal": proposal.pk, "reply": reply.pk},
        )
        # The unit has answered: a 催办 item chasing it has nothing left to chase.
        item_sync.urge_item_settle(assignment=assignment, by=by, note="提案已答复")
        _complete_round(proposal, by=by, now=now)
    return reply


def _complete_round(proposal: Proposal, *, by: Any, now: datetime) -> None:
    """Reply the proposal once no replying unit (the lead, or each 分办 unit) is still at work.

    A unit's share is replied only when its reply is approved, so this is "every part approved".
    In a re-handling round only the units asked again are back at work; the others' latest
    approved replies still stand for their parts."""
    # Lock the proposal row so that two staff approving the last two 分办 parts at once do not
    # both see the other's part as still open.
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    replying = list(
        locked.assignments.filter(role__in=(Assignment.Role.LEAD, Assignment.Role.SPLIT)).exclude(
            state=A.WITHDRAWN
        )
    )
    if not replying or any(a.state != A.REPLIED for a in replying):
        return
    approved = latest_approved_replies(replying)
    if len(approved) < len(replying):
        return
    # For 分办 the result is the weakest part (C is below B is below A).
    result = max(r.final_category for r in approved)
    scope = min((r.public_scope for r in approved), key=lambda s: SCOPE_ORDER.index(PublicScope(s)))
    rules = settings_for(locked.committee_id)
    rating_until = add_working_days(timezone.localdate(now), rules.rating_working_days)
    transition(
        locked,
        table=TABLE,
        to=P.REPLIED,
        by=by,
        roles={STAFF},
        state_labels=LABELS,
        fields={"replied_at": now, "result": result, "public_scope": scope, "rating_until": rating_until},
        data={"result": result, "scope": scope, "round": locked.round},
        after_commit=[lambda: _ask_to_rate(locked, rating_until)],
    )
    # 回头看: a B-class reply, and every key proposal whatever its category.
    for reply in approved:
        if reply.final_category == "B" or locked.is_key:
            reply.proposal = locked
            followup.followup_item_open(reply=reply, by=by)
    item_sync.key_item_report(proposal=locked, approved=approved, by=by)
    proposal.state, proposal.version = locked.state, locked.version
    proposal.result, proposal.public_scope, proposal.rating_until = result, scope, rating_until


def _ask_to_rate(proposal: Proposal, until: Any) -> None:
    for member, _ in followup.proposers(proposal):
        user = member.person.user
        if user is None:
            continue
        notify(
            recipient=user,
            key=f"proposals.rate.{proposal.pk}.{proposal.round}",
            title=f"请评价提案办理情况：{proposal.title}"[:200],
            body=f"第{proposal.number}号提案已答复，请于{until:%Y年%m月%d日}前评价办理工作和办理结果。",
            url=reverse("proposals:detail", args=[proposal.pk]),
            committee_id=proposal.committee_id,
        )
