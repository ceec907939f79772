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
from zhengxie.proposals.models import Destination, NotFiledDestination, Proposal, ProposerKind

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
