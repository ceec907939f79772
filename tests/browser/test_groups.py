"""A member on a 375 px phone finds a topic group from the home page, posts with a picture, replies
to a colleague and marks the post useful; the office distils it into a suggestion and sends it on
as 社情民意."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login, logout
from tests.groups.test_groups import PNG
from tests.personas import build
from zhengxie.groups import services

PHONE: ViewportSize = {"width": 375, "height": 740}


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_a_member_posts_in_a_topic_group_on_a_phone(live_server, page: Page, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = build()
    group = services.group_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.GroupDraft(title="推进老旧小区改造", description="请委员就资金、管理等问题建言。"),
    )
    colleague = services.post_create(group=group, by=p.activity_staff, body="请大家谈谈加装电梯的难点。")
    base = live_server.url
    picture = tmp_path / "现场.png"
    picture.write_bytes(PNG)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    page.get_by_role("link", name="进行中的主题议政群（尚未发言）").click()
    page.get_by_role("link", name="推进老旧小区改造").click()
    page.get_by_label("发言内容").fill("建议明确加装电梯费用分摊的指导标准。")
    page.get_by_label("图片（可选，JPG 或 PNG）").set_input_files(str(picture))
    page.get_by_role("button", name="发言").click()
    expect(page.locator("main")).to_contain_text("已发言")
    mine = page.get_by_test_id("post").filter(has_text="费用分摊")
    expect(mine.locator("img")).to_have_count(1)
    _fits(page)
    other = page.get_by_test_id("post").filter(has_text="加装电梯的难点")
    other.get_by_test_id("useful").click()
    expect(
        page.get_by_test_id("post").filter(has_text="加装电梯的难点").get_by_test_id("useful")
    ).to_contain_text("已点有用（1）")
    page.get_by_test_id("post").filter(has_text="加装电梯的难点").get_by_role(
        "link", name="回复（0）"
    ).click()
    page.get_by_label("发言内容").fill("低层住户的意见也要听取。")
    page.get_by_role("button", name="回复").click()
    expect(page.locator("main")).to_contain_text("低层住户的意见也要听取。")
    _fits(page)
    logout(page)

    login(page, base, p.info_staff.username)
    page.goto(f"{base}/groups/{group.pk}/suggestions/")
    page.get_by_label("领域").fill("城乡建设")
    page.get_by_label("建议标题").fill("关于加装电梯费用分摊的建议")
    page.get_by_label("建议内容").fill("明确费用分摊指导标准，听取低层住户意见。")
    page.locator("input[name=pick]").first.check()
    mine_id = group.posts.filter(body__contains="费用分摊").values_list("pk", flat=True).get()
    page.get_by_label("来源帖子编号").fill(str(mine_id))
    page.get_by_role("button", name="保存建议").click()
    expect(page.locator("h1")).to_contain_text("第1号建议")
    page.get_by_role("button", name="转社情民意信息").click()
    expect(page.get_by_test_id("suggestion-state")).to_have_text("已转社情民意")
    assert colleague.pk
