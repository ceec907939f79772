"""The reports' cache: the same figures are served again while the data is unchanged, with the
time they were computed; an audited change computes them anew."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas
from tests.reports.test_committee_reports import proposal
from zhengxie.audit.services import record
from zhengxie.proposals.models import Proposal


def test_unchanged_data_is_served_from_the_cache_until_a_change(
    client: Client, p: Personas, settings
) -> None:
    settings.REPORTS_CACHE_SECONDS = 600
    cache.clear()
    made = proposal(p.city, p.proposal_staff)
    record(action="proposals.proposal.drafted", obj=made, by=p.proposal_staff)
    client.force_login(p.leader)
    url = reverse("reports:committee") + "?year=2026"
    client.get(url)  # the first computation opens the years' duty settings (an audited write)
    first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    settings.REPORTS_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    settings.REPORTS_CACHE_SECONDS = 600
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert again.context["computed_at"] == first.context["computed_at"]
    assert again.context["sections"][0][1][0].values == [0, 1]
    assert "统计时间：" in again.content.decode()
    # A new record, audited as every write is: computed again.
    more = proposal(p.city, p.proposal_staff)
    record(action="proposals.proposal.drafted", obj=more, by=p.proposal_staff)
    fresh = client.get(url)
    assert fresh.context["sections"][0][1][0].values == [0, 2]
    assert fresh.context["computed_at"] > first.context["computed_at"]
    assert Proposal.objects.count() == 2
    cache.clear()


def test_a_lower_committees_change_refreshes_the_subtree_page(client: Client, p: Personas, settings) -> None:
    settings.REPORTS_CACHE_SECONDS = 600
    cache.clear()
    client.force_login(p.leader)
    url = reverse("reports:tree") + f"?committee={p.city.pk}&year=2026"
    client.get(url)
    assert client.get(url).context["subtree_total"][0] == ("收到提案", 0)
    made = proposal(p.county_b, p.county_b_staff)
    record(action="proposals.proposal.drafted", obj=made, by=p.county_b_staff)
    assert client.get(url).context["subtree_total"][0] == ("收到提案", 1)
    cache.clear()
