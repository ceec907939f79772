"""One joint proposal round the whole loop in the browser, every step by the role that owns it:
王委员 writes and submits it on a phone, 赵委员 agrees to co-sign, proposal staff pass the first
stage and file it, assign it to 住建局 (主办), the unit's clerk signs for it, records the 办前
contact and replies, staff approve the reply, both proposers rate it on their phones, staff close
it, and the public page shows the reply."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build
from tests.proposals.conftest import city_member

PHONE: ViewportSize = {"width": 375, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 900}
TITLE = "关于推进老旧小区加装电梯的建议"
REPLY = "经研究，我局已简化加装电梯审批流程，出台资金分摊指引，并设立财政补贴专项资金。"


def _state(page: Page, text: str) -> None:
    expect(page.get_by_test_id("proposal-state")).to_contain_text(text)


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


def _open_mine(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的提案").click()
    expect(page.get_by_role("heading", name="我的提案")).to_be_visible()


def _rate(page: Page, base: str, username: str) -> None:
    page.set_viewport_size(PHONE)
    login(page, base, username)
    _open_mine(page)
    page.get_by_role("link", name=TITLE).click()
    _state(page, "已答复")
    form = page.get_by_test_id("rating-form")
    form.locator("input[name=work][value=satisfied]").check()
    form.locator("input[name=result][value=satisfied]").check()
    form.get_by_role("button", name="提交评价").click()
    _message(page, "评价已提交")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)
    _fits(page)
    logout(page)


@pytest.mark.django_db(transaction=True)
def test_a_joint_proposal_goes_round_the_loop_in_the_browser(live_server, page: Page) -> None:
    p = build()
    city_member(p, "zhao", "赵晓梅", "110105198001010024")
    base = live_server.url

    # 王委员 writes the joint proposal on his phone and sends it to 赵委员.
    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    _open_mine(page)
    page.get_by_role("link", name="撰写提案").click()
    page.wait_for_load_state("networkidle")  # the similar-proposals box loads itself once
    form = page.get_by_test_id("proposal-form")
    form.get_by_label("提案者类别").select_option(label="委员联名")
    form.get_by_label("案由").fill(TITLE)
    form.locator("#id_situation").fill("全市有老旧小区住宅楼四千余栋，多数没有电梯，老年住户上下楼困难。")
    form.locator("#id_analysis").fill("加装电梯审批环节多、居民意见难统一、资金分摊缺少指引。")
    form.locator("#id_suggestion").fill("一、简化审批；二、出台资金分摊指引；三、设立财政补贴。")
    # A changed suggestion asks for similar proposals (on blur in a real browser; dispatched here so
    # the test does not hang on focus order); let that answer arrive before moving on.
    with page.expect_response(lambda r: "/proposals/similar/" in r.url):
        form.locator("#id_suggestion").dispatch_event("change")
    form.locator("#id_category").select_option("社会建设")
    # The pickers search as one types (pinyin initials for the co-signer) and turn a match into a chip.
    form.get_by_label("建议承办单位").fill("住房")
    form.locator(".picker-option", has_text=p.unit.name).click()
    form.get_by_label("联名人（联名提案）").fill("zxm")
    form.locator(".picker-option", has_text=f"赵晓梅（{p.sector.name}）").click()
    expect(form.locator(".chip", has_text="赵晓梅")).to_be_visible()
    form.get_by_role("button", name="保存草稿").click()
    _message(page, "草稿已保存")
    _state(page, "草稿")
    _fits(page)
    page.get_by_role("button", name="提交联名确认").click()
    _message(page, "已提交")
    _state(page, "待联名确认")
    expect(page.get_by_test_id("cosigners")).to_contain_text("赵晓梅")
    logout(page)

    # 赵委员 finds the invitation and agrees; the last answer submits the proposal.
    login(page, base, "zhao")
    _open_mine(page)
    page.get_by_test_id("invitations").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="同意联名").click()
    _message(page, "已同意联名")
    _state(page, "已提交")
    logout(page)

    # Proposal staff pass the first review stage and file it.
    page.set_viewport_size(DESK)
    login(page, base, p.proposal_staff.username)
    page.get_by_role("link", name="待初审的提案").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="通过").click()
    _message(page, "已通过本环节审查")
    _state(page, "复审")
    page.get_by_label("分类").select_option("社会建设")
    page.get_by_role("button", name="立案", exact=True).click()
    _message(page, "已立案，提案号")
    _state(page, "已立案")

    # ... and assign it to 住建局 as the only (主办) unit.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="工作台").click()
    page.get_by_role("link", name="待交办的提案").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("办理方式").select_option(label="主办")
    # The unit the proposer suggested is already chosen (a chip); the picker keeps it.
    expect(page.locator(".picker[data-name=units] .chip", has_text=p.unit.name)).to_be_visible()
    page.get_by_role("button", name="交办", exact=True).click()
    _message(page, "已交办")
    logout(page)

    # The unit's clerk signs for it, records the 办前 contact, drafts and submits the reply.
    login(page, base, p.unit_clerk.username)
    page.get_by_role("link", name="待签收的提案").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="签收").click()
    _message(page, "已签收")
    expect(page.get_by_test_id("assignment-state")).to_have_text("办理中")
    page.get_by_text("记录沟通情况").click()
    page.get_by_label("环节").select_option(label="办前")
    page.get_by_label("方式").select_option(label="面商")
    page.get_by_label("参加人员").fill("王建国、赵晓梅、住建局刘科长")
    page.get_by_label("沟通情况").fill("当面听取提案者意见，商定办理方案。")
    page.get_by_role("button", name="保存沟通记录").click()
    _message(page, "沟通情况已记录")
    page.get_by_text("撰写答复").click()
    reply = page.get_by_test_id("reply-form")
    reply.get_by_label("答复类别").select_option("A")
    reply.get_by_label("答复内容").fill(REPLY)
    reply.get_by_label("签发领导").fill("张局长")
    reply.get_by_label("联系人").fill("刘科长")
    reply.get_by_label("联系电话").fill("0571-88886666")
    reply.get_by_role("button", name="保存草稿").click()
    _message(page, "答复草稿已保存")
    page.get_by_test_id("reply-form").get_by_role("button", name="保存并提交").click()
    _message(page, "答复已提交")
    expect(page.get_by_test_id("reply")).to_contain_text("待审核")
    logout(page)

    # Staff approve the reply, to be published in full; the proposal is replied.
    login(page, base, p.proposal_staff.username)
    page.get_by_role("link", name="待审核的提案答复").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("公开范围").select_option(label="全文公开")
    page.get_by_role("button", name="审核通过").click()
    _message(page, "已审核")
    logout(page)

    # Both proposers rate the handling on their phones.
    _rate(page, base, p.member_wang.username)
    _rate(page, base, "zhao")

    # Staff find it among the replied proposals and close it.
    page.set_viewport_size(DESK)
    login(page, base, p.proposal_staff.username)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="提案审查").click()
    # 查询 as well as the change: the select can act before htmx has wired the form, and then
    # only the button (an htmx request or a plain GET) brings the filtered table.
    page.get_by_label("状态").select_option(label="已答复")
    page.get_by_role("button", name="查询").click()
    page.get_by_test_id("queue-table").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="提案详情").click()
    _state(page, "已答复")
    expect(page.get_by_test_id("ratings")).to_contain_text("王建国")
    expect(page.get_by_test_id("ratings")).to_contain_text("赵晓梅")
    panel = page.get_by_test_id("evaluation-panel")
    panel.locator("summary", has_text="办结").click()
    panel.get_by_role("button", name="办结").click()
    _message(page, "提案已办结")
    _state(page, "已办结")
    logout(page)

    # Anyone can read the reply on the committee's public page.
    page.goto(base + reverse("proposals:public_list", args=[p.city.code]))
    public = page.get_by_test_id("public-replies")
    expect(public).to_contain_text(TITLE)
    expect(public).to_contain_text(REPLY)
    expect(public).to_contain_text("答复类别：A类 · 全文")
    expect(public).not_to_contain_text("0571-88886666")  # the unit's contact stays internal
