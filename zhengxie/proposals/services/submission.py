"""Writing and submitting proposals: drafts, attachments, joint proposals' co-signing, collective
proposals' confirmation by the convener, withdrawal (domain.md §1.2–1.4).

A joint proposal goes in only when every co-signer has answered, or when the co-signing period
has passed (the job `proposals.close_cosigning` then submits it with those who agreed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.text import terms_text
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workdays import add_months
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import (
    HandlingUnit,
    Member,
    ParticipatingUnit,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..config import settings_for
from ..models import COLLECTIVE_KINDS, Attachment, CoSigner, Proposal, ProposerKind
from ..permissions import actor_roles
from ..workflow import LABELS, SYSTEM, TABLE

P = Proposal.State
K = ProposerKind
EDITABLE = (P.DRAFT, P.RETURNED)
# What the proposer's form writes (see _write).
TEXT_FIELDS = [
    "kind", "proposer", "title", "situation", "analysis", "suggestion", "category", "consent_publish",
    "no_publish_reason", "participating_unit", "special_committee", "sector", "group_name",
    "convener", "convener_confirmed_by", "convener_confirmed_at", "proposer_name", "terms",
]  # fmt: skip
MAX_COSIGNERS = 30


@dataclass
class ProposalData:
    """What a proposer enters on the proposal form (or the API)."""

    title: str
    situation: str = ""
    analysis: str = ""
    suggestion: str = ""
    category: str = ""
    suggested_units: Sequence[HandlingUnit] = field(default_factory=tuple)
    consent_publish: bool = True
    no_publish_reason: str = ""
    kind: str = K.MEMBER
    cosigners: Sequence[Member] = field(default_factory=tuple)
    participating_unit: ParticipatingUnit | None = None
    special_committee: SpecialCommittee | None = None
    sector: Sector | None = None
    group_name: str = ""
    convener: Member | None = None


def validate(
    committee_id: int, data: ProposalData, proposer: Member | None, *, complete: bool, sealed: bool = False
) -> list[str]:
    """Every problem with `data`, in Chinese. A draft needs only a title; `complete` checks what
    submission needs (the three parts, a category, a convener for a collective proposal…)."""
    problems: list[str] = []
    title = data.title.strip()
    if not title:
        problems.append("请填写案由（标题）")
    elif len(title) > 200:
        problems.append("案由不能超过200个字")
    elif complete and not (title.startswith("关于") and title.endswith("建议")):
        problems.append("案由请用“关于……的建议”的格式")
    if data.kind not in K.values:
        problems.append("提案者类别无效")
    if data.kind == K.JOINT:
        if len(data.cosigners) > MAX_COSIGNERS:
            problems.append(f"联名人不能超过{MAX_COSIGNERS}人")
        if proposer is not None and any(m.pk == proposer.pk for m in data.cosigners):
            problems.append("第一提案人不能同时是联名人")
        if any(m.committee_id != committee_id or not m.is_active for m in data.cosigners):
            problems.append("联名人须是本政协的在任委员")
        if complete and not data.cosigners:
            problems.append("联名提案请至少选择一位联名人")
    elif data.cosigners:
        problems.append("只有委员联名提案才有联名人")
    collective_by: dict[str, ParticipatingUnit | SpecialCommittee | Sector | None] = {
        K.PARTY: data.participating_unit,
        K.PEOPLES_ORG: data.participating_unit,
        K.SPECIAL_COMMITTEE: data.special_committee,
        K.SECTOR: data.sector,
    }
    if data.kind in COLLECTIVE_KINDS:
        owner = collective_by.get(data.kind)
        if data.kind == K.MEMBER_GROUP:
            if not data.group_name.strip():
                problems.append("请填写委员小组名称")
        elif owner is None:
            problems.append("请选择提出提案的党派、团体、专委会或界别")
        elif owner.committee_id != committee_id:
            problems.append("提案单位不属于本政协")
        if complete and data.convener is None and not sealed:
            problems.append("集体提案须指定召集人（负责人）确认")
        if data.convener is not None and (
            data.convener.committee_id != committee_id or not data.convener.is_active
        ):
            problems.append("召集人须是本政协的在任委员")
    if complete:
        for label, text in (("情况", data.situation), ("分析", data.analysis), ("建议", data.suggestion)):
            if not text.strip():
                problems.append(f"请填写“{label}”部分")
        if not data.category:
            problems.append("请选择提案分类")
    if data.category and data.category not in settings_for(committee_id).categories:
        problems.append("提案分类不在本政协的分类目录中")
    if any(u.committee_id != committee_id or not u.is_active for u in data.suggested_units):
        problems.append("建议承办单位须是本政协的有效承办单位")
    if not data.consent_publish and not data.no_publish_reason.strip():
        problems.append("不同意公开时，请说明理由")
    if len(data.situation) + len(data.analysis) + len(data.suggestion) > 20000:
        problems.append("正文过长，请精简到两万字以内")
    return problems


def current_term(committee_id: int, today: date | None = None) -> Term:
    today = today or timezone.localdate()
    term = (
        Term.objects.filter(committee_id=committee_id, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-starts_on")
        .first()
    )
    if term is None:
        raise DomainError("本政协尚未设置当前届次，暂不能提交提案")
    return term


def session_for(committee_id: int, term: Term, today: date) -> tuple[Session | None, bool]:
    """The session a proposal submitted today belongs to, and whether it is a plenary proposal
    (大会提案: from `plenary_window_months` before the plenary opens until it closes, domain.md
    §1.3); otherwise it is an ordinary-period proposal (平时提案) of the last session held."""
    window = settings_for(committee_id).plenary_window_months
    sessions = list(Session.objects.filter(term=term).order_by("plenary_opens_on"))
    for session in sessions:
        if add_months(session.plenary_opens_on, -window) <= today <= session.plenary_closes_on:
            return session, True
    held = [s for s in sessions if s.plenary_closes_on < today]
    return (held[-1] if held else None), False


def _author_member(user: Any, committee_id: int) -> Member:
    member = (
        Member.objects.filter(committee_id=committee_id, person__user_id=user.pk, is_active=True)
        .select_related("person")
        .first()
    )
    if member is None:
        raise NotAllowed("只有本政协的在任委员可以提出提案")
    return member


def _proposer_name(data: ProposalData, proposer: Member | None) -> str:
    if data.kind == K.MEMBER or data.kind == K.JOINT:
        return ("" if proposer is None else proposer.person.name) + (
            "等" if data.kind == K.JOINT and data.cosigners else ""
        )
    if data.kind == K.MEMBER_GROUP:
        return data.group_name.strip()
    owner = data.participating_unit or data.special_committee or data.sector
    return getattr(owner, "name", "")


def _write(proposal: Proposal, data: ProposalData, proposer: Member | None) -> None:
    proposal.kind = data.kind
    # A collective proposal is the organisation's: whoever typed it in is not its first proposer.
    proposal.proposer = None if data.kind in COLLECTIVE_KINDS else proposer
    proposal.title = data.title.strip()
    proposal.situation = data.situation.strip()
    proposal.analysis = data.analysis.strip()
    proposal.suggestion = data.suggestion.strip()
    proposal.category = data.category
    proposal.consent_publish = data.consent_publish
    proposal.no_publish_reason = "" if data.consent_publish else data.no_publish_reason.strip()
    collective = data.kind in COLLECTIVE_KINDS
    proposal.participating_unit = data.participating_unit if data.kind in (K.PARTY, K.PEOPLES_ORG) else None
    proposal.special_committee = data.special_committee if data.kind == K.SPECIAL_COMMITTEE else None
    proposal.sector = data.sector if data.kind == K.SECTOR else None
    proposal.group_name = data.group_name.strip() if data.kind == K.MEMBER_GROUP else ""
    proposal.convener = data.convener if collective else None
    proposal.convener_confirmed_by = None
    proposal.convener_confirmed_at = None
    proposal.proposer_name = _proposer_name(data, proposer)[:100]
    proposal.terms = terms_text(proposal.title, proposal.situation, proposal.analysis, proposal.suggestion)


def _set_cosigners(proposal: Proposal, data: ProposalData) -> None:
    CoSigner.objects.filter(proposal=proposal).delete()
    if data.kind == K.JOINT:
        CoSigner.objects.bulk_create(
            CoSigner(committee_id=proposal.committee_id, proposal=proposal, member=m, order=i)
            for i, m in enumerate(data.cosigners)
        )


def proposal_create(*, committee_id: int, by: Any, data: ProposalData) -> Proposal:
    """Save a new draft; the acting member is the first proposer of an individual or joint
    proposal, or only the drafter of a collective one (credited to its organisation)."""
    proposer = _author_member(by, committee_id)
    problems = validate(committee_id, data, proposer, complete=False)
    if problems:
        raise DomainError("；".join(problems))
    today = timezone.localdate()
    term = current_term(committee_id, today)
    proposal = Proposal(
        committee_id=committee_id, term=term, year=today.year, proposer=proposer, created_by=by
    )
    with transaction.atomic():
        _write(proposal, data, proposer)
        proposal.save()
        proposal.suggested_units.set(data.suggested_units)
        _set_cosigners(proposal, data)
        reindex("proposal", proposal.pk)
        record(action="proposals.proposal.drafted", obj=proposal, by=by, data={"kind": data.kind})
    return proposal


def proposal_enter_on_behalf(
    *,
    committee_id: int,
    by: Any,
    data: ProposalData,
    session: Session,
    plenary: bool,
    proposer: Member | None = None,
) -> Proposal:
    """Proposal staff enter a proposal handed in on paper (代录): a member's or members' (the
    first proposer chosen, co-signers as signed on paper) or an organisation's (sealed, credited
    to the organisation), for any session of the committee — a past one included. The proposal
    goes straight into the review queue and takes the chosen session's year."""
    if Role.PROPOSAL_STAFF not in roles_in(by, committee_id):
        raise NotAllowed("只有提案工作人员可以代录提案")
    if session.committee_id != committee_id:
        raise DomainError("请选择本政协的会议")
    collective = data.kind in COLLECTIVE_KINDS
    if not collective and proposer is None:
        raise DomainError("请选择第一提案人")
    if proposer is not None and (proposer.committee_id != committee_id):
        raise DomainError("第一提案人须是本政协的委员")
    # A collective proposal on paper carries its seal: no convener needs to confirm it here.
    problems = validate(committee_id, data, None if collective else proposer, complete=True, sealed=True)
    if problems:
        raise DomainError("；".join(problems))
    now = timezone.now()
    proposal = Proposal(
        committee_id=committee_id,
        term=session.term,
        session=session,
        is_plenary=plenary,
        year=session.plenary_opens_on.year,
        created_by=by,
        state=P.SUBMITTED,
        submitted_at=now,
    )
    with transaction.atomic():
        _write(proposal, data, proposer)
        if collective:
            # The sealed paper stands for the convener's confirmation.
            proposal.convener_confirmed_by, proposal.convener_confirmed_at = by, now
        proposal.save()
        proposal.suggested_units.set(data.suggested_units)
        _set_cosigners(proposal, data)
        CoSigner.objects.filter(proposal=proposal).update(answer=CoSigner.Answer.AGREED, answered_at=now)
        record(
            action="proposals.proposal.entered_on_behalf",
            obj=proposal,
            by=by,
            data={"kind": data.kind, "session": session.pk, "plenary": plenary, "state": P.SUBMITTED},
        )
    return proposal


