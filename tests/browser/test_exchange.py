"""A member on a 375 px phone sees 未读消息 on the home page, opens the research team's
conversation, reads, replies; a colleague's new message arrives by polling; 未读消息 leaves the
home page. Then he looks a colleague up in the contact directory."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import csp_violations, login
from tests.personas import _user, build
from zhengxie.exchange import contacts, services
from zhengxie.exchange.models import Group
from zhengxie.org import services as org
from zhengxie.org.roles import Role

PHONE: ViewportSize = {"width": 375, "height": 740}


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_a_member_reads_and_replies_in_a_group_on_a_phone(
    live_server, page: Page, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = build()
    zhao = _user("zhao", "赵晓梅", p.city, Role.MEMBER)
    person = org.person_find_or_create(
        name="赵晓梅", gender="F", affiliation="无党派人士", phone="13700137000", by=None
    )
    person.user = zhao
    person.save(update_fields=["user"])
    org.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    contacts.card_update(by=zhao, show_phone=True, show_work=False)
    group = services.group_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        name="城建课题调研组",
        kind=Group.Kind.TEAM,
        user_ids=[p.member_wang.pk, zhao.pk],
    )
    services.message_post(group=group, by=p.activity_staff, body="调研提纲已发，请提意见。")
    services.message_post(group=group, by=zhao, body="第三部分建议增加助餐服务。")
    base = live_server.url
    violations = csp_violations(page)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    expect(page.get_by_role("link", name="未读消息")).to_be_visible()
    page.get_by_role("link", name="未读消息").click()
    expect(page.get_by_test_id("unread-messages")).to_contain_text("助餐服务")
    page.get_by_role("link", name="城建课题调研组").first.click()
    expect(page.get_by_test_id("message")).to_have_count(2)
    _fits(page)
    page.get_by_label("消息").fill("同意，我周二去社区座谈。")
    page.get_by_role("button", name="发送").click()
    expect(page.get_by_test_id("message").first).to_contain_text("周二去社区座谈")
    services.message_post(group=group, by=zhao, body="好的，街道已联系。")
    expect(page.get_by_test_id("message").first).to_contain_text("街道已联系", timeout=20_000)
    page.goto(base + "/")
    expect(page.get_by_role("link", name="未读消息")).to_have_count(0)
    _fits(page)

    page.goto(base + "/exchange/contacts/")
    line = page.get_by_test_id("contact").filter(has_text="赵晓梅")
    expect(line).to_contain_text("137****7000")
    line.get_by_role("button", name="显示完整号码").click()
    expect(line.get_by_test_id("full-phone")).to_have_text("13700137000")
    expect(page.get_by_test_id("contact").filter(has_text="王建国")).to_contain_text("未公开")
    _fits(page)
    assert violations == []
