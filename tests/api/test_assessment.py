"""/api/v1/assessment/: a rater's open tasks and submitting a rating; a unit's own score card; a
third party's rater-only token reaches nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import bearer
from tests.assessment.helpers import open_units, unit_records
from tests.personas import Personas, _user
from zhengxie.assessment import services
from zhengxie.assessment.models import Indicator, RaterTask, Subject
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db


def _setup(p: Personas) -> tuple[Any, Any]:
    unit_records(p)
    assessment = open_units(p)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    ind.rater_weights = {"external": 100}
    ind.save()
    rater = _user("rater_api", "第三方", p.city, Role.EXTERNAL_RATER)
    services.raters_assign(assessment=assessment, group="external", users=[rater], by=p.proposal_staff)
    return assessment, rater


def test_rater_lists_and_submits_through_the_api(client: Client, p: Personas) -> None:
    assessment, rater = _setup(p)
    headers = bearer(rater)
    listing = client.get("/api/v1/assessment/tasks", headers=headers).json()
    assert len(listing["items"]) == 2
    first = listing["items"][0]
    ind = first["indicators"][0]
    assert ind["name"] == "答复内容质量"
    url = f"/api/v1/assessment/tasks/{first['id']}"
    bad = client.post(
        url, json.dumps({"marks": {str(ind["id"]): 50}}), content_type="application/json", headers=headers
    )
    assert bad.status_code == 400 and "0至20分" in bad.json()["message"]
    ok = client.post(
        url,
        json.dumps({"marks": {str(ind["id"]): 18}, "comment": "好"}),
        content_type="application/json",
        headers=headers,
    )
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    # Another rater's task is 404.
    subject = Subject.objects.filter(assessment=assessment).first()
    assert subject is not None
    other = RaterTask.objects.create(
        committee=p.city,
        assessment=assessment,
        subject=subject,
        rater=p.leader,
        group="leader",
    )
    assert client.get("/api/v1/assessment/tasks", headers=bearer(p.leader)).status_code == 200
    assert client.post(
        f"/api/v1/assessment/tasks/{other.pk}", "{}", content_type="application/json", headers=headers
    ).status_code in (404, 422)
    # The rater-only token reaches nothing else.
    assert client.get("/api/v1/proposals/mine", headers=headers).status_code == 404
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_unit_reads_its_own_published_card(client: Client, p: Personas) -> None:
    assessment, _ = _setup(p)
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    subject = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    headers = bearer(p.unit_clerk)
    assert client.get(f"/api/v1/assessment/cards/{subject.pk}", headers=headers).status_code == 404
    services.assessment_close(assessment=assessment, by=p.proposal_staff)
    services.assessment_publish(assessment=assessment, by=p.proposal_staff)
    mine = client.get("/api/v1/assessment/cards/mine", headers=headers).json()
    assert [c["subject"] for c in mine["items"]] == ["市住房和城乡建设局"]
    card = client.get(f"/api/v1/assessment/cards/{subject.pk}", headers=headers).json()
    assert card["total"] == "43.00"
    lines = {line["indicator"]: line for line in card["lines"]}
    assert lines["按期答复"]["basis"] == "按期答复 2 件 / 应答复 4 件"
    other = Subject.objects.exclude(pk=subject.pk).filter(assessment=assessment).first()
    assert other is not None
    assert client.get(f"/api/v1/assessment/cards/{other.pk}", headers=headers).status_code == 404