def proposal_update(*, proposal: Proposal, by: Any, data: ProposalData) -> Proposal:
    """Change a draft, or a proposal returned for revision, as its proposer."""
    if proposal.state not in EDITABLE:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，不能修改")
    if proposal.created_by_id != by.pk:
        raise NotAllowed("只有提案人本人可以修改")
    proposer = _drafter(proposal)
    if data.kind not in COLLECTIVE_KINDS and proposer is None:
        raise DomainError("此提案由集体提出，不能改为委员个人或联名提案")
    problems = validate(proposal.committee_id, data, proposer, complete=False)
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        # Claim the row first (compare-and-set), so two tabs saving at once cannot both win.
        claimed = Proposal.objects.filter(
            pk=proposal.pk, version=proposal.version, state__in=EDITABLE
        ).update(version=F("version") + 1)
        if claimed != 1:
            raise Conflict()
        proposal.version += 1
        _write(proposal, data, proposer)
        proposal.save(update_fields=TEXT_FIELDS)
        proposal.suggested_units.set(data.suggested_units)
        if proposal.state == P.DRAFT:
            _set_cosigners(proposal, data)
        reindex("proposal", proposal.pk)
        record(action="proposals.proposal.edited", obj=proposal, by=by, data={"title": proposal.title})
    return proposal


