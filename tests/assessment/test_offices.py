"""Offices (机关处室) as subjects come from the committee's list kept on a settings page, not typed
names; the typed names of earlier assessments become that list."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from tests.personas import Personas
from zhengxie.assessment import services
from zhengxie.assessment.models import Assessment, Office, Scheme, Subject
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed

from .helpers import YEAR

pytestmark = pytest.mark.django_db


def _office_scheme(p: Personas) -> Scheme:
    services.schemes_create_defaults(committee=p.city, year=YEAR, by=p.proposal_staff)
    return Scheme.objects.get(committee=p.city, year=YEAR, kind="office", is_current=True)


def test_staff_keep_the_list_and_an_assessment_chooses_from_it(client: Any, p: Personas) -> None:
    scheme = _office_scheme(p)
    client.force_login(p.member_wang)
    assert client.get(reverse("assessment:offices")).status_code == 404
    with pytest.raises(NotAllowed):
        services.office_add(committee_id=p.city.pk, name="办公室", by=p.member_wang)
    client.force_login(p.proposal_staff)
    url = reverse("assessment:offices")
    assert "机关处室" in client.get(reverse("assessment:index")).content.decode()
    for name in ("办公室", "研究室", "提案委员会办公室"):
        assert client.post(url, {"action": "add", "name": name}).status_code == 302
    duplicate = client.post(url, {"action": "add", "name": "研究室"})
    assert duplicate.status_code == 400 and "已有名为" in duplicate.content.decode()
    assert client.post(url, {"action": "add", "name": " "}).status_code == 400
    assert Office.objects.filter(committee=p.city).count() == 3
    research = Office.objects.get(name="研究室")
    client.post(url, {"action": "update", "office": research.pk, "name": "研究室"})  # not in use any more
    assert not Office.objects.get(pk=research.pk).is_active
    assert AuditEvent.objects.filter(action="assessment.office.changed").count() == 1
    form = client.get(reverse("assessment:open")).content.decode()
    assert "提案委员会办公室" in form and "研究室" not in form
    chosen = list(Office.objects.filter(is_active=True))
    response = client.post(
        reverse("assessment:open"),
        {"scheme": scheme.pk, "year": str(YEAR), "deadline": "2099-01-01", "offices": [o.pk for o in chosen]},
    )
    assert response.status_code == 302
    subjects = Subject.objects.filter(assessment__scheme=scheme)
    assert {(s.name, s.office_id) for s in subjects} == {(o.name, o.pk) for o in chosen}


def test_no_office_chosen_is_refused_and_another_committees_office_is_ignored(p: Personas) -> None:
    scheme = _office_scheme(p)
    foreign = Office.objects.create(committee=p.county_b, name="外县办公室")
    with pytest.raises(DomainError, match="选择参加考评的处室"):
        services.assessment_open(
            committee=p.city, scheme=scheme, year=YEAR, title="", deadline=scheme.created_at.date().replace(year=2099),
            by=p.proposal_staff, offices=[foreign],
        )  # fmt: skip
    assert not Assessment.objects.exists()


def test_typed_names_of_earlier_assessments_become_the_list(p: Personas) -> None:
    scheme = _office_scheme(p)
    assessment = Assessment.objects.create(
        committee=p.city,
        scheme=scheme,
        year=YEAR,
        title="机关考评",
        deadline="2099-01-01",
        created_by=p.proposal_staff,
    )
    for name in ("办公室", "研究室", "办公室"):
        Subject.objects.create(committee=p.city, assessment=assessment, name=name)
    migration = importlib.import_module("zhengxie.assessment.migrations.0003_offices")
    migration.offices_from_typed_names(apps, None)
    assert sorted(Office.objects.filter(committee=p.city).values_list("name", flat=True)) == [
        "办公室",
        "研究室",
    ]
    assert not Subject.objects.filter(office__isnull=True).exists()
    assert Subject.objects.filter(office__name="办公室").count() == 2
