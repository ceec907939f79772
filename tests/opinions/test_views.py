"""The pages: writing with the guide, the centre's actions through the item page, Word and Excel
outputs, who may open what (404 outside one's reach), the home page's pending items."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.personas import Personas
from zhengxie.opinions.models import Issue, Opinion, Report

from .conftest import Info
from .helpers import BODY, at_city, publish_at, published, submitted

S = Opinion.State


def test_the_form_shows_the_length_guide_and_the_structure(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.member_county)
    page = client.get(reverse("opinions:submit")).content.decode()
    assert "1500" in page and "【情况】" in page and "【建议】" in page and "length-guide.js" in page


def test_a_member_submits_through_the_page(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.member_county)
    response = client.post(
        reverse("opinions:submit"), {"channel": "member", "title": "关于校车安全的建议", "body": BODY}
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302 and opinion.state == S.RECEIVED
    assert client.get(reverse("opinions:mine")).content.decode().count("关于校车安全的建议") == 1


def test_bad_input_on_the_form_is_explained_and_nothing_stored(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.member_county)
    response = client.post(
        reverse("opinions:submit"),
        {"channel": "member", "title": "标题", "body": BODY, "coauthors": "查无此人"},
    )
    assert response.status_code == 400
    assert "本政协没有名为“查无此人”的委员" in response.content.decode()
    assert not Opinion.objects.exists()


def test_someone_without_a_channel_cannot_open_the_form(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.unit_clerk)
    assert client.get(reverse("opinions:submit")).status_code == 404


def test_strangers_get_404(client: Client, p: Personas, o: Info) -> None:
    opinion = submitted(p)
    url = reverse("opinions:detail", args=[opinion.pk])
    for stranger in (p.member_wang, p.county_b_staff, p.info_staff, p.supervision_staff):
        client.force_login(stranger)
        assert client.get(url).status_code == 404, stranger
        assert client.post(reverse("opinions:act", args=[opinion.pk, "accept"])).status_code == 404
    client.force_login(p.member_wang)
    assert client.get(reverse("opinions:queue")).status_code == 404


def test_the_wrong_role_cannot_act_and_is_told_so(client: Client, p: Personas, o: Info) -> None:
    opinion = submitted(p)
    client.force_login(p.member_county)
    response = client.post(reverse("opinions:act", args=[opinion.pk, "accept"]), follow=True)
    assert "您没有执行此操作的权限" in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).state == S.RECEIVED


def test_the_centre_works_an_item_through_the_page(client: Client, p: Personas, o: Info) -> None:
    opinion = submitted(p)
    client.force_login(o.county_info)
    act = lambda action, **data: client.post(reverse("opinions:act", args=[opinion.pk, action]), data)  # noqa: E731
    act("accept")
    act("edit", title=opinion.title, body=BODY + "（编辑）", note="润色")
    act("signoff")
    client.force_login(o.county_leader)
    act("sign", decision="approve")
    client.force_login(o.county_info)
    act("publish", series="bulletin")
    act("report", target="parent")
    act("report", target="government", target_name="甲县人民政府办公室")
    opinion.refresh_from_db()
    assert opinion.state == S.REPORTED and opinion.issue is not None
    assert Report.objects.filter(opinion=opinion).count() == 2
    page = client.get(reverse("opinions:detail", args=[opinion.pk])).content.decode()
    assert "第2稿" in page and "测试市政协" in page and "待反馈" in page


def test_the_issue_is_a_word_document_in_the_official_layout(client: Client, p: Personas, o: Info) -> None:
    opinion = published(p, o)
    client.force_login(o.county_info)
    issue = Issue.objects.get()
    response = client.get(reverse("opinions:issue_docx", args=[issue.pk]))
    text = "\n".join(par.text for par in Document(io.BytesIO(response.content)).paragraphs)
    assert (
        "社情民意" in text and f"{issue.year}年第1期" in text and opinion.title in text and "李淑芬" in text
    )


def test_statistics_export_and_yearly_notice(client: Client, p: Personas, o: Info) -> None:
    _, city = at_city(p, o, channel="unit", unit=o.unit, by=o.liaison, coauthors=[o.li])
    publish_at(city, info=p.info_staff, leader=p.leader)
    client.force_login(o.county_info)
    page = client.get(reverse("opinions:stats")).content.decode()
    assert "民进甲县基层委员会" in page and "李淑芬" in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("opinions:stats_export")).content))["参加单位"]
    rows = list(sheet.values)
    assert rows[1][0] == "民进甲县基层委员会" and rows[1][1] == 1 and rows[1][2] == 1 and rows[1][3] == 1
    notice = client.get(reverse("opinions:yearly_notice"))
    assert "社情民意信息工作情况的通报" in "\n".join(
        par.text for par in Document(io.BytesIO(notice.content)).paragraphs
    )


def test_the_author_sees_every_levels_status(client: Client, p: Personas, o: Info) -> None:
    county, city = at_city(p, o)
    publish_at(city, info=p.info_staff, leader=p.leader)
    client.force_login(p.member_county)
    page = client.get(reverse("opinions:detail", args=[county.pk])).content.decode()
    assert "测试市政协" in page and "已采用" in page and "市级" in page


def test_the_home_page_lists_pending_items(client: Client, p: Personas, o: Info) -> None:
    submitted(p)
    client.force_login(o.county_info)
    assert "待受理的社情民意信息" in client.get(reverse("home")).content.decode()


def test_merge_and_publish_from_the_queue(client: Client, p: Personas, o: Info) -> None:
    a, b = submitted(p), submitted(p, title="第二条")
    client.force_login(o.county_info)
    client.post(reverse("opinions:bulk"), {"action": "merge", "items": [a.pk, b.pk], "title": "合并后的信息"})
    merged = Opinion.objects.get(title="合并后的信息")
    assert merged.state == S.EDITING
    response = client.post(
        reverse("opinions:bulk"),
        {"action": "publish", "items": [merged.pk], "series": "bulletin"},
        follow=True,
    )
    assert "只有领导已签发的信息才能编发" in response.content.decode()


def test_the_liaison_screens_on_the_page(client: Client, p: Personas, o: Info) -> None:
    opinion = submitted(p, channel="unit", unit=o.unit)
    client.force_login(o.liaison)
    assert "待本单位审核的社情民意信息" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("opinions:mine")).content.decode()
    assert opinion.title in page and "待本单位审核" in page
    client.post(reverse("opinions:act", args=[opinion.pk, "unit_forward"]))
    assert Opinion.objects.get(pk=opinion.pk).state == S.RECEIVED
