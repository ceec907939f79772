from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhengxie.audit.models import AuditEvent
from zhengxie.org.models import Sector, Session, Term

URL = reverse("org:structure")


def test_sysadmin_adds_a_sector_and_it_is_audited(client, p):
    client.force_login(p.sysadmin)
    response = client.post(URL, {"form": "sector", "name": "农业界"})
    assert response.status_code == 302
    sector = Sector.objects.get(committee=p.city, name="农业界")
    assert AuditEvent.objects.filter(action="sector.created", object_id=str(sector.pk)).exists()


def test_duplicate_sector_is_refused_with_a_message(client, p):
    client.force_login(p.sysadmin)
    response = client.post(URL, {"form": "sector", "name": "经济界"})
    assert response.status_code == 400
    assert "界别“经济界”已存在" in response.content.decode()
    assert Sector.objects.filter(committee=p.city, name="经济界").count() == 1


def test_session_dates_are_checked_and_nothing_is_stored_on_error(client, p):
    client.force_login(p.sysadmin)
    term = Term.objects.get(committee=p.city)
    bad = {
        "form": "session",
        "term": term.pk,
        "number": 3,
        "plenary_opens_on": "2025-01-10",
        "plenary_closes_on": "2025-01-05",
    }
    response = client.post(URL, bad)
    assert response.status_code == 400
    assert "闭幕日期不能早于开幕日期" in response.content.decode()
    assert not Session.objects.filter(term=term).exists()

    good = {**bad, "plenary_closes_on": "2025-01-14"}
    assert client.post(URL, good).status_code == 302
    session = Session.objects.get(term=term)
    assert (session.committee_id, session.plenary_opens_on) == (p.city.pk, date(2025, 1, 10))


def test_sysadmin_cannot_add_a_session_to_another_committees_term(client, p):
    client.force_login(p.sysadmin)
    county_term = Term.objects.get(committee=p.county_b)
    data = {
        "form": "session",
        "term": county_term.pk,
        "number": 1,
        "plenary_opens_on": "2025-01-10",
        "plenary_closes_on": "2025-01-12",
    }
    assert client.post(URL, data).status_code == 404
    assert not Session.objects.exists()


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "proposal_staff", "member_wang", "leader"])
def test_only_the_system_administrator_reaches_the_structure_page(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(URL).status_code == 404


def test_structure_page_query_count_does_not_grow_with_rows(client, p, django_assert_max_num_queries):
    client.force_login(p.sysadmin)
    client.get(URL)  # warm caches
    # 18: the unit-sector form lists the units and the sectors (one query each).
    with django_assert_max_num_queries(18) as before:
        assert client.get(URL).status_code == 200
    for i in range(30):
        Sector.objects.create(committee=p.city, name=f"界别{i}")
    term = Term.objects.get(committee=p.city)
    for i in range(1, 6):
        Session.objects.create(
            committee=p.city,
            term=term,
            number=i,
            plenary_opens_on=date(2024, 1, i),
            plenary_closes_on=date(2024, 1, i),
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(URL).status_code == 200
