"""Similar proposals: candidates from the search index, a character TF-IDF cosine (search.similar)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personas import Personas
from zhengxie.lib.text import terms_text
from zhengxie.org.models import Term
from zhengxie.proposals import similar
from zhengxie.proposals.models import Proposal
from zhengxie.search import similar as engine
from zhengxie.search.index import reindex

P = Proposal.State
ELEVATOR = "关于加快老旧小区加装电梯的建议 老旧小区住宅楼多数没有电梯，加装电梯审批环节多、资金分摊缺少指引。"


def proposal(
    p: Personas, text: str, *, committee: Any = None, state: str = P.SUBMITTED, **extra: Any
) -> Proposal:
    committee = committee or p.city
    title, _, body = text.partition(" ")
    values: dict[str, Any] = {
        "committee": committee,
        "term": Term.objects.filter(committee=committee).first(),
        "year": timezone.localdate().year,
        "proposer_name": "王建国",
        "title": title,
        "situation": body,
        "state": state,
        "created_by": p.member_wang,
        "terms": terms_text(title, body),
    }
    values.update(extra)
    created = Proposal.objects.create(**values)
    reindex("proposal", created.pk)
    return created


def test_finds_the_near_duplicate_and_not_the_unrelated(p: Personas) -> None:
    twin = proposal(
        p, "关于老旧小区加装电梯资金分摊的建议 老旧小区加装电梯难在资金分摊和审批，建议简化审批并给予补贴。"
    )
    unrelated = proposal(p, "关于发展乡村旅游的建议 乡村民宿缺少规划，旅游线路单一，游客停留时间短。")
    found = similar.similar_to(committee_id=p.city.pk, text=ELEVATOR)
    assert [hit for hit, _ in found] == [twin]
    assert found[0][1] > 0.3
    assert unrelated not in [hit for hit, _ in found]


def test_best_match_comes_first_and_the_proposal_itself_is_left_out(p: Personas) -> None:
    close = proposal(p, "关于老旧小区加装电梯的建议 老旧小区没有电梯，加装电梯审批环节多、资金分摊缺少指引。")
    looser = proposal(p, "关于电梯安全检查的建议 住宅电梯老化，维保不到位，安全检查要加强。")
    me = proposal(p, ELEVATOR)
    found = similar.similar_to(committee_id=p.city.pk, text=ELEVATOR, exclude_pk=me.pk, min_score=0.01)
    assert [hit for hit, _ in found][:2] == [close, looser]
    assert found[0][1] >= found[1][1]


def test_drafts_withdrawn_old_and_other_committees_are_not_compared(p: Personas) -> None:
    proposal(p, ELEVATOR, state=P.DRAFT)
    proposal(p, ELEVATOR, state=P.WITHDRAWN)
    proposal(p, ELEVATOR, year=timezone.localdate().year - 3)
    proposal(p, ELEVATOR, committee=p.county_b)
    assert similar.similar_to(committee_id=p.city.pk, text=ELEVATOR) == []


def test_empty_text_finds_nothing_without_a_query(p: Personas) -> None:
    with CaptureQueriesContext(connection) as captured:
        assert similar.similar_to(committee_id=p.city.pk, text="  ，。 ") == []
    assert len(captured.captured_queries) == 0


def test_candidates_are_capped_and_the_queries_fixed(p: Personas, monkeypatch: Any) -> None:
    monkeypatch.setattr(engine, "CANDIDATES", 5)
    for i in range(12):
        proposal(p, f"关于加装电梯第{i}批的建议 老旧小区加装电梯，老旧小区住宅楼多数没有电梯。")
    similar.similar_to(
        committee_id=p.city.pk, text=ELEVATOR, limit=3, min_score=0.01
    )  # the scope's statistics
    with CaptureQueriesContext(connection) as captured:
        found = similar.similar_to(committee_id=p.city.pk, text=ELEVATOR, limit=3, min_score=0.01)
    assert len(found) == 3
    # committee setting, the scope's unchanged, candidates, the proposals
    assert len(captured.captured_queries) == 4
