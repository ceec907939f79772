from __future__ import annotations

from django.urls import reverse

from tests.personas import ID_WANG
from zhengxie.accounts.models import ApiToken
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.crypto import search_hash
from zhengxie.org.services import member_create

URL = reverse("accounts:profile")


def test_member_sees_own_data_masked_and_both_memberships(client, p):
    from zhengxie.org.models import Sector

    province_sector = Sector.objects.create(committee=p.province, name="经济界")
    member_create(committee=p.province, person=p.member_wang.person, sector=province_sector, by=None)
    client.force_login(p.member_wang)
    page = client.get(URL).content.decode()
    assert "138****8000" in page and "13800138000" not in page
    assert ID_WANG not in page and "110***********002X" in page
    assert "测试市政协" in page and "测试省政协" in page


def test_revealing_the_id_number_is_audited(client, p):
    client.force_login(p.member_wang)
    page = client.post(URL, {"action": "reveal_id"}).content.decode()
    assert ID_WANG in page
    assert AuditEvent.objects.filter(action="person.id_number_viewed", actor=p.member_wang).exists()


def test_member_corrects_employer_and_phone(client, p):
    client.force_login(p.member_wang)
    data = {
        "action": "update",
        "ethnicity": "汉族",
        "employer": "新单位",
        "job_title": "董事长",
        "phone": "13911112222",
    }
    assert client.post(URL, data).status_code == 302
    person = p.member_wang.person
    person.refresh_from_db()
    assert (person.employer, person.phone, person.phone_hash) == (
        "新单位",
        "13911112222",
        search_hash("13911112222"),
    )
    event = AuditEvent.objects.get(action="person.updated", actor=p.member_wang)
    assert set(event.data["fields"]) == {"employer", "job_title", "phone"}
    assert "13911112222" not in str(event.data)


def test_bad_phone_is_refused_and_nothing_changes(client, p):
    client.force_login(p.member_wang)
    data = {"action": "update", "ethnicity": "汉族", "employer": "改了", "job_title": "x", "phone": "12345"}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "手机号码格式不正确" in response.content.decode()
    person = p.member_wang.person
    person.refresh_from_db()
    assert (person.employer, person.phone) == ("测试市建设集团", "13800138000")


def test_user_revokes_only_own_tokens(client, p):
    own = ApiToken.objects.create(user=p.member_wang, name="手机", prefix="zx_a", digest="a" * 64)
    other = ApiToken.objects.create(user=p.leader, name="手机", prefix="zx_b", digest="b" * 64)
    client.force_login(p.member_wang)
    assert client.post(URL, {"action": "revoke_token", "token": other.pk}).status_code == 404
    assert client.post(URL, {"action": "revoke_token", "token": own.pk}).status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None


def test_profile_query_count_is_fixed(client, p, django_assert_max_num_queries):
    client.force_login(p.member_wang)
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
