"""Review and filing (审查立案, domain.md §1.5–1.7): proposal staff pass a proposal through the
committee's review stages, return it for revision, decline to file it (with a reason from the
committee's list and a destination, e.g. referral to public-opinion information), merge proposals
on the same subject, file it with its number 届-次-序号, and select key proposals.

Every decision leaves a ReviewNote; every write is audited in the same transaction; points and
notices go out after commit. The plenary rush gets batch filing and batch categorising, all or
none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from ..config import destinations_for, settings_for
from ..models import Destination, Proposal, ProposalSettings, ReviewNote
from ..permissions import actor_roles
from ..workflow import LABELS, STAFF, TABLE
from . import followup

P = Proposal.State
IN_REVIEW = (P.SUBMITTED, P.REVIEWING)
# Key proposals are selected once filed, and until the handling is over.
KEY_STATES = (P.FILED, P.ASSIGNED, P.REHANDLING)
CATEGORISABLE = (P.SUBMITTED, P.REVIEWING, P.FILED)
NUMBER_ATTEMPTS = 5


def _require_staff(by: Any, proposal: Proposal) -> set[str]:
    roles = actor_roles(by, proposal)
    if STAFF not in roles:
        raise NotAllowed("只有本政协提案工作人员可以审查提案")
    return roles


def _require_in_review(proposal: Proposal) -> None:
    if proposal.state not in IN_REVIEW:
        raise DomainError(f"提案“{proposal.title}”当前状态为“{LABELS[proposal.state]}”，不能审查")


def stage_name(rules: ProposalSettings, proposal: Proposal) -> str:
    stages = rules.review_stages
    return stages[min(proposal.review_stage, len(stages) - 1)]


def at_last_stage(rules: ProposalSettings, proposal: Proposal) -> bool:
    return proposal.review_stage >= len(rules.review_stages) - 1


def _note(proposal: Proposal, by: Any, stage: str, outcome: str, comment: str = "") -> ReviewNote:
    return ReviewNote.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        stage=stage,
        outcome=outcome,
        comment=comment,
        by=by,
    )


def _detail_url(proposal: Proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _tell_proposer(proposal: Proposal, key: str, title: str, body: str) -> Callable[[], None]:
    def send() -> None:
        notify(
            recipient=proposal.created_by,
            key=f"proposals.{key}.{proposal.pk}.{proposal.version}",
            title=title,
            body=body,
            url=_detail_url(proposal),
            committee_id=proposal.committee_id,
        )

    return send


def review_pass_stage(*, proposal: Proposal, by: Any, comment: str = "") -> Proposal:
    """Pass the current review stage (e.g. 初审) on to the next one (复审)."""
    roles = _require_staff(by, proposal)
    _require_in_review(proposal)
    rules = settings_for(proposal.committee_id)
    if at_last_stage(rules, proposal):
        raise DomainError(f"“{stage_name(rules, proposal)}”已是最后一个审查环节，请作出立案或不予立案的决定")
    current = stage_name(rules, proposal)
    following = rules.review_stages[proposal.review_stage + 1]
    with transaction.atomic():
        transition(
            proposal,
            table=TABLE,
            to=P.REVIEWING,
            by=by,
            roles=roles,
            state_labels=LABELS,
            fields={"review_stage": proposal.review_stage + 1},
            data={"stage": current, "next": following},
        )
        _note(proposal, by, current, "通过", comment.strip())
    return proposal


def review_return(*, proposal: Proposal, by: Any, comment: str) -> Proposal:
    """Return the proposal to its proposer for revision; the comment tells him what to change.
    The resubmitted proposal starts the review again from the first stage."""
    roles = _require_staff(by, proposal)
    _require_in_review(proposal)
    comment = comment.strip()
    if not comment:
        raise DomainError("请填写退回意见，告诉提案人需要修改什么")
    rules = settings_for(proposal.committee_id)
    stage = stage_name(rules, proposal)
    with transaction.atomic():
        transition(
            proposal,
            table=TABLE,
            to=P.RETURNED,
            by=by,
            roles=roles,
            state_labels=LABELS,
            fields={"return_comment": comment, "review_stage": 0},
            data={"stage": stage, "comment": comment},
            after_commit=[
                _tell_proposer(proposal, "returned", f"提案退回修改：{proposal.title}", comment),
            ],
        )
        _note(proposal, by, stage, "退回修改", comment)
    return proposal


def _referral_receiver(destination: str) -> Callable[..., models.Model] | None:
    path = getattr(settings, "REFERRAL_RECEIVERS", {}).get(destination)
    return import_string(path) if path else None


def _body(proposal: Proposal) -> str:
    parts = (("情况", proposal.situation), ("分析", proposal.analysis), ("建议", proposal.suggestion))
    return "\n\n".join(f"{label}：{text}" for label, text in parts if text)


def review_not_file(
    *, proposal: Proposal, by: Any, reason: str, destination: str, comment: str = ""
) -> Proposal:
    """Decline to file (不予立案) for one of the committee's reasons, and send the text where it
    belongs: as public-opinion information (through the receiver registered in
    settings.REFERRAL_RECEIVERS, in this same transaction), to the letters office, to the
    departments for reference, or nowhere."""
    roles = _require_staff(by, proposal)
    _require_in_review(proposal)
    rules = settings_for(proposal.committee_id)
    if reason not in rules.reject_reasons:
        raise DomainError("请从本政协规定的不予立案理由中选择一项")
    chosen = next((d for d in destinations_for(proposal.committee_id) if d.code == destination), None)
    if chosen is None:
        raise DomainError("请从本政协的去向中选择一项")
    stage = stage_name(rules, proposal)
    after: list[Callable[[], Any]] = [
        _tell_proposer(
            proposal,
            "not_filed",
            f"提案不予立案：{proposal.title}",
            f"理由：{reason}；去向：{chosen.name}。{comment.strip()}",
        )
    ]
    if chosen.rewarded:
        after.append(lambda: followup.award(proposal=proposal, code="P04", by=by))
    receiver = _referral_receiver(Destination.OPINION) if chosen.to_opinion else None
    with transaction.atomic():
        transition(
            proposal,
            table=TABLE,
            to=P.NOT_FILED,
            by=by,
            roles=roles,
            state_labels=LABELS,
            fields={"not_filed_reason": reason, "destination": destination},
            data={"reason": reason, "destination": destination},
            after_commit=after,
        )
        # A proposal already referred (e.g. restored from an old import) is not sent twice.
        if receiver is not None and proposal.referral_id is None:
            referred = receiver(
                committee_id=proposal.committee_id,
                title=proposal.title,
                body=_body(proposal),
                author_member_ids=[m.pk for m, _ in followup.proposers(proposal)],
                source=proposal,
                source_label=f"不予立案提案：{proposal.title}"[:200],
                source_url=_detail_url(proposal),
                by=by,
            )
            proposal.referral_type = ContentType.objects.get_for_model(referred)
            proposal.referral_id = referred.pk
            Proposal.objects.filter(pk=proposal.pk).update(
                referral_type=proposal.referral_type, referral_id=proposal.referral_id
            )
            record(
                action="proposals.proposal.referred",
                obj=proposal,
                by=by,
                data={"destination": destination, "to": f"{proposal.referral_type.pk}:{referred.pk}"},
            )
        _note(proposal, by, stage, "不予立案", f"{reason}（{chosen.name}）{comment.strip()}")
    return proposal


def review_merge(
    *, primary: Proposal, secondaries: Sequence[Proposal], by: Any, comment: str = ""
) -> Proposal:
    """Merge proposals on the same subject (并案): the secondaries become MERGED into the primary,
    stay readable and link to it; their proposers are credited when the primary is filed
    (followup.proposers)."""
    roles = _require_staff(by, primary)
    if not secondaries:
        raise DomainError("请选择要并入的提案")
    if any(s.pk == primary.pk for s in secondaries):
        raise DomainError("主提案不能并入自己")
    if len({s.pk for s in secondaries}) != len(secondaries):
        raise DomainError("同一提案不能重复并入")
    for proposal in (primary, *secondaries):
        if proposal.committee_id != primary.committee_id:
            raise NotAllowed("只能合并本政协的提案")
        _require_in_review(proposal)
    stage = stage_name(settings_for(primary.committee_id), primary)
    with transaction.atomic():
        for secondary in secondaries:
            transition(
                secondary,
                table=TABLE,
                to=P.MERGED,
                by=by,
                roles=roles,
                state_labels=LABELS,
                fields={"merged_into": primary},
                data={"into": primary.pk},
                after_commit=[
                    _tell_proposer(
                        secondary,
                        "merged",
                        f"提案已并案办理：{secondary.title}",
                        f"您的提案与《{primary.title}》内容相近，已并入该提案一并办理。",
                    )
                ],
            )
            _note(secondary, by, stage, "并案", f"并入《{primary.title}》。{comment.strip()}")
            # Proposals merged earlier into this secondary move on to the new primary: a merged
            # proposal must point at one still in the loop, and followup.proposers credits only
            # the proposals merged directly into the one filed.
            for earlier in Proposal.objects.filter(merged_into=secondary).order_by("pk"):
                Proposal.objects.filter(pk=earlier.pk).update(merged_into=primary)
                record(
                    action="proposals.proposal.merge_moved",
                    obj=earlier,
                    by=by,
                    data={"was_into": secondary.pk, "into": primary.pk},
                )
        # The primary's version moves too, so a concurrent decision on it fails cleanly.
        if (
            Proposal.objects.filter(pk=primary.pk, version=primary.version, state__in=IN_REVIEW).update(
                version=F("version") + 1
            )
            != 1
        ):
            raise Conflict()
        primary.version += 1
        titles = "、".join(f"《{s.title}》" for s in secondaries)
        record(
            action="proposals.proposal.merge_received",
            obj=primary,
            by=by,
            data={"merged": [s.pk for s in secondaries]},
        )
        _note(primary, by, stage, "并案", f"并入{titles}。{comment.strip()}")
    return primary


def _next_serial(proposal: Proposal) -> int:
    same = Proposal.objects.filter(committee_id=proposal.committee_id, term_id=proposal.term_id)
    if proposal.session_id is None:
        same = same.filter(session__isnull=True)
    else:
        same = same.filter(session_id=proposal.session_id)
    top = same.aggregate(top=Max("serial"))["top"]
    return (top or 0) + 1


def _number(proposal: Proposal, serial: int) -> str:
    session_no = proposal.session.number if proposal.session is not None else 0
    return f"{proposal.term.number}-{session_no}-{serial:04d}"


def _check_key_leader(committee_id: int, leader: Any) -> None:
    if leader is None:
        raise DomainError("重点提案须指定领衔督办的领导")
    if Role.LEADER not in roles_in(leader, committee_id):
        raise DomainError("领衔督办的须是本政协的领导")


def proposal_file(
    *,
    proposal: Proposal,
    by: Any,
    category: str,
    suggested_units: Sequence[HandlingUnit] | None = None,
    is_key: bool = False,
    key_leader: Any = None,
    comment: str = "",
) -> Proposal:
    """File (立案) at the last review stage: fix the category and suggested units, optionally
    make it a key proposal, and give it the next number 届-次-序号 of its term and session."""
    roles = _require_staff(by, proposal)
    _require_in_review(proposal)
    rules = settings_for(proposal.committee_id)
    if not at_last_stage(rules, proposal):
        raise DomainError(
            f"提案“{proposal.title}”尚在“{stage_name(rules, proposal)}”环节，须经全部审查环节后才能立案"
        )
    if category not in rules.categories:
        raise DomainError(f"提案“{proposal.title}”的分类“{category or '未填'}”不在本政协的提案分类中")
    units = list(proposal.suggested_units.all()) if suggested_units is None else list(suggested_units)
    if any(u.committee_id != proposal.committee_id or not u.is_active for u in units):
        raise DomainError("建议承办单位须是本政协的有效承办单位")
    if is_key:
        _check_key_leader(proposal.committee_id, key_leader)
    stage = stage_name(rules, proposal)

    def credit() -> None:
        followup.award(proposal=proposal, code="P01", by=by)
        if is_key:
            followup.award(proposal=proposal, code="P05", by=by, variants=True)

    for _attempt in range(NUMBER_ATTEMPTS):
        serial = _next_serial(proposal)
        number = _number(proposal, serial)
        try:
            with transaction.atomic():
                transition(
                    proposal,
                    table=TABLE,
                    to=P.FILED,
                    by=by,
                    roles=roles,
                    state_labels=LABELS,
                    fields={
                        "category": category,
                        "serial": serial,
                        "number": number,
                        "filed_at": timezone.now(),
                        "is_key": is_key,
                        "key_leader": key_leader if is_key else None,
                    },
                    data={"number": number, "category": category, "key": is_key},
                    after_commit=[
                        credit,
                        _tell_proposer(
                            proposal,
                            "filed",
                            f"提案已立案：{proposal.title}",
                            f"提案号 {number}，分类：{category}。",
                        ),
                    ],
                )
                proposal.suggested_units.set(units)
                _note(proposal, by, stage, "立案", comment.strip())
                return proposal
        except IntegrityError:
            # Another clerk took the same number at the same moment: read the top again.
            continue
    raise DomainError("提案号分配冲突，请重试")


def key_select(*, proposal: Proposal, by: Any, leader: Any, comment: str = "") -> Proposal:
    """Select a filed proposal as a key proposal (重点提案) led by a leader; the supervision item
    opens as soon as the proposal has a lead unit (followup.key_item_open, here or at
    assignment)."""
    _require_staff(by, proposal)
    if proposal.state not in KEY_STATES:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，只有已立案、办理中的提案可以列为重点提案")
    _check_key_leader(proposal.committee_id, leader)
    if proposal.is_key and proposal.key_leader_id == leader.pk:
        raise DomainError("该提案已是由这位领导领衔督办的重点提案")
    with transaction.atomic():
        updated = Proposal.objects.filter(
            pk=proposal.pk, version=proposal.version, state=proposal.state
        ).update(is_key=True, key_leader=leader, version=F("version") + 1)
        if updated != 1:
            raise Conflict()
        proposal.is_key, proposal.key_leader = True, leader
        proposal.version += 1
        record(action="proposals.proposal.key_selected", obj=proposal, by=by, data={"leader": leader.pk})
        _note(
            proposal,
            by,
            "重点提案遴选",
            "列为重点提案",
            f"领衔督办：{leader.display_name}。{comment.strip()}",
        )
        transaction.on_commit(lambda: followup.award(proposal=proposal, code="P05", by=by, variants=True))
        transaction.on_commit(lambda: followup.key_item_open(proposal=proposal, by=by))
    return proposal


def _blocked(proposal: Proposal, exc: DomainError) -> DomainError:
    return type(exc)(f"提案“{proposal.title}”未能处理：{exc.message}。本批次未处理任何提案")


def proposals_file_many(*, proposals: Sequence[Proposal], by: Any) -> int:
    """File every ticked proposal with its own category and suggested units, all or none."""
    if not proposals:
        raise DomainError("请先勾选提案")
    with transaction.atomic():
        for proposal in proposals:
            try:
                proposal_file(proposal=proposal, by=by, category=proposal.category)
            except DomainError as exc:
                raise _blocked(proposal, exc) from exc
    return len(proposals)


def proposals_categorise_many(*, proposals: Sequence[Proposal], by: Any, category: str) -> int:
    """Set one category on every ticked proposal (before assignment), all or none."""
    if not proposals:
        raise DomainError("请先勾选提案")
    with transaction.atomic():
        for proposal in proposals:
            try:
                _require_staff(by, proposal)
                if proposal.state not in CATEGORISABLE:
                    raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，不能再调整分类")
                if category not in settings_for(proposal.committee_id).categories:
                    raise DomainError(f"分类“{category or '未填'}”不在本政协的提案分类中")
                updated = Proposal.objects.filter(
                    pk=proposal.pk, version=proposal.version, state=proposal.state
                ).update(category=category, version=F("version") + 1)
                if updated != 1:
                    raise Conflict()
            except DomainError as exc:
                raise _blocked(proposal, exc) from exc
            record(
                action="proposals.proposal.categorised",
                obj=proposal,
                by=by,
                data={"from": proposal.category, "to": category},
            )
            proposal.category = category
            proposal.version += 1
    return len(proposals)
