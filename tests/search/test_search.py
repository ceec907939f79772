"""The one search index: scope, query language, bad input, index on write, rebuild, pages, API."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from tests.querycount import same_for_few_and_many
from zhengxie.proposals.models import Proposal
from zhengxie.proposals.services import submission as sub
from zhengxie.search.index import Doc, index_document, kind_label
from zhengxie.search.models import Document, SearchSetting
from zhengxie.search.query import search
from zhengxie.search.text import parse

pytestmark = pytest.mark.django_db

BAD_INPUTS = [
    '"',
    "*",
    ":",
    "-",
    "(",
    ")",
    "NEAR",
    "&",
    "|",
    "!",
    '" * : - ( NEAR & | !',
    "-电梯",
    "电梯 AND",
    "'",
    "\\",
    "%_",
    "　",
]


def _doc(committee: Any, pk: int, title: str, body: str = "", kind: str = "proposal", **kw: Any) -> None:
    index_document(
        Doc(
            kind=kind,
            object_id=pk,
            committee_id=committee.pk,
            title=title,
            body=body,
            year=2026,
            url=f"/x/{pk}/",
            **kw,
        )
    )


def _titles(user: Any, q: str, **kw: Any) -> list[str]:
    return [h.doc.title for h in search(user, q, **kw).hits]


def _proposal(p: Personas, by: Any = None, **kw: Any) -> Proposal:
    return sub.proposal_create(committee_id=p.city.pk, by=by or p.member_wang, data=complete_data(**kw))


def test_a_written_proposal_is_found_by_any_substring_of_two_or_more_characters(p: Personas) -> None:
    proposal = _proposal(p, situation="全市有老旧小区住宅楼四千余栋，多数没有电梯，老年住户上下楼困难。")
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    for q in ("电梯", "加装电", "住宅楼四千", "老旧小区 住户", '"老年住户"'):
        assert _titles(p.proposal_staff, q) == ["关于加快老旧小区加装电梯的建议"], q
    assert _titles(p.proposal_staff, "电梯 -住户") == []
    assert _titles(p.proposal_staff, "梯加") == []


def test_editing_the_text_updates_the_index_in_the_same_write(p: Personas) -> None:
    proposal = _proposal(p)
    sub.proposal_update(
        proposal=proposal, by=p.member_wang, data=complete_data(situation="城区学校大班额问题突出。")
    )
    assert _titles(p.member_wang, "大班额") == ["关于加快老旧小区加装电梯的建议"]
    assert _titles(p.member_wang, "四千余栋") == []


def test_nobody_finds_another_members_draft(p: Personas) -> None:
    _proposal(p, title="关于整治噪声扰民的建议")
    assert _titles(p.member_wang, "噪声扰民") == ["关于整治噪声扰民的建议"]
    for other in (p.proposal_staff, p.leader, p.member_county, p.county_b_staff, p.unit_clerk):
        assert _titles(other, "噪声扰民") == [], other
    doc = Document.objects.get(kind="proposal")
    assert doc.office_open is False


def test_a_county_searcher_never_sees_a_city_record_and_the_city_sees_its_counties(p: Personas) -> None:
    _doc(p.city, 1, "市级停车难问题")
    _doc(p.county_b, 2, "乙县停车难问题")
    _doc(p.county_a, 3, "甲县停车难问题草稿", office_open=False)
    assert _titles(p.county_b_staff, "停车难") == []  # app rule: no proposal of his is indexed visible
    # The city's proposal office reads its counties' records (not their drafts), each named.
    found = search(p.proposal_staff, "停车难")
    assert {h.doc.title for h in found.hits} == {"乙县停车难问题"}
    assert found.hits[0].doc.committee.name == "乙县政协"
    assert found.hits[0].link == reverse("search:document", args=[found.hits[0].doc.pk])
    SearchSetting.objects.create(committee=p.city, search_below=False)
    p.proposal_staff.__dict__.pop("_zx_search_below", None)
    assert _titles(p.proposal_staff, "停车难") == []


def test_one_character_scans_one_committee_with_a_note(p: Personas) -> None:
    proposal = _proposal(p)
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    found = search(p.proposal_staff, "梯", home_committee_id=p.city.pk)
    assert [h.doc.object_id for h in found.hits] == [proposal.pk]
    assert "单个汉字" in found.note


def test_snippets_escape_html_and_mark_the_words(p: Personas) -> None:
    _doc(p.county_a, 1, "<b>电梯</b>", "<script>alert(1)</script>加装电梯")
    hit = search(p.proposal_staff, "电梯").hits[0]
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<mark>电梯</mark>" in hit.snippet_html
    assert hit.title_html == "&lt;b&gt;<mark>电梯</mark>&lt;/b&gt;"


@pytest.mark.parametrize("q", [*BAD_INPUTS, "电" * 201, ""])
def test_bad_input_is_an_ordinary_search_or_a_chinese_message(p: Personas, q: str) -> None:
    _doc(p.county_a, 1, "加装电梯")
    found = search(p.proposal_staff, q)
    assert found.error == "" or any("\u4e00" <= ch <= "\u9fff" for ch in found.error)
    client = Client()
    client.force_login(p.proposal_staff)
    assert client.get(reverse("search:results"), {"q": q}).status_code == 200
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])


def test_parse_treats_syntax_as_text() -> None:
    assert [t.text for t in parse('电梯 NEAR(加装) "老旧 小区" -违建').include] == [
        "电梯",
        "near",
        "加装",
        "老旧小区",
    ]
    assert parse("-电梯").error
    assert parse("x" * 201).error


def test_keyset_pages_cover_every_hit_once(p: Personas) -> None:
    for i in range(1, 46):
        _doc(p.county_a, i, f"第{i}号关于电梯的建议", "电梯" * (i % 7 + 1))
    seen: list[int] = []
    cursor = ""
    while True:
        found = search(p.proposal_staff, "电梯", cursor=cursor)
        seen += [h.doc.object_id for h in found.hits]
        if not found.next_cursor:
            break
        cursor = found.next_cursor
    assert sorted(seen) == list(range(1, 46))


def test_results_page_query_count_does_not_grow_with_hits(p: Personas) -> None:
    client = Client()
    client.force_login(p.proposal_staff)
    made = [0]
    kinds = list(settings.SEARCH_PROVIDERS)  # hits of every kind, each with its own label

    def add(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            kind = kinds[made[0] % len(kinds)]
            _doc(p.county_a, made[0], f"电梯问题{made[0]}", "加装电梯", kind=kind)

    same_for_few_and_many(client, reverse("search:results") + "?q=电梯", add, many=2 * len(kinds))
    page = client.get(reverse("search:results") + "?q=电梯").content.decode()
    for kind in kinds:
        label = kind_label(kind)
        assert label and f'value="{kind}"' in page and label in page, kind


def test_header_search_box_is_on_every_page(p: Personas) -> None:
    client = Client()
    client.force_login(p.member_wang)
    assert 'class="header-search"' in client.get(reverse("home")).content.decode()


def test_api_search_and_similar(p: Personas) -> None:
    proposal = _proposal(p)
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    client = Client()
    client.force_login(p.member_wang)
    body = client.get("/api/v1/search", {"q": "电梯", "kind": "proposal"}).json()
    assert [h["object_id"] for h in body["hits"]] == [proposal.pk]
    answer = client.post(
        "/api/v1/proposals/similar",
        {
            "committee": p.city.pk,
            "title": "增设电梯",
            "text": "老旧小区住宅楼没有电梯，老年住户上下楼困难，建议简化审批、设立补贴。",
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == [] or answer.json()[0]["proposal_id"] == proposal.pk
    other = Client()
    other.force_login(p.county_b_staff)
    assert (
        other.post(
            "/api/v1/proposals/similar",
            {"committee": p.city.pk, "title": "电梯", "text": ""},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_search_rebuild_restores_the_index_with_progress(p: Personas) -> None:
    proposal = _proposal(p)
    Document.objects.all().delete()
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "提案：已写入 1 条" in out.getvalue()
    assert Document.objects.get().object_id == proposal.pk
    assert _titles(p.member_wang, "加装电梯") == ["关于加快老旧小区加装电梯的建议"]
    out = StringIO()
    call_command("search_rebuild", "--committee", p.county_b.code, stdout=out)
    assert Document.objects.count() == 1
