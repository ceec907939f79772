"""/api/v1/reports/: the summary and the published proposal figures, under each committee's
scope (404 outside it, 422 for a bad year)."""

from __future__ import annotations

from django.test import Client

from tests.api.helpers import get
from tests.personas import Personas, _user
from tests.proposals.conftest import qian, zhao
from tests.reports.fixtures import known_year
from tests.reports.test_committee_reports import spread
from zhengxie.org.roles import Role

__all__ = ["qian", "zhao"]


def test_the_proposal_figures_match_the_page(client: Client, p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    response = get(client, "/api/v1/reports/proposals", p.leader, committee=p.city.pk, year=2026)
    assert response.status_code == 200
    body = response.json()
    assert body["outcomes"][1] == {"label": "立案", "counts": [3], "shares": ["37.5%"]}
    kinds = {k["label"]: k for k in body["kinds"]}
    assert kinds["委员提案合计"]["counts"] == [7, 2] and kinds["委员提案合计"]["shares"] == ["87.5%", "66.7%"]
    assert body["categories"][0]["label"] == "文化建设"
    assert (body["participants"], body["participation_rate"]) == (2, "66.7%")


def test_the_summary_has_the_committee_and_the_subtree(client: Client, p: Personas) -> None:
    spread(p)
    response = get(client, "/api/v1/reports/summary", p.leader, committee=p.city.pk, year=2026)
    assert response.status_code == 200
    body = response.json()
    own = {f["key"]: f["value"] for f in body["figures"] if f["key"]}
    subtree = {f["key"]: f["value"] for f in body["subtree"] if f["key"]}
    assert (own["p_received"], subtree["p_received"]) == (3, 6)
    assert {c["name"] for c in body["below"]} == {"甲县政协", "乙县政协"}
    rates = {f["label"]: f["value"] for f in body["subtree"] if not f["key"]}
    assert rates["立案率"] == "66.7%"


def test_scope_and_bad_input(client: Client, p: Personas) -> None:
    leader = _user("county_leader", "甲县领导", p.county_a, Role.LEADER)
    for path in ("/api/v1/reports/summary", "/api/v1/reports/proposals"):
        assert get(client, path, leader, committee=p.county_a.pk, year=2026).status_code == 200
        assert get(client, path, leader, committee=p.county_b.pk, year=2026).status_code == 404
        assert get(client, path, leader, committee=p.city.pk, year=2026).status_code == 404
        assert get(client, path, p.member_wang, committee=p.city.pk, year=2026).status_code == 404
        assert get(client, path, leader, committee=p.county_a.pk, year=1900).status_code == 422
        assert get(client, path, leader, committee=p.county_a.pk, year="x").status_code == 422
        assert get(client, path, None, committee=p.county_a.pk, year=2026).status_code == 401
