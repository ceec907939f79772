"""The leaders' dashboard on a leader's home page: the loops at a glance, charts drawn as SVG with
their data tables, a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from tests.reports.test_committee_reports import proposal
from tests.supervision.helpers import issued
from zhengxie.proposals.models import Assignment, Proposal
from zhengxie.reports.dashboard import dashboard
from zhengxie.supervision.models import Colour, Item

P = Proposal.State


def _late(p: Personas) -> None:
    made = proposal(p.city, p.proposal_staff, state=P.ASSIGNED, year=timezone.localdate().year)
    Assignment.objects.create(
        committee=p.city, proposal=made, unit=p.unit, role=Assignment.Role.LEAD,
        state=Assignment.State.HANDLING, due_on=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip


def test_a_leader_sees_the_dashboard_with_charts_and_tables(client: Client, p: Personas) -> None:
    year = timezone.localdate().year
    for state in (P.FILED, P.FILED, P.SUBMITTED):
        proposal(p.city, p.proposal_staff, state=state, year=year)
    _late(p)
    item = issued(p)
    Item.objects.filter(pk=item.pk).update(colour=Colour.RED)
    client.force_login(p.leader)
    page = client.get(reverse("home")).content.decode()
    assert "领导驾驶舱" in page and page.count('<svg class="chart"') == 3
    # Each chart's figures are in its data table too.
    assert re.search(r"<th scope=\"row\" data-label=\"项目\">已立案</th><td data-label=\"数量\">2</td>", page)
    assert "市住房和城乡建设局" in page and "1件" in page  # the late unit
    assert item.title in page and "亮红灯的督办事项（1项）" in page
    # Drawn without inline styles or scripts (the CSP allows neither).
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert svgs and not any("style=" in s or "<script" in s for s in svgs)


def test_others_have_no_dashboard(client: Client, p: Personas) -> None:
    for user in (p.proposal_staff, p.member_wang, p.unit_clerk):
        client.force_login(user)
        assert "领导驾驶舱" not in client.get(reverse("home")).content.decode()


def test_the_dashboard_counts_by_state(p: Personas) -> None:
    year = timezone.localdate().year
    for state in (P.FILED, P.REPLIED, P.REPLIED, P.DRAFT):
        proposal(p.city, p.proposal_staff, state=state, year=year)
    board = dashboard(p.city.pk)
    states = dict(board.charts[0].rows)
    assert states == {"已立案": 1, "已答复": 2}  # drafts are their authors' own


def test_the_home_page_takes_the_same_queries_for_few_and_many(client: Client, p: Personas) -> None:
    client.force_login(p.leader)

    def add(n: int) -> None:
        for _ in range(n):
            _late(p)

    same_for_few_and_many(client, reverse("home"), add)