def _drafter(proposal: Proposal) -> Member | None:
    """The first proposer; for a collective proposal the member who drafted it, if a member did."""
    if proposal.proposer is not None:
        return proposal.proposer
    return (
        Member.objects.filter(committee_id=proposal.committee_id, person__user_id=proposal.created_by_id)
        .select_related("person")
        .first()
    )


def attachment_add(
    *, proposal: Proposal, by: Any, upload: UploadedFile, kind: str = Attachment.Kind.MATERIAL
) -> Attachment:
    """Attach a file, checked by content, size and name."""
    name = check_attachment(upload)
    with transaction.atomic():
        attachment = Attachment.store(
            upload=upload,
            name=name,
            by=by,
            committee_id=proposal.committee_id,
            proposal=proposal,
            kind=kind,
        )
        record(
            action="proposals.attachment.added",
            obj=proposal,
            by=by,
            data={"attachment": attachment.pk, "name": name, "kind": kind},
        )
    return attachment


def _data_of(proposal: Proposal) -> ProposalData:
    return ProposalData(
        title=proposal.title,
        situation=proposal.situation,
        analysis=proposal.analysis,
        suggestion=proposal.suggestion,
        category=proposal.category,
        suggested_units=list(proposal.suggested_units.all()),
        consent_publish=proposal.consent_publish,
        no_publish_reason=proposal.no_publish_reason,
        kind=proposal.kind,
        cosigners=[c.member for c in proposal.cosigners.select_related("member")],
        participating_unit=proposal.participating_unit,
        special_committee=proposal.special_committee,
        sector=proposal.sector,
        group_name=proposal.group_name,
        convener=proposal.convener,
    )


