"""A committee's reports page (this year beside last year) and the subtree page (each committee
below with the totals), their reach and their query counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.learning.models import StudyDay
from zhengxie.learning.services.progress import completion_record
from zhengxie.org.models import Committee, Member, Term
from zhengxie.org.roles import Role
from zhengxie.proposals.models import Proposal
from zhengxie.reports.figures import SECTIONS, loop_figures, total

P = Proposal.State


def proposal(
    committee: Committee, by: Any, *, state: str = P.FILED, year: int = 2026, **extra: Any
) -> Proposal:
    """A proposal of `committee` put straight into `state` (the figures read only the rows)."""
    return Proposal.objects.create(
        committee=committee,
        term=Term.objects.get(committee=committee),
        year=year,
        title="关于加快老旧小区加装电梯的建议",
        proposer_name="某委员",
        state=state,
        created_by=by,
        submitted_at=timezone.make_aware(datetime(year, 3, 1, 10)),
        **extra,
    )


def spread(p: Personas) -> None:
    """city 3 received (2 filed), 甲县 2 received (1 filed, 1 replied A), 乙县 1 received (filed)."""
    for state in (P.FILED, P.FILED, P.SUBMITTED):
        proposal(p.city, p.proposal_staff, state=state)
    proposal(p.county_a, p.proposal_staff, state=P.REPLIED, result="A", replied_at=timezone.now())
    proposal(p.county_a, p.proposal_staff, state=P.NOT_FILED)
    proposal(p.county_b, p.proposal_staff)
    proposal(p.city, p.proposal_staff, year=2025)  # last year


def test_subtree_totals_equal_the_sum_of_its_committees(p: Personas) -> None:
    spread(p)
    ids = [p.city.pk, p.county_a.pk, p.county_b.pk]
    figures = loop_figures(ids, 2026)
    summed = total(figures.values())
    for _, keys in SECTIONS:
        for key, _ in keys:
            assert summed.get(key) == sum(figures[pk].get(key) for pk in ids), key
    assert (summed.get("p_received"), summed.get("p_filed"), summed.get("p_A")) == (6, 4, 1)
    # A total rate is the rate of the summed counts, not an average of rates.
    assert summed.rate("p_filed", "p_received") == "66.7%"


def test_the_city_sees_each_county_ranked_with_totals(client: Client, p: Personas) -> None:
    spread(p)
    client.force_login(p.leader)
    response = client.get(reverse("reports:tree") + f"?committee={p.city.pk}&year=2026&section=提案&sort=0")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["committee"].name for r in rows] == ["甲县政协", "乙县政协"]  # ranked by received: 2, 1
    assert [r["values"][0] for r in rows] == [("收到提案", 2), ("收到提案", 1)]
    assert response.context["own"][0] == ("收到提案", 3)
    assert response.context["below_total"][0] == ("收到提案", 3)
    assert response.context["subtree_total"][0] == ("收到提案", 6)
    assert response.context["subtree_total"][1] == ("立案", 4)
    page = response.content.decode()
    assert f"{reverse('reports:committee')}?committee={p.county_a.pk}&year=2026" in page
    # The city opens a county's page.
    county = client.get(reverse("reports:committee") + f"?committee={p.county_a.pk}&year=2026")
    assert county.status_code == 200 and county.context["committee"] == p.county_a


def test_a_county_leader_sees_no_sibling_county_nor_the_city(client: Client, p: Personas) -> None:
    leader = _user("county_leader", "甲县领导", p.county_a, Role.LEADER)
    client.force_login(leader)
    assert client.get(reverse("reports:committee") + f"?committee={p.county_a.pk}").status_code == 200
    for other in (p.county_b, p.city, p.province):
        assert client.get(reverse("reports:committee") + f"?committee={other.pk}").status_code == 404
        assert client.get(reverse("reports:tree") + f"?committee={other.pk}").status_code == 404
    assert client.get(reverse("reports:committee") + "?committee=999999").status_code == 404
    client.force_login(p.member_wang)  # a member has no reports
    assert client.get(reverse("reports:committee")).status_code == 404


def test_the_committee_page_shows_last_year_beside_this_year(client: Client, p: Personas) -> None:
    spread(p)
    client.force_login(p.leader)
    response = client.get(reverse("reports:committee") + "?year=2026")
    assert response.status_code == 200
    title, rows = response.context["sections"][0]
    assert title == "提案" and rows[0].label == "收到提案" and rows[0].values == [1, 3]
    page = response.content.decode()
    assert "2025年" in page and "下级政协对比" in page and "立案率" in page
    # No 专题协商 this year: the plan's yearly minimum (4 by default) is not met.
    assert "2026年安排专题协商0次，少于本政协“每年专题协商不少于4次”的要求" in page


def test_both_pages_take_the_same_queries_for_few_and_many_records(client: Client, p: Personas) -> None:
    client.force_login(p.leader)

    def add(n: int) -> None:
        for i in range(n):
            proposal([p.city, p.county_a, p.county_b][i % 3], p.proposal_staff)

    same_for_few_and_many(client, reverse("reports:committee") + "?year=2026", add)
    same_for_few_and_many(client, reverse("reports:tree") + f"?committee={p.city.pk}&year=2026", add)


def test_a_bad_section_or_sort_falls_back(client: Client, p: Personas) -> None:
    client.force_login(p.leader)
    response = client.get(reverse("reports:tree") + "?section=x&sort=99&year=abc")
    assert (
        response.status_code == 200
        and response.context["section"] == "提案"
        and response.context["sort"] == 0
    )
    assert (
        response.context["year"] == date.today().year or response.context["year"] == timezone.localdate().year
    )


def test_learning_counts_members_who_finished_a_course_and_the_hours_of_the_year(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, hours=2)
    other = course_with_lessons(p.city, p.activity_staff, hours=1, title="政协章程导读")
    member = p.member_wang_record
    completion_record(member=member, course=course)
    completion_record(member=member, course=other)
    year = timezone.localdate().year
    StudyDay.objects.create(committee=p.city, member=member, day=date(year, 1, 5), seconds=5400)
    StudyDay.objects.create(committee=p.city, member=member, day=date(year, 2, 5), seconds=1800)
    StudyDay.objects.create(committee=p.city, member=member, day=date(year - 1, 12, 31), seconds=7200)
    city = loop_figures([p.city.pk], year)[p.city.pk]
    in_office = Member.objects.filter(committee=p.city, is_active=True).count()
    assert (city.get("l_completions"), city.get("l_learners"), city.get("l_hours")) == (2, 1, 2)
    assert city.get("l_members") == in_office >= 1
    assert city.rate("l_learners", "l_members") == f"{100 / city.get('l_members'):.1f}%"
    assert loop_figures([p.county_a.pk], year)[p.county_a.pk].get("l_completions") == 0
