"""The office's outputs: the quarterly bulletin (Word and Excel, praise and named reminders, once
per quarter) and special reports on one item (numbered per year)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision.documents import QUARTERS
from zhengxie.supervision.models import Bulletin, Item, SpecialReport
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services import outputs

from .helpers import fresh, messages_of, sheet_rows, signed, today

YEAR = today().year
QUARTER = (today().month - 1) // 3 + 1


def _text(content: bytes) -> tuple[str, list[list[str]]]:
    """The paragraphs of a Word file as one text, and its first table's cells."""
    document = Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows] if document.tables else []
    return text, table


@pytest.fixture
def quarter(p: Personas, other_unit: HandlingUnit, other_clerk: User) -> tuple[Item, Item]:
    """This quarter: 住建局 finished an item on time, 教育局 still works on one."""
    done = signed(p, title="老旧小区改造")
    item_services.item_report_completion(item=done, by=p.unit_clerk, text="已全部完成并通过验收。")
    item_services.item_verify(item=fresh(done), by=p.supervision_staff, accept=True)
    open_item = signed(p, title="学校周边整治", lead_unit=other_unit, clerk=other_clerk)
    return done, open_item


def _issue(client: Client, **data: object) -> list[str]:
    url = reverse("supervision:bulletin_new") + f"?year={YEAR}&quarter={QUARTER}"
    return messages_of(client.post(url, data, follow=True))


def test_staff_preview_the_quarter_and_issue_the_bulletin_with_praise_and_reminders(
    client: Client, p: Personas, quarter: tuple[Item, Item], other_unit: HandlingUnit
) -> None:
    client.force_login(p.supervision_staff)
    preview = client.get(reverse("supervision:bulletin_new"), {"year": YEAR, "quarter": QUARTER})
    figures = {u.unit: u for u in preview.context["figures"]}
    assert (figures["市住房和城乡建设局"].total, figures["市住房和城乡建设局"].done_on_time) == (1, 1)
    assert (figures["市教育局"].total, figures["市教育局"].done) == (1, 0)
    assert preview.context["praised"] == {p.unit.pk}  # suggested: finished on time, nothing late

    shown = _issue(client, summary="各单位总体推进有力。", praised=[p.unit.pk], reminded=[other_unit.pk])
    bulletin = Bulletin.objects.get()
    assert shown == [f"已印发{bulletin}"]
    assert (bulletin.year, bulletin.quarter, bulletin.number) == (YEAR, QUARTER, 1)
    assert (bulletin.praised, bulletin.reminded) == (["市住房和城乡建设局"], ["市教育局"])
    assert AuditEvent.objects.filter(action="supervision.bulletin.issued").count() == 1

    word = client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk]))
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text, table = _text(word.content)
    assert f"关于{YEAR}年第{QUARTERS[QUARTER]}季度督办事项落实情况的通报" in text
    assert f"{YEAR}年第1期" in text and "督办情况通报" in text
    assert "各单位总体推进有力。" in text and "今年共下发督办事项2项，已办结1项" in text
    assert "三、公开表扬" in text and "市住房和城乡建设局按期高质量完成督办事项，予以公开表扬" in text
    assert "四、点名提醒" in text and "市教育局存在督办事项逾期或亮红灯的情况" in text
    assert table[0][0] == "承办单位" and {row[0] for row in table[1:]} == {"市住房和城乡建设局", "市教育局"}

    excel = client.get(reverse("supervision:bulletin_xlsx", args=[bulletin.pk]))
    units = sheet_rows(excel.content, sheet=0)
    assert units[0][0] == "承办单位" and units[0][-1] == "按期办结率"
    assert {row[0]: row[-1] for row in units[1:]} == {
        "市住房和城乡建设局": 1,
        "市教育局": "—",
    }  # a number shown as 100.0 %
    assert sheet_rows(excel.content, sheet=2)[1:] == [
        ("公开表扬", "市住房和城乡建设局"),
        ("点名提醒", "市教育局"),
    ]

    client.force_login(p.leader)
    assert client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk])).status_code == 200
    assert "Word" in client.get(reverse("supervision:bulletin_list")).content.decode()


def test_a_quarter_is_bulletined_once(client: Client, p: Personas, quarter: tuple[Item, Item]) -> None:
    client.force_login(p.supervision_staff)
    _issue(client)
    assert _issue(client) == [f"{YEAR}年第{QUARTER}季度的通报已经印发"]
    assert Bulletin.objects.count() == 1


