"""Bad input is refused with a Chinese message saying what is wrong, and nothing is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import config
from zhengxie.supervision.models import Attachment, Item, ProgressReport
from zhengxie.supervision.services import progress
from zhengxie.supervision.services.items import item_register

from .helpers import PDF, fresh, in_days, item_data, messages_of, register, signed


def _form(p: Personas, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "推进老旧小区改造",
        "source": config.sources_for(p.city.pk)[0].pk,
        "due_on": in_days(30).isoformat(),
        "lead_unit": p.unit.pk,
        "report_cycle": "none",
        "report_day": 5,
        "weight": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": in_days(-1)}, "办结时限不能早于今天"),
        ({"title": "   "}, "请填写事项名称"),
        ({"weight": 0}, "权重须大于0"),
        ({"report_cycle": "dates"}, "按指定日期报告时，请填写报告日期"),
    ],
)
def test_registering_bad_data_is_refused_and_stores_nothing(
    p: Personas, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        register(p, **overrides)
    assert not Item.objects.exists()


def test_a_lead_unit_of_another_committee_is_refused(p: Personas) -> None:
    county_unit = HandlingUnit.objects.create(committee=p.county_b, name="乙县住建局")
    with pytest.raises(DomainError, match="牵头单位不是本政协的有效承办单位"):
        register(p, lead_unit=county_unit)
    with pytest.raises(DomainError, match="配合单位须是本政协的承办单位"):
        register(p, co_units=[county_unit])
    assert not Item.objects.exists()


def test_a_child_cannot_be_due_after_its_parent(p: Personas) -> None:
    parent = register(p, due_on=in_days(30))
    with pytest.raises(DomainError, match="分解事项的时限不能晚于上级事项"):
        register(p, title="分解事项", parent=parent, due_on=in_days(31))
    assert Item.objects.count() == 1


def test_the_same_number_twice_is_refused(p: Personas) -> None:
    register(p, number="督〔2026〕88号")
    with pytest.raises(DomainError, match="编号“督〔2026〕88号”已被使用"):
        register(p, number="督〔2026〕88号", title="另一个事项")
    assert Item.objects.count() == 1


def test_automatic_numbers_count_up(p: Personas) -> None:
    first, second = register(p), register(p, title="第二个事项")
    year = first.created_at.year
    assert (first.number, second.number) == (f"督〔{year}〕1号", f"督〔{year}〕2号")


def test_automatic_numbers_skip_the_ones_an_import_already_took(p: Personas) -> None:
    year = timezone.localdate().year
    register(p, number=f"督〔{year}〕2号", title="导入的事项")
    register(p, number=f"督〔{year - 1}〕1号", title="去年的事项")  # another year's series
    # One of this year's numbers is taken, so 2 comes next, but 2 is the imported one: 3; then 4.
    assert [register(p, title=t).number for t in ("乙", "丙")] == [f"督〔{year}〕3号", f"督〔{year}〕4号"]


def test_supervising_leader_must_be_a_leader(p: Personas) -> None:
    with pytest.raises(DomainError, match="督办领导须是本政协的领导"):
        item_register(
            committee_id=p.city.pk,
            by=p.supervision_staff,
            data=item_data(p, supervising_leader=p.member_wang),
        )
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"due_on": in_days(-1).isoformat()}, "办结时限不能早于今天"),
        ({"title": ""}, "这个字段是必填项"),
        ({"lead_unit": "county"}, "选择一个有效的选项"),
    ],
)
def test_the_registration_page_shows_what_is_wrong(
    client: Client, p: Personas, overrides: dict[str, Any], error: str
) -> None:
    if overrides.get("lead_unit") == "county":
        overrides["lead_unit"] = HandlingUnit.objects.create(committee=p.county_b, name="乙县住建局").pk
    client.force_login(p.supervision_staff)
    response = client.post(reverse("supervision:item_create"), _form(p, **overrides))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Item.objects.exists()


def test_progress_over_100_percent_is_refused(client: Client, p: Personas) -> None:
    item = signed(p)
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 101, "text": "超额完成任务"},
        follow=True,
    )
    assert messages_of(response) == ["请填写0到100之间的进度和进展情况"]
    with pytest.raises(DomainError, match="进度须是0到100之间的整数"):
        progress.progress_report(item=item, by=p.unit_clerk, percent=101, text="超额完成任务")
    with pytest.raises(DomainError, match="请填写进展情况"):
        progress.progress_report(item=item, by=p.unit_clerk, percent=50, text="好")
    assert not ProgressReport.objects.exists() and fresh(item).progress == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("方案.pdf", "这不是PDF文件".encode(), "附件内容与文件类型不符，不是有效的PDF文件"),
        ("方案.docx", PDF, "附件内容与文件类型不符，不是有效的Word文件"),
        ("脚本.exe", b"MZ\x90\x00", "附件只能是"),
        ("空.pdf", b"", "附件：所提交的是空文件"),
    ],
)
def test_an_attachment_whose_content_does_not_match_its_name_is_refused(
    client: Client, p: Personas, media: Path, name: str, content: bytes, message: str
) -> None:
    item = signed(p)
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 30, "text": "已完成方案编制", "attachment": SimpleUploadedFile(name, content)},
        follow=True,
    )
    shown = messages_of(response)
    assert len(shown) == 1 and message in shown[0], shown
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_real_pdf_is_stored_with_the_report(client: Client, p: Personas, media: Path) -> None:
    item = signed(p)
    client.force_login(p.unit_clerk)
    client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 30, "text": "已完成方案编制", "attachment": SimpleUploadedFile("方案.pdf", PDF)},
    )
    report = ProgressReport.objects.get()
    assert report.attachment is not None and report.attachment.name == "方案.pdf"
    assert report.attachment.file.read() == PDF


def test_a_refused_completion_report_leaves_no_file_behind(client: Client, p: Personas, media: Path) -> None:
    parent = signed(p, title="年度重点任务", due_on=in_days(90))
    signed(p, title="尚未办结的子任务", parent=parent, due_on=in_days(30))
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:item_act", args=[parent.pk, "complete"]),
        {"text": "年度重点任务已全部完成。", "attachment": SimpleUploadedFile("办结材料.pdf", PDF)},
        follow=True,
    )
    assert messages_of(response) == ["还有分解事项未办结，不能报送办结报告"]
    assert not Attachment.objects.exists()
    assert not [f for f in media.rglob("*") if f.is_file()]
