"""A hand-counted year of proposals for the figures of the reports section.

2026, 政协市委员会 (members in office: 王, 赵, 钱):
  A 王 individual, filed, 文化建设          B 王 + 赵 (agreed) joint, filed, 文化建设
  C 界别 collective typed in by 钱, filed, 经济建设
  D 王 not filed → the committee's own 转为意见建议     E 赵 not filed → 转社情民意
  F 王 merged           G 赵 withdrawn after submission     H 钱 withdrawn after submission
  not counted: 钱's draft, 王's proposal of 2025.
Received 8 = filed 3 (37.5%) + merged 1 (12.5%) + not filed 2 (25.0%) + withdrawn 2 (25.0%).
Participants: 王 and 赵 (钱 only typed in a collective proposal and withdrew her own): 2 of 3.
"""

from __future__ import annotations

from typing import Any

from tests.personas import Personas
from tests.proposals.factories import filed_proposal
from zhengxie.proposals import config
from zhengxie.proposals.models import Destination, NotFiledDestination, Proposal, ProposerKind, SuggestedTopic

P = Proposal.State


def known_year(p: Personas, zhao: Any, qian: Any) -> NotFiledDestination:
    own = config.destination_add(
        committee_id=p.city.pk, by=p.proposal_staff, name="转为意见建议", to_opinion=False, rewarded=False
    )
    wang = p.member_wang_record
    filed_proposal(p, title="关于甲的建议", category="文化建设")
    filed_proposal(p, title="关于乙的建议", category="文化建设", cosigners=[zhao[1]])
    filed_proposal(
        p,
        title="关于丙的建议",
        category="经济建设",
        kind=ProposerKind.SECTOR,
        sector=p.sector,
        proposer=qian[1],  # who typed it in: the factory makes her its author, not its proposer
    )
    for title, who, state, extra in (
        ("关于丁的建议", wang, P.NOT_FILED, {"destination": own.code}),
        ("关于戊的建议", zhao[1], P.NOT_FILED, {"destination": Destination.OPINION}),
        ("关于己的建议", wang, P.MERGED, {}),
        ("关于庚的建议", zhao[1], P.WITHDRAWN, {}),
        ("关于辛的建议", qian[1], P.WITHDRAWN, {}),
        ("关于壬的建议", qian[1], P.DRAFT, {"submitted_at": None, "number": "", "serial": None}),
    ):
        made = filed_proposal(p, title=title, proposer=who, category="经济建设")
        Proposal.objects.filter(pk=made.pk).update(state=state, **extra)
    filed_proposal(p, title="关于去年的建议", year=2025)
    return own


def proposal_work(p: Personas) -> None:
    """The 督办与服务 records of 2026 (and one key proposal of 2025): A and B made key proposals, A
    claimed by the leader; a leader's and a public topic published (one taken up, its draft not yet
    submitted) and a withdrawn one; two assist requests, one answered; two visits, one with
    findings."""
    from datetime import date

    from django.utils import timezone

    from zhengxie.proposals.services import assist, claims, inspections, topics

    Proposal.objects.filter(year=2025).update(is_key=True)
    first, second = (Proposal.objects.get(title=t) for t in ("关于甲的建议", "关于乙的建议"))
    for proposal in (first, second):
        claims.key_offer(proposal=proposal, by=p.proposal_staff)
    today = timezone.localdate()
    claims.claim_window_set(
        committee_id=p.city.pk, by=p.proposal_staff, year=2026, opens_on=date(2026, 1, 1), closes_on=today
    )
    claims.key_claim(proposal=Proposal.objects.get(pk=first.pk), by=p.leader)
    led = topics.topic_add(
        committee_id=p.city.pk, by=p.leader, source="leader", title="老旧小区加装电梯", year=2026
    )
    topics.topic_add(
        committee_id=p.city.pk, by=p.proposal_staff, source="public", title="校园周边交通", source_note="网上征集",
        year=2026,
    )  # fmt: skip
    topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=2026)
    dropped = topics.topic_add(
        committee_id=p.city.pk, by=p.leader, source="leader", title="已撤回的选题", year=2026
    )
    topics.topic_withdraw(topic=dropped, by=p.proposal_staff)
    topics.topic_take(topic=SuggestedTopic.objects.get(pk=led.pk), by=p.member_wang)
    text = "县域医共体建设中存在医保打包支付落地慢、人才下沉难等问题，建议省级层面统筹推进。"
    helped = assist.assist_request(
        committee_id=p.city.pk,
        by=p.member_wang,
        upper_level="省政协会议",
        title="关于医共体的建议",
        text=text,
    )
    assist.assist_answer(row=helped, by=p.proposal_staff, comments="建议补充试点数据。")
    assist.assist_request(
        committee_id=p.city.pk, by=p.member_wang, upper_level="省政协会议", title="关于托育的建议", text=text
    )
    group = inspections.group_create(
        committee_id=p.city.pk, by=p.proposal_staff, year=2026, name="督导第一组"
    )
    visit = inspections.visit_plan(group=group, by=p.proposal_staff, unit_id=p.unit.pk, visit_on=today)
    inspections.findings_record(
        visit=visit, by=p.proposal_staff, findings="答复件未写明落实时限。", rating="fair_good"
    )
    inspections.visit_plan(group=group, by=p.proposal_staff, unit_id=p.unit.pk, visit_on=today)
