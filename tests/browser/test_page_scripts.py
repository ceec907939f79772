"""What used to be inline script runs from static/js/zhengxie.js under the Content-Security-Policy:
a year picker submits itself, a progress bar takes its width from its data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login
from tests.personas import build
from tests.supervision.helpers import signed
from zhengxie.duty import services
from zhengxie.supervision.models import Item


@pytest.mark.django_db(transaction=True)
def test_year_picker_and_progress_bar_work_without_inline_script(live_server, page: Page) -> None:
    p = build()
    # A point in the previous year gives the member's year picker a second year.
    last_year = services.this_year() - 1
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None, year=last_year)
    violations = csp_violations(page)
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="我的履职").first.click()
    picker = page.locator("select[name=year]")
    picker.select_option(str(last_year))
    expect(page).to_have_url(re.compile(rf"\?year={last_year}$"))
    page.get_by_role("button", name="退出").click()

    item = signed(p)
    Item.objects.filter(pk=item.pk).update(progress=40)
    login(page, live_server.url, p.supervision_staff.username)
    page.goto(f"{live_server.url}/supervision/items/{item.pk}/")
    share = page.evaluate(
        "() => { const bar = document.querySelector('.progress span');"
        " return bar.getBoundingClientRect().width / bar.parentElement.getBoundingClientRect().width; }"
    )
    assert abs(share - 0.4) < 0.02
    assert violations == []