def test_a_unit_cannot_be_both_praised_and_reminded(
    client: Client, p: Personas, quarter: tuple[Item, Item]
) -> None:
    client.force_login(p.supervision_staff)
    assert _issue(client, praised=[p.unit.pk], reminded=[p.unit.pk]) == ["同一单位不能既公开表扬又点名提醒"]
    assert not Bulletin.objects.exists()


def test_only_units_with_items_this_quarter_are_named(p: Personas, quarter: tuple[Item, Item]) -> None:
    idle = HandlingUnit.objects.create(committee=p.city, name="市文化局")
    with pytest.raises(DomainError, match="表扬或提醒的单位须是本季度有督办事项的单位"):
        outputs.bulletin_issue(
            committee_id=p.city.pk,
            by=p.supervision_staff,
            year=YEAR,
            quarter=QUARTER,
            summary="",
            praised=[idle.pk],
            reminded=[],
        )


def test_a_quarter_without_items_or_not_yet_begun_has_no_bulletin(p: Personas) -> None:
    with pytest.raises(DomainError, match="该季度没有下发的督办事项，无需通报"):
        outputs.bulletin_issue(
            committee_id=p.city.pk,
            by=p.supervision_staff,
            year=YEAR,
            quarter=QUARTER,
            summary="",
            praised=[],
            reminded=[],
        )
    with pytest.raises(DomainError, match="该季度尚未开始，不能通报"):
        outputs.bulletin_issue(
            committee_id=p.city.pk,
            by=p.supervision_staff,
            year=YEAR + 1,
            quarter=1,
            summary="",
            praised=[],
            reminded=[],
        )


def test_leaders_read_but_do_not_issue_bulletins(
    client: Client, p: Personas, quarter: tuple[Item, Item]
) -> None:
    client.force_login(p.leader)
    assert client.get(reverse("supervision:bulletin_new")).status_code == 404
    assert client.post(reverse("supervision:bulletin_new")).status_code == 404
    assert not Bulletin.objects.exists()


def _special(client: Client, item: Item, title: str) -> list[str]:
    response = client.post(
        reverse("supervision:special_report_new", args=[item.pk]),
        {
            "title": title,
            "background": "该事项涉及城区32个老旧小区，居民关注度高。",
            "issues": "部分小区资金未落实\n\n施工进度滞后于计划\n",
            "suggestions": "建议市财政局加快资金拨付。",
            "leader_instruction": "",
        },
        follow=True,
    )
    return messages_of(response)


def test_special_reports_are_numbered_per_year_and_list_their_issues(client: Client, p: Personas) -> None:
    item = signed(p)
    client.force_login(p.supervision_staff)
    assert _special(client, item, "关于老旧小区改造督查情况的报告") == [f"已编发督查专报{YEAR}年第1期"]
    assert _special(client, item, "关于老旧小区改造资金问题的报告") == [f"已编发督查专报{YEAR}年第2期"]
    first, second = SpecialReport.objects.order_by("number")
    assert (first.number, second.number) == (1, 2) and first.issues == [
        "部分小区资金未落实",
        "施工进度滞后于计划",
    ]

    word = client.get(reverse("supervision:special_report_docx", args=[second.pk]))
    text, _ = _text(word.content)
    assert "督查专报" in text and f"{YEAR}年第2期" in text
    assert "关于老旧小区改造资金问题的报告" in text
    assert "（一）部分小区资金未落实" in text and "（二）施工进度滞后于计划" in text
    assert f"该事项编号{item.number}" in text and "三、下一步建议" in text and "领导批示" not in text
    page = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    assert f"督查专报{YEAR}年第1期" in page and f"督查专报{YEAR}年第2期" in page


def test_a_special_report_needs_background_and_issues(client: Client, p: Personas) -> None:
    item = signed(p)
    client.force_login(p.supervision_staff)
    response = client.post(
        reverse("supervision:special_report_new", args=[item.pk]),
        {"title": "标题", "background": "太短", "issues": "问题"},
    )
    assert response.status_code == 400 and "请填写标题和基本情况（至少10个字）" in response.content.decode()
    assert not SpecialReport.objects.exists()


def test_units_cannot_read_special_reports(client: Client, p: Personas) -> None:
    item = signed(p)
    report = outputs.special_report_create(
        item=item,
        by=p.supervision_staff,
        title="专报",
        background="基本情况说明十个字以上",
        issues=["问题"],
        suggestions="",
        leader_instruction="",
    )
    client.force_login(p.unit_clerk)
    assert client.get(reverse("supervision:special_report_docx", args=[report.pk])).status_code == 404
    client.force_login(p.leader)
    assert client.get(reverse("supervision:special_report_docx", args=[report.pk])).status_code == 200
