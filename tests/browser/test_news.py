"""The office writes and publishes a news item; a member on a 375 px phone finds it on the home
page, reads it, and opens the knowledge section."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.personas import build
from zhengxie.news import services
from zhengxie.news.models import Article

PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_a_member_reads_the_news_on_a_phone(live_server, page: Page, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = build()
    knowledge = services.article_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.ArticleDraft(
            title="人民政协的性质和职能",
            section=Article.Section.KNOWLEDGE,
            body="<p>政治协商、民主监督、参政议政。</p>",
        ),
    )
    services.article_publish(article=knowledge, by=p.activity_staff)
    base = live_server.url
    violations = csp_violations(page)

    login(page, base, p.activity_staff.username)
    page.goto(f"{base}/news/")
    page.get_by_role("link", name="撰写文章").click()
    page.get_by_label("标题").fill("市政协召开常委会议")
    page.get_by_label("摘要").fill("会议审议了基层协商调研报告。")
    page.get_by_label("正文").fill("<p>会议强调，要把协商民主贯穿履职全过程。</p>")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("article-state")).to_have_text("草稿")
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_test_id("article-state")).to_have_text("已发布")
    logout(page)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    news = page.get_by_test_id("home-news")
    news.get_by_role("link", name="市政协召开常委会议").click()
    expect(page.get_by_test_id("article-body")).to_contain_text("协商民主贯穿履职全过程")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"article page is {overflow}px wider than the phone"
    page.goto(f"{base}/news/knowledge/")
    page.get_by_role("link", name="人民政协的性质和职能").click()
    expect(page.get_by_test_id("article-body")).to_contain_text("民主监督")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert violations == []
