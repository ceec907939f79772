"""The year's figures on a small known data set, and their query count not growing with data."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.proposals.factories import closed_proposal, filed_proposal, replied_proposal
from zhengxie.proposals.models import Contact, Destination, Proposal, Rating
from zhengxie.proposals.stats import ADOPTION_LABEL, year_stats

P = Proposal.State


def rate(proposal: Proposal, member, user, work: str, result: str) -> None:
    Rating.objects.create(
        committee=proposal.committee, proposal=proposal, member=member, work=work, result=result, by=user
    )


def known_year(p: Personas, zhao, edu_unit) -> None:
    """Five received proposals of 2026 (plus ones that must not count)."""
    wang = p.member_wang_record
    a = closed_proposal(p, title="关于甲的建议", cosigners=[zhao[1]], is_key=True, result="A")
    rate(a, wang, p.member_wang, "satisfied", "satisfied")
    rate(a, zhao[1], zhao[0], "basic", "dissatisfied")
    Contact.objects.create(
        committee=p.city,
        proposal=a,
        assignment=a.assignments.get(),
        stage=Contact.Stage.BEFORE,
        mode=Contact.Mode.PHONE,
        on=date(2026, 4, 1),
        participants="王建国、李科长",
        notes="电话沟通办理思路",
        recorded_by=p.unit_clerk,
    )
    b = replied_proposal(
        p,
        title="关于乙的建议",
        units=[edu_unit],
        result="B",
        replied_on=date(2026, 6, 20),
        category="文化建设",
    )
    rate(b, wang, p.member_wang, "satisfied", "satisfied")
    filed_proposal(p, title="关于丙的建议")
    for title, state, extra in (
        ("关于丁的建议", P.NOT_FILED, {"destination": Destination.OPINION}),
        ("关于戊的建议", P.MERGED, {}),
        ("关于己的建议", P.WITHDRAWN, {}),
        ("关于庚的建议", P.DRAFT, {}),
    ):
        made = filed_proposal(p, title=title)
        Proposal.objects.filter(pk=made.pk).update(state=state, **extra)
    replied_proposal(p, title="关于去年的建议", year=2025, filed_on=date(2025, 3, 1))


def test_year_figures_on_a_known_data_set(p: Personas, zhao, qian, edu_unit) -> None:
    known_year(p, zhao, edu_unit)
    s = year_stats(p.city.pk, 2026)
    assert (s.received, s.filed, s.merged, s.not_filed, s.to_opinion, s.to_reference) == (5, 3, 1, 1, 1, 0)
    assert (s.replied, s.on_time, s.closed) == (2, 1, 1)
    assert s.results == {"A": 1, "B": 1}
    assert (s.individual, s.joint, s.collective) == (4, 1, 0)
    assert (s.rated, s.work_good, s.result_good) == (3, 3, 2)
    assert (s.key_filed, s.key_closed, s.assigned, s.contacted_before) == (1, 1, 2, 1)
    assert (s.proposers, s.active_members) == (2, 3)
    assert s.rates == {
        "立案率": "60.0%",
        "办复率": "66.7%",
        "按时办复率": "50.0%",
        ADOPTION_LABEL: "50.0%",
        "办理工作满意率": "100.0%",
        "办理结果满意率": "66.7%",
        "重点提案办结率": "100.0%",
        "委员参与率": "66.7%",
        "沟通率（办前沟通 / 已交办）": "50.0%",
    }
    assert s.by_category == [("社会建设", 4, 2), ("文化建设", 1, 1)]
    assert s.by_sector == [("经济界", 5, 3)]
    units = {u["unit"]: u for u in s.by_unit}
    housing, education = units["市住房和城乡建设局"], units["市教育局"]
    assert (housing["assigned"], housing["replied"], housing["on_time"]) == (1, 1, 1)
    assert (housing["rated"], housing["satisfied"], housing["satisfaction"]) == (2, 1, "50.0%")
    assert (education["assigned"], education["on_time"], education["rated"], education["satisfied"]) == (
        1,
        0,
        1,
        1,
    )


def test_a_year_with_nothing_shows_dashes_not_errors(p: Personas) -> None:
    s = year_stats(p.city.pk, 2026)
    assert s.received == 0 and s.rates["立案率"] == "—" and s.by_unit == []


def test_only_the_current_rounds_rating_counts(p: Personas) -> None:
    proposal = replied_proposal(p)
    rate(proposal, p.member_wang_record, p.member_wang, "dissatisfied", "dissatisfied")
    Proposal.objects.filter(pk=proposal.pk).update(round=2)
    Rating.objects.create(
        committee=p.city, proposal=proposal, round=2, member=p.member_wang_record, work="satisfied",
        result="basic", by=p.member_wang,
    )  # fmt: skip
    s = year_stats(p.city.pk, 2026)
    assert (s.rated, s.work_good, s.result_good) == (1, 1, 1)


def _count(committee_id: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        year_stats(committee_id, 2026)
    return len(captured.captured_queries)


def test_the_figures_take_the_same_queries_for_2_and_50_proposals(p: Personas, edu_unit) -> None:
    for i in range(2):
        replied_proposal(p, title=f"关于第{i}项的建议", units=[p.unit, edu_unit])
    few = _count(p.city.pk)
    for i in range(48):
        closed_proposal(p, title=f"关于第{i + 2}项的建议", units=[edu_unit] if i % 2 else [p.unit])
    assert _count(p.city.pk) == few
    assert year_stats(p.city.pk, 2026).received == 50


def test_the_statistics_page_takes_the_same_queries_for_2_and_50(
    client: Client, p: Personas, edu_unit
) -> None:
    def count() -> int:
        client.get(reverse("proposals:stats") + "?year=2026")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("proposals:stats") + "?year=2026")
        assert response.status_code == 200
        return len(captured.captured_queries)

    client.force_login(p.leader)
    for i in range(2):
        replied_proposal(p, title=f"关于第{i}项的建议")
    few = count()
    for i in range(48):
        closed_proposal(p, title=f"关于第{i + 2}项的建议", units=[edu_unit], category="文化建设")
    assert count() == few


def test_a_bad_year_falls_back_to_this_year(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    for raw in ("abc", "1800", "99999"):
        response = client.get(reverse("proposals:stats") + f"?year={raw}")
        assert response.status_code == 200 and response.context["year"] == timezone.localdate().year
