"""The committee's search settings page: the system administrator's, audited, validated."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.search.models import SearchSetting
from zhengxie.search.query import searches_below

pytestmark = pytest.mark.django_db

URL = "/search/settings/"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_system_administrator_changes_the_settings_and_it_is_audited(p: Personas) -> None:
    assert reverse("search:settings") == URL
    client = _client(p.sysadmin)
    page = client.get(URL).content.decode()
    assert "检索设置" in page and 'name="similar_years"' in page and 'value="3"' in page
    assert "检索设置" in client.get(reverse("home")).content.decode()  # reachable from the menu
    response = client.post(URL, {"similar_years": "5"})
    assert response.status_code == 302
    setting = SearchSetting.objects.get(committee=p.city)
    assert (setting.search_below, setting.similar_years) == (False, 5)
    assert not searches_below(p.city)
    event = AuditEvent.objects.get(action="search.setting.changed")
    assert event.committee_id == p.city.pk and event.data["similar_years"] == 5
    client.post(URL, {"similar_years": "2", "search_below": "on"})
    setting.refresh_from_db()
    assert (setting.search_below, setting.similar_years) == (True, 2)
    assert AuditEvent.objects.filter(action="search.setting.changed").count() == 2


@pytest.mark.parametrize("years", ["0", "11", "", "三"])
def test_bad_years_get_a_chinese_message_and_nothing_is_stored(p: Personas, years: str) -> None:
    response = _client(p.sysadmin).post(URL, {"similar_years": years, "search_below": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "查重年限" in body
    assert not SearchSetting.objects.exists()
    assert not AuditEvent.objects.filter(action="search.setting.changed").exists()


@pytest.mark.parametrize("who", ["proposal_staff", "leader", "member_wang", "secadmin", "county_b_staff"])
def test_other_roles_get_404(p: Personas, who: str) -> None:
    client = _client(getattr(p, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"similar_years": "5"}).status_code == 404
    assert not SearchSetting.objects.exists()
