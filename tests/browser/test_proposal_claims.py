"""A leader claims a key proposal to supervise (认领) from the home page's count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from tests.proposals.helpers import filed_proposal
from zhengxie.proposals.services import claims


@pytest.mark.django_db(transaction=True)
def test_a_leader_claims_a_key_proposal(live_server, page: Page) -> None:
    p = build()
    today = timezone.localdate()
    claims.claim_window_set(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        year=today.year,
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    claims.key_offer(proposal=filed_proposal(p), by=p.proposal_staff)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.leader.username)
    page.get_by_role("link", name="可认领督办的重点提案").click()
    expect(page.get_by_test_id("claim-window")).to_contain_text("正在认领")
    page.get_by_test_id("claim").click()
    expect(page.locator(".messages")).to_contain_text("已认领督办")
    expect(page.get_by_test_id("claim-table")).to_contain_text("市政协领导")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"claims page is {overflow}px wider than the phone"
