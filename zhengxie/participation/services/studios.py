"""Member studios (委员工作室/站): the office keeps the register (members, place, opening days,
sectors and villages served); a studio's member records each reception from the phone, and the
problem is solved on the spot or carried on as a micro-suggestion, a 社情民意 item or a proposal
draft, the link kept on the reception. Each reception scores C01 in the duty ledger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.personal import normalize_phone
from zhengxie.opinions.intake import receive_referral
from zhengxie.org.models import Member, Sector
from zhengxie.org.scope import roles_in
from zhengxie.proposals.services.submission import ProposalData, draft_for_member, proposal_create
from zhengxie.search.index import reindex

from ..models import MicroSuggestion, Reception, Studio
from ..permissions import edits_studios
from ..workflow import PROMOTERS
from .common import award, control_problem, member_of
from .micro import MicroData, micro_submit

OUT = Reception.Outcome
RECEPTION_CODE = "C01"  # 委员工作室、联络站接待，走访界别群众


@dataclass
class StudioData:
    name: str
    place: str
    opening: str
    serves: str = ""
    sectors: Sequence[Sector] = ()
    members: Sequence[Member] = ()


def studio_save(*, committee_id: int, by: Any, data: StudioData, studio: Studio | None = None) -> Studio:
    if not edits_studios(by, committee_id):
        raise NotAllowed()
    problems = []
    if control_problem(data.name, data.place, data.opening, data.serves):
        problems.append("内容含有不可见的控制字符")
    for label, value, limit in (
        ("名称", data.name, 100),
        ("地点", data.place, 200),
        ("开放时间", data.opening, 100),
    ):
        if not value.strip():
            problems.append(f"请填写{label}")
        elif len(value.strip()) > limit:
            problems.append(f"{label}不能超过{limit}字")
    if len(data.serves) > 300:
        problems.append("服务的村（社区）不能超过300字")
    if not data.members:
        problems.append("请选择至少一名入驻委员")
    if any(m.committee_id != committee_id for m in data.members) or any(
        s.committee_id != committee_id for s in data.sectors
    ):
        problems.append("入驻委员和联系界别须属于本政协")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        if studio is None:
            studio = Studio(committee_id=committee_id, created_by=by)
        elif studio.committee_id != committee_id:
            raise NotAllowed()
        studio.name, studio.place = data.name.strip(), data.place.strip()
        studio.opening, studio.serves = data.opening.strip(), data.serves.strip()
        studio.save()
        studio.members.set(data.members)
        studio.sectors.set(data.sectors)
        record(
            action="participation.studio.saved",
            obj=studio,
            by=by,
            data={"members": sorted(m.pk for m in data.members)},
        )
    return studio


@dataclass
class ReceptionData:
    received_on: date
    problem: str
    action: str = ""
    visitor_kind: str = Reception.Visitor.RESIDENT
    visitor_name: str = ""
    visitor_phone: str = ""
    solved: bool = False


def reception_url(reception: Reception) -> str:
    return reverse("participation:reception_detail", args=[reception.pk])


def reception_record(*, studio: Studio, by: Any, data: ReceptionData) -> Reception:
    """A studio member records a visit; it scores C01 for the member."""
    member = member_of(by, studio.committee_id)
    if member is None or not studio.members.filter(pk=member.pk).exists():
        raise NotAllowed("只有工作室的入驻委员可以登记接待")
    problems = []
    if control_problem(data.problem, data.action, data.visitor_name, data.visitor_phone):
        problems.append("内容含有不可见的控制字符，请删除后重新提交")
    if not data.problem.strip():
        problems.append("请填写来访人反映的问题")
    elif len(data.problem) > 1000:
        problems.append("反映的问题不能超过1000字")
    if len(data.action) > 1000:
        problems.append("处理情况不能超过1000字")
    if len(data.visitor_name.strip()) > 50:
        problems.append("来访人姓名不能超过50字")
    if data.visitor_kind not in Reception.Visitor.values:
        problems.append("请选择来访类别")
    if data.received_on > timezone.localdate():
        problems.append("接待日期不能晚于今天")
    if data.solved and not data.action.strip():
        problems.append("当场解决的，请填写处理情况")
    phone = ""
    if data.visitor_phone.strip():
        try:
            phone = normalize_phone(data.visitor_phone)
        except Exception:
            problems.append("联系电话应为11位手机号码")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        reception = Reception.objects.create(
            committee_id=studio.committee_id,
            studio=studio,
            member=member,
            received_on=data.received_on,
            visitor_kind=data.visitor_kind,
            visitor_name=data.visitor_name.strip(),
            visitor_phone=phone,
            problem=data.problem.strip(),
            action=data.action.strip(),
            outcome=OUT.SOLVED if data.solved else OUT.OPEN,
            created_by=by,
        )
        record(
            action="participation.reception.recorded",
            obj=reception,
            by=by,
            data={"studio": studio.pk, "solved": data.solved},
        )
        reindex("reception", reception.pk)
        award(member=member, code=RECEPTION_CODE, source=reception, by=by, note=f"{studio.name}接待")
    return reception


def _own_open(reception: Reception, by: Any) -> None:
    if reception.member.person.user_id != by.pk:
        raise NotAllowed("只有接待的委员可以处理这条接待记录")
    if reception.outcome != OUT.OPEN:
        raise DomainError(f"这条接待记录已是“{reception.get_outcome_display()}”，不能再次处理")


def _claim(reception: Reception, outcome: str, **fields: Any) -> None:
    """Set the outcome where it is still open (two taps or two devices: one wins)."""
    if not Reception.objects.filter(pk=reception.pk, outcome=OUT.OPEN).update(outcome=outcome, **fields):
        raise DomainError("这条接待记录已被处理，请刷新")
    reception.outcome = outcome
    for name, value in fields.items():
        setattr(reception, name, value)
    reindex("reception", reception.pk)


def reception_solve(*, reception: Reception, by: Any, action: str) -> Reception:
    _own_open(reception, by)
    action = action.strip()
    if not action or len(action) > 1000 or control_problem(action):
        raise DomainError("请填写处理情况（1000字以内）")
    with transaction.atomic():
        _claim(reception, OUT.SOLVED, action=action)
        record(action="participation.reception.solved", obj=reception, by=by)
    return reception


def reception_to_micro(
    *, reception: Reception, by: Any, title: str, place: str, topic: str
) -> MicroSuggestion:
    """Pass the problem to a department as a micro-suggestion written at the studio."""
    _own_open(reception, by)
    with transaction.atomic():
        micro = micro_submit(
            committee_id=reception.committee_id,
            by=by,
            data=MicroData(title=title, body=reception.problem[:300], place=place, topic=topic),
            studio=reception.studio,
        )
        _claim(reception, OUT.MICRO, micro=micro)
        record(action="participation.reception.to_micro", obj=reception, by=by, data={"micro": micro.pk})
    return micro


def reception_to_opinion(*, reception: Reception, by: Any, title: str) -> int:
    _own_open(reception, by)
    with transaction.atomic():
        opinion = receive_referral(
            committee_id=reception.committee_id,
            title=title,
            body=f"{reception.problem}\n（{reception.studio.name}接待群众反映）",
            author_member_ids=[reception.member_id],
            source=reception,
            source_label=f"{reception.studio.name}接待记录",
            source_url=reception_url(reception),
            by=by,
        )
        _claim(reception, OUT.OPINION, opinion_id=opinion.pk)
        record(
            action="participation.reception.to_opinion", obj=reception, by=by, data={"opinion": opinion.pk}
        )
    return opinion.pk


def reception_to_proposal(*, reception: Reception, by: Any, title: str) -> int:
    """The problem becomes a proposal draft of the receiving member: by the member, or prepared
    for the member by proposal staff (the member is told; the draft shows the reception)."""
    staff = bool(roles_in(by, reception.committee_id) & PROMOTERS)
    if not staff:
        _own_open(reception, by)
    elif reception.outcome != OUT.OPEN:
        raise DomainError(f"这条接待记录已是“{reception.get_outcome_display()}”，不能再次处理")
    data = ProposalData(
        title=title, situation=f"{reception.problem}\n（{reception.studio.name}接待群众反映）"
    )
    with transaction.atomic():
        if staff and reception.member.person.user_id != by.pk:
            proposal = draft_for_member(
                committee_id=reception.committee_id,
                member=reception.member,
                by=by,
                data=data,
                source_label=f"{reception.studio.name}接待记录",
                source_url=reception_url(reception),
            )
        else:
            proposal = proposal_create(committee_id=reception.committee_id, by=by, data=data)
        _claim(reception, OUT.PROPOSAL, proposal_id=proposal.pk)
        record(
            action="participation.reception.to_proposal", obj=reception, by=by, data={"proposal": proposal.pk}
        )
    return proposal.pk
