"""The published proposal figures against a hand-counted year (tests/reports/fixtures.py)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.factories import filed_proposal
from tests.querycount import same_for_few_and_many
from tests.reports.fixtures import known_year
from zhengxie.reports.proposal_stats import participant_ids, proposal_figures


def _table(lines) -> list[tuple]:
    return [(line.label, *line.counts, *line.shares) for line in lines]


def test_outcomes_add_up_to_received_with_shares_to_one_decimal(p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    f = proposal_figures(p.city.pk, 2026)
    assert _table(f.outcome_lines()) == [
        ("收到提案", 8, "100.0%"),
        ("立案", 3, "37.5%"),
        ("并案", 1, "12.5%"),
        ("不予立案", 2, "25.0%"),
        ("其中：转社情民意", 1, "12.5%"),
        ("其中：转委员来信", 0, "0.0%"),
        ("其中：转有关部门参考", 0, "0.0%"),
        ("其中：不转送", 0, "0.0%"),
        ("其中：转为意见建议", 1, "12.5%"),  # the committee's own destination
        ("撤案", 2, "25.0%"),
    ]


def test_kinds_are_counted_over_received_and_over_filed(p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    kinds = {line[0]: line[1:] for line in _table(proposal_figures(p.city.pk, 2026).kind_lines())}
    assert kinds["委员提案合计"] == (7, 2, "87.5%", "66.7%")
    assert kinds["委员个人"] == (6, 1, "75.0%", "33.3%")
    assert kinds["委员联名"] == (1, 1, "12.5%", "33.3%")
    assert kinds["集体提案合计"] == (1, 1, "12.5%", "33.3%")
    assert kinds["界别"] == (1, 1, "12.5%", "33.3%")
    assert kinds["党派"] == (0, 0, "0.0%", "0.0%")


def test_categories_are_sorted_by_filed_with_shares_of_filed(p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    assert _table(proposal_figures(p.city.pk, 2026).category_lines()) == [
        ("文化建设", 2, 2, "66.7%"),
        ("经济建设", 6, 1, "33.3%"),  # more received, fewer filed: second
    ]


def test_a_collective_proposal_counts_for_no_member(p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    f = proposal_figures(p.city.pk, 2026)
    assert set(participant_ids(p.city.pk, 2026).values_list("pk", flat=True)) == {
        p.member_wang_record.pk,
        zhao[1].pk,
    }
    assert (f.participants, f.members_in_office, f.participation_rate) == (2, 3, "66.7%")


def test_an_empty_year_shows_dashes(p: Personas) -> None:
    f = proposal_figures(p.city.pk, 2026)
    assert f.received == 0 and f.outcome_lines()[1].shares == ("—",) and f.categories == []


def test_the_office_sees_the_page_and_others_get_404(client: Client, p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    url = reverse("reports:proposals") + "?year=2026"
    for user in (p.member_wang, p.unit_clerk, p.info_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(p.county_b_staff)  # another committee's office sees its own, empty, year
    response = client.get(url)
    assert response.status_code == 200 and response.context["figures"].received == 0
    client.force_login(p.leader)
    page = client.get(url).content.decode()
    assert "转为意见建议" in page and "37.5%" in page and "委员提案合计" in page


def test_a_bad_year_falls_back_to_an_offered_one(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    for raw in ("abc", "1800", "99999"):
        response = client.get(reverse("reports:proposals") + f"?year={raw}")
        assert response.status_code == 200 and response.context["year"] in response.context["years"]


def test_the_page_takes_the_same_queries_for_2_and_20_proposals(client: Client, p: Personas, zhao) -> None:
    client.force_login(p.proposal_staff)
    made = [0]

    def add(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            filed_proposal(p, title=f"关于第{made[0]}项的建议", cosigners=[zhao[1]] if made[0] % 2 else [])

    same_for_few_and_many(client, reverse("reports:proposals") + "?year=2026", add)
