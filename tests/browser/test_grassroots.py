"""A township convener on a 375 px phone: from the home page to his group's platform, opens a
consultation with a photo, records the research and the meeting, and registers a problem the
people raised; the pages fit the phone."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import _user, build
from zhengxie.grassroots import services
from zhengxie.grassroots.models import Photo, Record


def _png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return path


def _fits(page: Page, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_convener_records_a_platform_consultation_on_a_phone(live_server, page: Page, tmp_path: Path) -> None:
    p = build()
    convener = _user("convener", "刘强", p.city, "convener")
    group = services.group_create(
        committee_id=p.city.pk, by=p.activity_staff, name="高城镇政协活动小组", township="高城镇"
    )
    services.convener_appoint(group=group, by=p.activity_staff, user=convener)
    platform = services.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="高城村协商议事点", level="village", township="高城镇",
        village="高城村", group=group,
    )  # fmt: skip
    services.members_assign(platform=platform, by=p.activity_staff, members=[p.member_wang_record])

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, convener.username)
    page.get_by_role("link", name="本组协商平台").first.click()
    _fits(page, "platform list")
    page.get_by_role("link", name="高城村协商议事点").click()
    form = page.get_by_test_id("open-form")
    form.get_by_label("协商议题").fill("城乡供水")
    form.get_by_label("议题来源和确定情况").fill("村民代表会议提出")
    form.get_by_label("现场照片").set_input_files(str(_png(tmp_path / "现场.png")))
    form.get_by_role("button", name="确定议题").click()
    expect(page.locator(".messages")).to_contain_text("议题已确定")
    _fits(page, "consultation page")
    step = page.get_by_test_id("step-form")
    step.get_by_label("本步骤情况").fill("走访农户32户")
    step.get_by_role("button", name="完成“前期调研”").click()
    expect(page.locator(".messages")).to_contain_text("本步骤已记录")
    step = page.get_by_test_id("step-form")
    step.get_by_label("本步骤情况").fill("村民、镇水务站和委员共同协商")
    step.get_by_label("参加人数").fill("26")
    step.get_by_role("button", name="完成“召开会议”").click()
    expect(page.locator(".messages")).to_contain_text("本步骤已记录")
    expect(page.get_by_test_id("steps")).to_contain_text("村民、镇水务站和委员共同协商")
    page.get_by_label("群众反映的问题").fill("水压低，高处农户用水难")
    page.get_by_role("button", name="登记问题").click()
    expect(page.locator(".messages")).to_contain_text("问题已登记")
    _fits(page, "consultation page")
    rec = Record.objects.get()
    assert rec.state == "meeting" and rec.activity is not None and rec.activity.participants == 26
    assert Photo.objects.filter(record=rec).count() == 1
    # The problem becomes a proposal draft for the member who keeps in touch with the village.
    page.goto(f"{live_server.url}/grassroots/p/{platform.pk}/")
    draft = page.get_by_test_id("draft-form").first
    draft.get_by_label("联系委员").select_option(label="王建国")
    draft.get_by_role("button", name="生成提案草稿").click()
    expect(page.locator(".messages")).to_contain_text("已为王建国委员生成提案草稿")
    expect(page.get_by_test_id("problems")).to_contain_text("提案草稿")
    _fits(page, "platform page")