def convener_confirm(*, proposal: Proposal, by: Any) -> Proposal:
    """The convener of a collective proposal confirms it; the sealed document must be attached."""
    if not proposal.is_collective:
        raise DomainError("只有集体提案需要召集人确认")
    if proposal.state not in EDITABLE:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，不能确认")
    if proposal.convener is None or proposal.convener.person.user_id != by.pk:
        raise NotAllowed("只有该集体提案的召集人可以确认")
    if not proposal.attachments.filter(kind=Attachment.Kind.SEAL).exists():
        raise DomainError("请先上传加盖公章（或召集人签名）的提案文本")
    now = timezone.now()
    with transaction.atomic():
        updated = Proposal.objects.filter(pk=proposal.pk, version=proposal.version).update(
            convener_confirmed_by=by, convener_confirmed_at=now, version=proposal.version + 1
        )
        if updated != 1:
            raise Conflict()
        proposal.convener_confirmed_by, proposal.convener_confirmed_at = by, now
        proposal.version += 1
        record(action="proposals.proposal.convener_confirmed", obj=proposal, by=by)
    return proposal


def _detail_url(proposal: Proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def proposal_submit(*, proposal: Proposal, by: Any) -> Proposal:
    """Submit a draft (joint proposals first go to their co-signers) or resubmit a returned one."""
    problems = validate(proposal.committee_id, _data_of(proposal), proposal.proposer, complete=True)
    if proposal.is_collective and proposal.convener_confirmed_at is None:
        problems.append("集体提案须经召集人确认后才能提交")
    if problems:
        raise DomainError("；".join(problems))
    roles = actor_roles(by, proposal)
    if proposal.state == P.DRAFT and proposal.kind == K.JOINT:
        rules = settings_for(proposal.committee_id)
        until = timezone.localdate() + timedelta(days=rules.cosign_days)
        CoSigner.objects.filter(proposal=proposal).update(answer=CoSigner.Answer.PENDING, answered_at=None)
        cosigners = list(proposal.cosigners.select_related("member__person__user"))

        def ask() -> None:
            for c in cosigners:
                if c.member.person.user is not None:
                    notify(
                        recipient=c.member.person.user,
                        key=f"proposals.cosign.{proposal.pk}.{c.pk}.{proposal.version}",
                        title=f"请确认是否联名：{proposal.title}",
                        body=f"{proposal.proposer_name}邀请您联名提出此提案，请于{until:%Y年%m月%d日}前确认。",
                        url=_detail_url(proposal),
                        committee_id=proposal.committee_id,
                    )

        transition(
            proposal,
            table=TABLE,
            to=P.COSIGNING,
            by=by,
            roles=roles,
            state_labels=LABELS,
            fields={"cosign_until": until},
            data={"cosigners": [c.member_id for c in cosigners]},
            after_commit=[ask],
        )
        return proposal
    return _enter(proposal, by=by, roles=roles)


def session_year(session: Session | None, today: date) -> int:
    """A proposal's year is the year of the session it belongs to (大会 or the 平时 period after
    it); before a term's first session, the calendar year."""
    return session.plenary_opens_on.year if session is not None else today.year


def _enter(proposal: Proposal, *, by: Any, roles: set[str]) -> Proposal:
    """Move the proposal into the review queue, fixing its session, year and 大会/平时 flag. A
    proposal resubmitted after revision stays in the session it was first submitted to."""
    today = timezone.localdate()
    if proposal.session_id is not None and proposal.submitted_at is not None:
        session, plenary = proposal.session, proposal.is_plenary
    else:
        session, plenary = session_for(proposal.committee_id, proposal.term, today)
    year = session_year(session, today)
    return transition(  # type: ignore[return-value]
        proposal,
        table=TABLE,
        to=P.SUBMITTED,
        by=by,
        roles=roles,
        state_labels=LABELS,
        fields={
            "submitted_at": timezone.now(),
            "session": session,
            "is_plenary": plenary,
            "year": year,
            "return_comment": proposal.return_comment if proposal.state == P.RETURNED else "",
        },
        data={"plenary": plenary, "session": session.pk if session else None},
    )


def cosign_answer(*, proposal: Proposal, by: Any, agree: bool) -> CoSigner:
    """A co-signer confirms or declines. The last answer submits the proposal."""
    if proposal.state != P.COSIGNING:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，不能再确认联名")
    cosigner = (
        CoSigner.objects.filter(proposal=proposal, member__person__user_id=by.pk)
        .select_related("member")
        .first()
    )
    if cosigner is None:
        raise NotAllowed("您不是此提案的联名人")
    if cosigner.answer != CoSigner.Answer.PENDING:
        raise DomainError("您已答复过此联名邀请")
    answer = CoSigner.Answer.AGREED if agree else CoSigner.Answer.DECLINED
    with transaction.atomic():
        updated = CoSigner.objects.filter(pk=cosigner.pk, answer=CoSigner.Answer.PENDING).update(
            answer=answer, answered_at=timezone.now()
        )
        if updated != 1:
            raise Conflict()
        cosigner.answer = answer
        record(
            action="proposals.cosigner.answered",
            obj=proposal,
            by=by,
            data={"member": cosigner.member_id, "agree": agree},
        )
        if not CoSigner.objects.filter(proposal=proposal, answer=CoSigner.Answer.PENDING).exists():
            _enter(proposal, by=by, roles={SYSTEM})
    return cosigner


def close_cosigning(*, proposal: Proposal) -> bool:
    """After the co-signing period, submit with those who agreed (unanswered invitations lapse).
    Safe to run twice: the compare-and-set lets only one run move the proposal."""
    if proposal.state != P.COSIGNING or proposal.cosign_until is None:
        return False
    if proposal.cosign_until >= timezone.localdate():
        return False
    with transaction.atomic():
        try:
            _enter(proposal, by=None, roles={SYSTEM})
        except Conflict:
            return False
        lapsed = CoSigner.objects.filter(proposal=proposal, answer=CoSigner.Answer.PENDING)
        lapsed.update(answer=CoSigner.Answer.DECLINED)
    return True


def proposal_recall(*, proposal: Proposal, by: Any) -> Proposal:
    """Take a joint proposal back from its co-signers to change it."""
    return transition(  # type: ignore[return-value]
        proposal, table=TABLE, to=P.DRAFT, by=by, roles=actor_roles(by, proposal), state_labels=LABELS
    )


def proposal_withdraw(*, proposal: Proposal, by: Any, reason: str = "") -> Proposal:
    """The proposer withdraws (撤案) before filing."""
    return transition(  # type: ignore[return-value]
        proposal,
        table=TABLE,
        to=P.WITHDRAWN,
        by=by,
        roles=actor_roles(by, proposal),
        state_labels=LABELS,
        data={"reason": reason.strip()[:200]},
    )


def draft_for_member(
    *,
    committee_id: int,
    member: Member,
    by: Any,
    data: ProposalData,
    source_label: str,
    source_url: str = "",
) -> Proposal:
    """Another channel prepares a proposal draft for a member (a micro-suggestion, a topic group's
    suggestion, a grassroots problem, a suggested topic…). The draft is the member's own, as if he
    or she had typed it: the member finishes and submits it, or deletes it. The proposal shows its
    source; the calling app checks who may do this and keeps the proposal's id on its side."""
    if member.committee_id != committee_id or not member.is_active:
        raise DomainError("请选择本政协的在任委员")
    author = member.person.user
    if author is None:
        raise DomainError(f"{member.person.name}委员尚未开通账号，不能为其生成提案草稿")
    if data.kind != K.MEMBER:
        raise DomainError("只能生成委员个人提案草稿")
    problems = validate(committee_id, data, member, complete=False)
    if problems:
        raise DomainError("；".join(problems))
    today = timezone.localdate()
    proposal = Proposal(
        committee_id=committee_id,
        term=current_term(committee_id, today),
        year=today.year,
        proposer=member,
        created_by=author,
        source_label=source_label.strip()[:120],
        source_url=source_url[:200],
    )
    with transaction.atomic():
        _write(proposal, data, member)
        proposal.save()
        proposal.suggested_units.set(data.suggested_units)
        reindex("proposal", proposal.pk)
        record(
            action="proposals.proposal.drafted_for_member",
            obj=proposal,
            by=by,
            data={"member": member.pk, "source": proposal.source_label},
        )
        notify(
            recipient=author,
            key=f"proposal:{proposal.pk}:prepared",
            title=f"已为您生成提案草稿：{proposal.title}",
            body=f"来源：{proposal.source_label}。请修改完善后提交。",
            url=_detail_url(proposal),
            committee_id=committee_id,
        )
    return proposal
