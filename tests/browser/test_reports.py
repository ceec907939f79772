"""A leader opens the home page and finds the dashboard (charts and their data tables), opens the
reports section and the counties' comparison; the proposal office opens the statistics page and
downloads the Word report — all from menus and links, at a phone's width too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_role_walks import _start, _world
from tests.proposals.factories import filed_proposal
from tests.reports.test_committee_reports import proposal
from zhengxie.proposals.models import ProposerKind


@pytest.mark.django_db(transaction=True)
def test_a_leader_walks_the_dashboard_and_the_reports(live_server, page: Page) -> None:
    p = _world()
    proposal(p.county_a, p.proposal_staff)
    walk = _start(live_server, page, p, "leader")
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard).to_contain_text("领导驾驶舱")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.get_by_text("数据表").first.click()
    expect(page.locator("table.chart-table").first).to_be_visible()
    walk.menu("统计报表")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度统计报表")
    walk.click("link", "下级政协对比")
    expect(page.get_by_test_id("subtree-total")).to_contain_text("全辖区合计")
    walk.click("link", "甲县政协")
    expect(page.get_by_role("heading", level=1)).to_contain_text("甲县政协")
    walk.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_the_proposal_office_walks_the_statistics_on_a_phone(live_server, page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    p = _world()
    filed_proposal(p, title="关于界别提案的建议", kind=ProposerKind.SECTOR, sector=p.sector)
    walk = _start(live_server, page, p, "proposal_staff")
    walk.click("link", "提案统计")  # the home page's shortcut
    expect(page.get_by_test_id("table-kind")).to_contain_text("委员提案合计")
    with page.expect_download() as download:
        page.get_by_role("link", name="提案审查情况报告（Word）").click()
    assert download.value.suggested_filename.endswith("提案审查情况报告.docx")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, width
    walk.assert_clean()
