"""Each main role logs in and walks its main task from the home page only — clicking menus, links
and buttons, never typing an address — and no page it passes shows English or an internal code.

The checker reads the visible text of every page passed: dotted names (`proposals.reply.saved`),
a model name with a number (`user#11`), and runs of Latin words that are not on the short list
of words Chinese users use as they are (Excel, Word, PDF, …) all count as problems.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import Personas, build
from tests.proposals.conftest import city_member, complete_data
from tests.proposals.factories import assign, filed_proposal
from zhengxie.accounts.models import User
from zhengxie.proposals.services import submission as sub
from zhengxie.supervision import config as supervision_config
from zhengxie.supervision.services.items import ItemData, item_approve, item_issue, item_register

# Latin words a Chinese page may show as they are.
ALLOWED_WORDS = {
    "excel", "word", "pdf", "ofd", "api", "qr", "sms", "totp", "2fa", "jpg", "png", "docx", "xlsx",
    "wps", "app", "id", "ip", "url", "https", "http",
}  # fmt: skip
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)?\b")
MODEL_NUMBER = re.compile(r"\b[A-Za-z_]+#\d+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MASKED = re.compile(r"[0-9*]{3,}\*[0-9*]*[0-9Xx]?")  # 110***********002X, 138****8000
WORD = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9_-]*")


def problems_in(text: str, allowed: set[str]) -> list[str]:
    """What on a page is English or an internal code; `allowed` adds words of this page's data
    (usernames)."""
    found: list[str] = []
    text = MASKED.sub(" ", EMAIL.sub(" ", text))
    found += [f"点分名称：{m}" for m in DOTTED.findall(text)]
    found += [f"内部编号：{m}" for m in MODEL_NUMBER.findall(text)]
    for word in WORD.findall(DOTTED.sub(" ", text)):
        w = word.lower()
        if len(w) == 1 or w in ALLOWED_WORDS or w in allowed:
            continue  # a single letter is a class (A类) or an item of a list
        found.append(f"英文：{word}")
    return found


def test_checker_catches_codes_and_english():
    assert problems_in("proposals.reply.saved 已保存", set()) == ["点分名称：proposals.reply.saved"]
    assert problems_in("对象 accounts.user#11", set()) == ["点分名称：accounts.user", "内部编号：user#11"]
    assert problems_in("Page not found", set()) == ["英文：Page", "英文：not", "英文：found"]
    assert problems_in("导出 Excel、Word 和 PDF；A类；wang@example.cn；2FA", set()) == []
    assert problems_in("用户名 wang；身份证 110***********002X", {"wang"}) == []


class Walk:
    """The pages one role passes, each read by the checker."""

    def __init__(self, page: Page, p: Personas) -> None:
        self.page = page
        self.allowed = {u.lower() for u in User.objects.values_list("username", flat=True)}
        self.seen: dict[str, list[str]] = {}

    def check(self) -> None:
        self.page.wait_for_load_state("domcontentloaded")
        found = problems_in(self.page.locator("body").inner_text(), self.allowed)
        title = self.page.title()
        assert title.endswith(" - 智慧政协"), title
        if found:
            self.seen[title] = found

    def click(self, role: str, name: str, **kwargs: object) -> None:
        self.page.get_by_role(role, name=name, **kwargs).first.click()  # type: ignore[arg-type]
        self.check()

    def menu(self, name: str) -> None:
        self.page.locator("nav.mainnav").get_by_role("link", name=name, exact=True).click()
        self.check()

    def home(self) -> None:
        self.page.locator("nav.mainnav").get_by_role("link", name="工作台", exact=True).click()
        self.check()

    def assert_clean(self) -> None:
        assert self.seen == {}, self.seen


def _world() -> Personas:
    """The personas with something to work on: a proposal in review, one assigned to 住建局,
    a supervision item waiting for the unit."""
    p = build()
    city_member(p, "zhao", "赵晓梅", "110105198001010024")
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    assigned = filed_proposal(p, title="关于完善社区养老服务的建议")
    assign(assigned, [p.unit], due_on=timezone.localdate() + timedelta(days=60))
    item = item_register(
        committee_id=p.city.pk,
        by=p.supervision_staff,
        data=ItemData(
            title="老旧小区加装电梯协商意见落实",
            source=supervision_config.source_named(p.city.pk, "会议议定事项"),
            due_on=timezone.localdate() + timedelta(days=60),
            lead_unit=p.unit,
        ),
    )
    item_issue(item=item_approve(item=item, by=p.leader), by=p.supervision_staff)
    return p


def _start(live_server, page: Page, p: Personas, who: str) -> Walk:
    login(page, live_server.url, getattr(p, who).username)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    walk = Walk(page, p)
    walk.check()
    return walk


@pytest.mark.django_db(transaction=True)
def test_member_walk_on_a_phone(live_server, page: Page) -> None:
    """A member drafts a joint proposal on a 375 px phone and finds a co-signer by pinyin initials."""
    p = _world()
    page.set_viewport_size({"width": 375, "height": 740})
    walk = _start(live_server, page, p, "member_wang")
    walk.menu("我的提案")
    walk.click("link", "撰写提案")
    box = page.locator("#id_cosigners")
    box.fill("zxm")
    option = page.locator(".picker-option", has_text="赵晓梅")
    expect(option).to_be_visible()
    assert option.bounding_box()["height"] >= 44  # type: ignore[index]
    option.click()
    expect(page.locator(".chip", has_text="赵晓梅")).to_be_visible()
    walk.check()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the form is {overflow}px wider than the phone"
    walk.menu("我的履职")
    walk.menu("我的活动")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_member_profile_in_plain_chinese(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "member_wang")
    walk.menu("我的信息")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_member_chooses_a_larger_font_and_skips_to_the_content(live_server, page: Page) -> None:
    p = _world()
    page.set_viewport_size({"width": 375, "height": 740})
    walk = _start(live_server, page, p, "member_wang")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="特大").click()
    expect(page.locator("html")).to_have_attribute("data-font", "xlarge")
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger > size
    walk.menu("我的提案")
    expect(page.locator("html")).to_have_attribute("data-font", "xlarge")  # remembered
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    for link in page.locator("nav.mainnav a").all()[:3]:
        assert link.bounding_box()["height"] >= 44  # type: ignore[index]
    hint = page.evaluate("getComputedStyle(document.querySelector('nav.mainnav')).backgroundImage")
    assert "gradient" in hint  # the edge shadows show that the menu scrolls
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_proposal_staff_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "proposal_staff")
    walk.click("link", "待初审的提案")
    walk.click("link", "关于加快老旧小区加装电梯的建议")
    walk.menu("提案交办")
    walk.menu("答复审核")
    walk.menu("提案统计")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_info_staff_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "info_staff")
    walk.menu("社情民意")
    walk.menu("委员名录")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_supervision_staff_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "supervision_staff")
    walk.menu("督查督办")
    walk.click("link", "老旧小区加装电梯协商意见落实")
    walk.menu("承办单位")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_activity_staff_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "activity_staff")
    walk.menu("会议活动")
    walk.menu("协商议政")
    walk.menu("履职积分")
    walk.menu("出席登记")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_unit_clerk_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "unit_clerk")
    walk.menu("提案办理")
    walk.click("link", "办理中")
    walk.click("link", "关于完善社区养老服务的建议")
    walk.click("button", "显示完整号码")
    walk.menu("督办事项")
    walk.click("link", "老旧小区加装电梯协商意见落实")
    walk.click("button", "签收")
    expect(page.locator(".messages")).to_contain_text("已签收")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_leader_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "leader")
    walk.menu("督查督办")
    walk.menu("提案统计")
    walk.menu("社情民意")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_sysadmin_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "sysadmin")
    walk.menu("账号与角色")
    walk.menu("组织机构")
    walk.menu("导入")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_secadmin_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "secadmin")
    walk.menu("安全管理")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_auditadmin_walk(live_server, page: Page) -> None:
    p = _world()
    walk = _start(live_server, page, p, "auditadmin")
    walk.menu("审计日志")
    walk.assert_clean()
