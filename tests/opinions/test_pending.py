"""The people a 社情民意 item now waits for are told: the leader when it is sent for sign-off,
the unit's liaison officer when a unit's item waits for screening — and the liaison's home-page
item lists exactly the items counted."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.personas import Personas
from zhengxie.notices.models import Notice
from zhengxie.opinions.services import editing

from .conftest import Info
from .helpers import submitted


def test_the_leader_is_asked_to_sign_off(
    p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    opinion = submitted(p)
    editing.opinion_accept(opinion=opinion, by=o.county_info)
    with django_capture_on_commit_callbacks(execute=True):
        editing.opinion_request_signoff(opinion=opinion, by=o.county_info)
    notice = Notice.objects.get(recipient=o.county_leader)
    assert notice.title.startswith("待签发的社情民意信息") and notice.url == f"/opinions/{opinion.pk}/"


def test_the_liaison_is_asked_to_screen_and_the_item_lists_what_it_counts(
    client: Client, p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        opinion = submitted(p, channel="unit", unit=o.unit)
    notice = Notice.objects.get(recipient=o.liaison)
    assert notice.title.startswith("待本单位审核") and notice.url == f"/opinions/{opinion.pk}/"
    client.force_login(o.liaison)
    assert client.get(notice.url).status_code == 200
    item = {i.label: i for i in client.get("/").context["pending"]}["待本单位审核的社情民意信息"]
    assert item.count == 1
    assert [row.pk for row in client.get(item.url).context["page"].items] == [opinion.pk]
