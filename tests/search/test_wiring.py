"""The apps index their records on write, their lists' `q` filters read the index, and the
duplicate hints show at 社情民意 intake and supervision registration."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.supervision.helpers import register
from zhengxie.opinions.services import editing, submission
from zhengxie.search.models import Document
from zhengxie.search.query import search
from zhengxie.supervision.services import progress

pytestmark = pytest.mark.django_db

BODY = "城东片区农贸市场地面坑洼，排水不畅，雨天积水严重，摊位占道经营，周边居民出行不便，建议尽快改造。"


def _opinion(p: Personas, title: str = "城东农贸市场环境亟待改善", body: str = BODY) -> Any:
    data = submission.Draft(title=title, body=body)
    return submission.opinion_create(committee_id=p.city.pk, by=p.member_wang, data=data)


def test_opinion_versions_are_all_searchable_and_the_queue_filter_reads_the_body(p: Personas) -> None:
    opinion = _opinion(p)
    editing.opinion_accept(opinion=opinion, by=p.info_staff)
    opinion.refresh_from_db()
    editing.opinion_edit(
        opinion=opinion, by=p.info_staff, title="关于改造城东农贸市场的建议", body="市场改造" * 10
    )
    titles = [h.doc.title for h in search(p.info_staff, "雨天积水").hits]
    assert titles == ["关于改造城东农贸市场的建议"]  # the first version's text still finds it
    client = Client()
    client.force_login(p.info_staff)
    page = client.get(reverse("opinions:queue"), {"q": "雨天积水"}).content.decode()
    assert "关于改造城东农贸市场的建议" in page
    assert (
        "关于改造城东农贸市场的建议"
        not in client.get(reverse("opinions:queue"), {"q": "电梯"}).content.decode()
    )


def test_a_duplicate_submission_is_flagged_at_intake(p: Personas) -> None:
    first = _opinion(p)
    second = _opinion(
        p,
        "农贸市场积水占道问题",
        "城东那个农贸市场下雨就积水，地面坑坑洼洼，摊位摆到路上，附近居民出门很不方便，希望改造。",
    )
    client = Client()
    client.force_login(p.info_staff)
    page = client.get(reverse("opinions:detail", args=[second.pk])).content.decode()
    assert 'data-testid="duplicates"' in page and first.title in page
    client.force_login(p.member_wang)  # the author is not shown other people's items
    assert (
        'data-testid="duplicates"'
        not in client.get(reverse("opinions:detail", args=[second.pk])).content.decode()
    )


def test_supervision_items_are_indexed_with_their_reports_and_duplicates_flagged(p: Personas) -> None:
    first = register(
        p, title="推进城区老旧小区改造", content="完成城区老旧小区改造任务，加装电梯和改造管网。"
    )
    second = register(
        p, title="老旧小区改造督办", content="督促完成城区老旧小区改造任务，包括加装电梯、改造管网。"
    )
    assert Document.objects.filter(kind="supervision").count() == 2
    client = Client()
    client.force_login(p.supervision_staff)
    page = client.get(reverse("supervision:item_detail", args=[second.pk])).content.decode()
    assert 'data-testid="duplicates"' in page and first.title in page
    board = client.get(reverse("supervision:board"), {"q": "改造管网"}).content.decode()
    assert first.title in board and second.title in board
    assert progress  # reports are indexed by progress_report (covered by the provider's body)
