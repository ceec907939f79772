from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import ID_WANG
from zhengxie.audit.models import AuditEvent
from zhengxie.org import services
from zhengxie.org.models import Member, Person

LIST = reverse("org:member_list")


def _add_members(p, n):
    for i in range(n):
        person = Person.objects.create(
            name=f"委员{i}", gender="M", affiliation="群众", phone=f"1370000{i:04d}", phone_hash=f"h{i}"
        )
        Member.objects.create(committee=p.city, person=person, sector=p.sector, special_committee=p.special)


def test_staff_sees_the_directory_with_masked_phones(client, p):
    client.force_login(p.proposal_staff)
    page = client.get(LIST).content.decode()
    assert "王建国" in page and "138****8000" in page and "13800138000" not in page
    assert "李淑芬" not in page  # a county member is not in the city's directory


def test_directory_filters_by_name_and_standing_and_returns_a_fragment_for_htmx(client, p):
    _add_members(p, 3)
    client.force_login(p.proposal_staff)
    fragment = client.get(LIST, {"q": "委员1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "委员1" in fragment and "王建国" not in fragment and "<html" not in fragment
    standing = client.get(LIST, {"standing": "1"}).content.decode()
    assert "没有符合条件的委员" in standing


def test_directory_pages_by_keyset(client, p):
    _add_members(p, 25)
    client.force_login(p.leader)
    first = client.get(LIST)
    assert first.context["page"].total == 26 and len(first.context["page"].items) == 20
    second = client.get(LIST + "?" + first.context["page"].next_query())
    assert len(second.context["page"].items) == 6 and second.context["page"].next_after is None


@pytest.mark.parametrize("persona", ["member_wang", "unit_clerk", "secadmin", "auditadmin"])
def test_directory_is_404_for_roles_without_access(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("org:member_detail", args=[p.member_wang_record.pk])).status_code == 404


def test_county_staff_cannot_see_a_city_member(client, p):
    client.force_login(p.county_b_staff)
    assert client.get(reverse("org:member_detail", args=[p.member_wang_record.pk])).status_code == 404


def test_revealing_the_id_number_is_audited(client, p):
    client.force_login(p.proposal_staff)
    url = reverse("org:member_detail", args=[p.member_wang_record.pk])
    assert ID_WANG not in client.get(url).content.decode()
    assert ID_WANG in client.post(url, {"reveal": "id_number"}).content.decode()
    assert AuditEvent.objects.filter(action="person.id_number_viewed", actor=p.proposal_staff).exists()


@pytest.mark.parametrize("rows", [2, 50])
def test_directory_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    _add_members(p, rows)
    client.force_login(p.proposal_staff)
    client.get(LIST)
    with django_assert_num_queries(10):
        assert client.get(LIST).status_code == 200


def test_member_detail_query_count(client, p, django_assert_max_num_queries):
    client.force_login(p.proposal_staff)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("org:member_detail", args=[p.member_wang_record.pk])).status_code == 200


def _edit_data(p, **extra):
    data = {
        "name": "王建国",
        "gender": "M",
        "ethnicity": "汉族",
        "affiliation": "民建会员",
        "employer": "新单位",
        "job_title": "董事长",
        "phone": "",
        "id_number": "",
        "sector": p.sector.pk,
        "special_committee": "",
        "is_standing": "on",
    }
    data.update(extra)
    return data


def test_sysadmin_edits_a_member(client, p):
    client.force_login(p.sysadmin)
    url = reverse("org:member_edit", args=[p.member_wang_record.pk])
    assert client.post(url, _edit_data(p)).status_code == 302
    member = Member.objects.select_related("person").get(pk=p.member_wang_record.pk)
    assert (member.person.employer, member.is_standing, member.special_committee) == ("新单位", True, None)
    assert member.person.id_number == ID_WANG  # empty field kept the number
    assert AuditEvent.objects.filter(action="member.updated").exists()


def test_bad_id_number_is_refused_and_nothing_is_stored(client, p):
    client.force_login(p.sysadmin)
    url = reverse("org:member_edit", args=[p.member_wang_record.pk])
    response = client.post(url, _edit_data(p, id_number="110105194912310021"))
    assert response.status_code == 400
    assert "校验位不正确" in response.content.decode()
    member = Member.objects.select_related("person").get(pk=p.member_wang_record.pk)
    assert (member.person.employer, member.is_standing) == ("测试市建设集团", False)


def test_staff_other_than_sysadmin_cannot_edit(client, p):
    client.force_login(p.proposal_staff)
    assert client.get(reverse("org:member_edit", args=[p.member_wang_record.pk])).status_code == 404


def test_member_create_reuses_a_person_across_committees(p):
    person = services.person_find_or_create(
        name="王建国", gender="M", affiliation="民建会员", id_number=ID_WANG, by=None
    )
    assert person.pk == p.member_wang.person.pk
