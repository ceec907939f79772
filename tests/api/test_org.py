"""/api/v1/org/: committees, the member directory and handling units, scoped like the pages.

Choice documented here: asking for the member or unit list of a committee where the caller holds no
directory role (乙县 staff asking for 市) is a 404, exactly like a committee that does not exist.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.org.models import HandlingUnit, Member, Person, UnitContact
from zhengxie.org.roles import Role
from zhengxie.org.services import role_grant


def _members(client: Client, headers: dict[str, str], committee: int, **params: Any) -> Any:
    return client.get("/api/v1/org/members", {"committee": committee, **params}, headers=headers)


def _add_members(p: Personas, count: int) -> None:
    for i in range(count):
        person = Person.objects.create(name=f"委员{i}", gender="F", affiliation="群众", phone="13911112222")
        Member.objects.create(committee=p.city, person=person, sector=p.sector)


# --- who sees what ------------------------------------------------------------------------------


def test_county_staff_cannot_see_city_member(client: Client, p: Personas) -> None:
    headers = bearer(p.county_b_staff)
    response = client.get(f"/api/v1/org/members/{p.member_wang_record.pk}", headers=headers)
    assert response.status_code == 404
    assert response.json()["message"] == "未找到该记录"


def test_county_staff_gets_404_for_the_city_directory(client: Client, p: Personas) -> None:
    headers = bearer(p.county_b_staff)
    assert _members(client, headers, p.city.pk).status_code == 404
    assert client.get("/api/v1/org/units", {"committee": p.city.pk}, headers=headers).status_code == 404
    assert client.get(f"/api/v1/org/units/{p.unit.pk}", headers=headers).status_code == 404
    # His own committee works (and is empty).
    own = _members(client, headers, p.county_b.pk)
    assert own.status_code == 200 and own.json() == {"items": [], "next_after": None}


def test_committees_lists_only_the_callers_committees(client: Client, p: Personas) -> None:
    rows = client.get("/api/v1/org/committees", headers=bearer(p.county_b_staff)).json()
    assert rows == [{"id": p.county_b.pk, "name": "乙县政协", "level": "county", "parent_id": p.city.pk}]


def test_member_cannot_browse_the_directory(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    assert _members(client, headers, p.city.pk).status_code == 404
    assert client.get(f"/api/v1/org/members/{p.member_wang_record.pk}", headers=headers).status_code == 404


def test_unknown_committee_is_404(client: Client, p: Personas) -> None:
    assert _members(client, bearer(p.proposal_staff), 999999).status_code == 404


def test_city_staff_reads_members_with_masked_phones_and_no_id_numbers(client: Client, p: Personas) -> None:
    headers = bearer(p.proposal_staff)
    data = _members(client, headers, p.city.pk).json()
    [row] = data["items"]
    assert row["name"] == "王建国" and row["sector"] == "经济界" and row["special_committee"] == "经济委员会"
    assert row["phone"] == "138****8000"
    assert not any("id" in key and key not in ("id", "committee_id") for key in row)
    assert "11010519491231002X" not in str(data)
    detail = client.get(f"/api/v1/org/members/{p.member_wang_record.pk}", headers=headers).json()
    assert detail == row


def test_sysadmin_reads_the_directory(client: Client, p: Personas) -> None:
    assert _members(client, bearer(p.sysadmin), p.city.pk).status_code == 200


def test_members_page_by_keyset(client: Client, p: Personas) -> None:
    _add_members(p, 4)  # 5 members in all
    headers = bearer(p.proposal_staff)
    first = _members(client, headers, p.city.pk, limit=3).json()
    assert len(first["items"]) == 3 and first["next_after"] == first["items"][-1]["id"]
    second = _members(client, headers, p.city.pk, limit=3, after=first["next_after"]).json()
    assert len(second["items"]) == 2 and second["next_after"] is None
    ids = [m["id"] for m in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5


@pytest.mark.parametrize("params", [{"limit": 1000}, {"limit": 0}, {"after": "abc"}, {"committee": "x"}])
def test_bad_paging_parameters_are_422(client: Client, p: Personas, params: dict[str, Any]) -> None:
    query = {"committee": p.city.pk, **params}
    response = client.get("/api/v1/org/members", query, headers=bearer(p.proposal_staff))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == [next(iter(params))]


def test_missing_committee_parameter_is_422(client: Client, p: Personas) -> None:
    assert client.get("/api/v1/org/members", headers=bearer(p.proposal_staff)).status_code == 422


def test_bearer_token_and_session_give_the_same_answer(client: Client, p: Personas) -> None:
    by_token = _members(client, bearer(p.proposal_staff), p.city.pk).json()
    client.force_login(p.proposal_staff)
    assert _members(client, {}, p.city.pk).json() == by_token


# --- handling units ----------------------------------------------------------------------------


def test_clerk_sees_only_his_own_unit(client: Client, p: Personas) -> None:
    other = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    UnitContact.objects.create(
        committee=p.city, unit=p.unit, name="张科长", job_title="科长", phone="13712345678"
    )
    headers = bearer(p.unit_clerk)
    data = client.get("/api/v1/org/units", {"committee": p.city.pk}, headers=headers).json()
    assert [u["name"] for u in data["items"]] == ["市住房和城乡建设局"]
    assert data["items"][0]["contacts"] == [{"name": "张科长", "job_title": "科长", "phone": "137****5678"}]
    assert client.get(f"/api/v1/org/units/{p.unit.pk}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/org/units/{other.pk}", headers=headers).status_code == 404
    assert _members(client, headers, p.city.pk).status_code == 404


def test_city_staff_sees_every_unit(client: Client, p: Personas) -> None:
    other = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    headers = bearer(p.proposal_staff)
    data = client.get("/api/v1/org/units", {"committee": p.city.pk}, headers=headers).json()
    assert {u["name"] for u in data["items"]} == {"市住房和城乡建设局", "市教育局"}
    detail = client.get(f"/api/v1/org/units/{other.pk}", headers=headers).json()
    assert detail["name"] == "市教育局" and detail["contacts"] == []


def test_clerk_of_another_committee_cannot_see_the_unit(client: Client, p: Personas) -> None:
    county_unit = HandlingUnit.objects.create(committee=p.county_b, name="乙县住建局")
    role_grant(
        user=p.county_b_staff, committee=p.county_b, role=Role.UNIT_CLERK, by=None, handling_unit=county_unit
    )
    headers = bearer(p.county_b_staff)
    assert client.get(f"/api/v1/org/units/{p.unit.pk}", headers=headers).status_code == 404


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 50])
def test_member_list_query_count_does_not_grow(
    client: Client, p: Personas, rows: int, django_assert_num_queries: Any
) -> None:
    _add_members(p, rows - 1)  # 王建国 is already there
    headers = bearer(p.proposal_staff)
    # token lookup, token last-used stamp, role assignments, one page of members with joins
    with django_assert_num_queries(4):
        response = _members(client, headers, p.city.pk, limit=100)
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [2, 50])
def test_member_list_by_session_query_count_does_not_grow(
    client: Client, p: Personas, rows: int, django_assert_num_queries: Any
) -> None:
    _add_members(p, rows - 1)
    client.force_login(p.proposal_staff)
    _members(client, {}, p.city.pk)  # warm up: the session's first request may touch more
    # session, user, role assignments, second-factor check (gate), members, session save (idle timeout) …
    with django_assert_num_queries(5):
        response = _members(client, {}, p.city.pk, limit=100)
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [2, 50])
def test_unit_list_query_count_does_not_grow(
    client: Client, p: Personas, rows: int, django_assert_num_queries: Any
) -> None:
    for i in range(rows - 1):
        unit = HandlingUnit.objects.create(committee=p.city, name=f"单位{i}")
        UnitContact.objects.create(committee=p.city, unit=unit, name=f"联系人{i}", phone="13712345678")
    headers = bearer(p.proposal_staff)
    # token lookup, last-used stamp, role assignments, units, their primary contacts
    with django_assert_num_queries(5):
        response = client.get("/api/v1/org/units", {"committee": p.city.pk, "limit": 100}, headers=headers)
    assert len(response.json()["items"]) == rows
