"""The information centre registers liaison officers, informants and stations; registered, they
can submit through their channel."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas, _user
from zhengxie.opinions.models import Correspondent, Opinion
from zhengxie.org.roles import Role

from .conftest import Info
from .helpers import BODY


def test_a_registered_station_submits_as_such(client: Client, p: Personas, o: Info) -> None:
    station_user = _user("station", "城关镇联络站", p.county_a, Role.MEMBER)
    client.force_login(o.county_info)
    response = client.post(
        reverse("opinions:correspondents"),
        {"kind": "station", "name": "城关镇社情民意联络站", "username": "station"},
    )
    assert response.status_code == 302
    client.force_login(station_user)
    client.post(reverse("opinions:submit"), {"channel": "station", "title": "集镇停车难", "body": BODY})
    opinion = Opinion.objects.get()
    assert opinion.correspondent is not None and opinion.correspondent.name == "城关镇社情民意联络站"


def test_a_liaison_needs_a_unit_and_an_unknown_account_is_refused(
    client: Client, p: Personas, o: Info
) -> None:
    client.force_login(o.county_info)
    before = Correspondent.objects.count()
    response = client.post(reverse("opinions:correspondents"), {"kind": "liaison", "name": "某联络员"})
    assert response.status_code == 400 and "信息联络员须指定本政协的参加单位" in response.content.decode()
    response = client.post(
        reverse("opinions:correspondents"), {"kind": "informant", "name": "某人", "username": "nobody"}
    )
    assert response.status_code == 400 and "没有这个账号" in response.content.decode()
    assert Correspondent.objects.count() == before


def test_only_the_centre_registers(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.member_county)
    assert client.get(reverse("opinions:correspondents")).status_code == 404
    client.force_login(o.county_leader)
    response = client.post(reverse("opinions:correspondents"), {"kind": "informant", "name": "某人"})
    assert response.status_code == 404
