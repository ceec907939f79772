"""A member on a 375 px phone opens a survey from the home page, sees the follow-up question appear
only for the answer that asks for it, answers and is thanked; the office sees the figures and the
chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build
from tests.surveys.conftest import build_survey
from zhengxie.surveys.models import Response

PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_a_member_answers_a_survey_on_a_phone(live_server, page: Page) -> None:
    p = build()
    sv = build_survey(p)
    base = live_server.url

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    page.get_by_role("link", name="待填写的问卷").click()
    page.get_by_role("link", name="履职服务满意度调查").click()
    why = page.locator(f"#question-{sv.why.pk}")
    expect(why).to_be_hidden()
    page.get_by_role("radio", name="不满意").check()
    expect(why).to_be_visible()
    why.locator("textarea").fill("会议材料送达太晚")
    page.get_by_role("radio", name="满意", exact=True).check()
    expect(why).to_be_hidden()
    page.get_by_role("radio", name="不满意").check()
    page.get_by_role("checkbox", name="会议").check()
    page.locator(f"input[name=q{sv.speed.pk}][value='4']").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"survey page is {overflow}px wider than the phone"
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_test_id("answered")).to_be_visible()
    assert Response.objects.get().respondent_id is None
    logout(page)

    login(page, base, p.activity_staff.username)
    page.goto(f"{base}/surveys/{sv.survey.pk}/results/")
    expect(page.get_by_test_id("response-count")).to_have_text("1")
    expect(page.locator("svg.chart")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("会议材料送达太晚")


@pytest.mark.django_db(transaction=True)
def test_a_resident_answers_a_public_survey_on_a_phone(live_server, page: Page) -> None:
    from datetime import timedelta

    from django.core import signing
    from django.utils import timezone

    from tests.browser.test_login_roles import csp_violations
    from zhengxie.participation import challenge
    from zhengxie.surveys import services

    p = build()
    survey = services.survey_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.SurveyDraft(
            title="市民对老旧小区改造的意见",
            description="",
            closes_at=timezone.now() + timedelta(days=3),
            public=True,
        ),
    )
    services.question_add(
        survey=survey,
        by=p.activity_staff,
        data=services.QuestionDraft(kind="single", text="您是否支持加装电梯", choices=["支持", "不支持"]),
    )
    services.survey_open(survey=survey, by=p.activity_staff)
    violations = csp_violations(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/participation/public/{p.city.code}/")
    page.get_by_test_id("public-surveys").get_by_role("link", name="市民对老旧小区改造的意见").click()
    page.get_by_role("radio", name="支持", exact=True).check()
    token = page.locator("input[name=token]").get_attribute("value") or ""
    page.get_by_label("验证：").fill(str(signing.loads(token, salt=challenge.SALT)["s"]))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"public survey page is {overflow}px wider than the phone"
    page.get_by_role("button", name="提交问卷").click()
    expect(page.locator("main")).to_contain_text("感谢您参与问卷调查")
    assert Response.objects.filter(survey=survey, respondent__isnull=True).count() == 1
    assert violations == []
