"""A member on a phone finds the published topics from the home page, takes one up and lands on
the proposal draft made for him; the topic's page then shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from zhengxie.proposals.models import Proposal, SuggestedTopic
from zhengxie.proposals.services import topics


@pytest.mark.django_db(transaction=True)
def test_a_member_takes_a_topic_up_on_a_phone(live_server, page: Page) -> None:
    p = build()
    topics.topic_add(
        committee_id=p.city.pk,
        by=p.leader,
        source=SuggestedTopic.Source.LEADER,
        title="推动制造业数字化转型",
        description="围绕中小企业数字化转型提出扶持措施。",
    )
    topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=SuggestedTopic.objects.get().year)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="提案选题").first.click()
    expect(page.get_by_test_id("topic-table")).to_contain_text("推动制造业数字化转型")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"topic list is {overflow}px wider than the phone"
    page.get_by_test_id("topic-take").click()
    expect(page.locator(".messages")).to_contain_text("已为您生成提案草稿")
    proposal = Proposal.objects.get()
    assert proposal.source_label == "领导点题：推动制造业数字化转型"
    page.goto(live_server.url + f"/proposals/topics/{SuggestedTopic.objects.get().pk}/")
    expect(page.get_by_text("您已领题")).to_be_visible()
    expect(page.get_by_test_id("topic-proposals")).to_contain_text(proposal.title)
