"""Surveys: staff build and open a questionnaire; the people it asks answer once; an anonymous
answer stores no link to the person; branching, required questions and bad input; results with
charts and Excel; reminders; the home-page task; everyone else sees nothing (404)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.personas import Personas, _user
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import LongTask
from zhengxie.notices.models import Notice
from zhengxie.org.roles import Role
from zhengxie.surveys import services
from zhengxie.surveys.models import Answer, Participation, Response, Survey

from .conftest import SV, build_survey, good


def test_an_anonymous_answer_stores_no_link_to_the_person(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.member_wang)
    response = client.post(reverse("surveys:answer", args=[sv.survey.pk]), good(sv))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.respondent_id is None and stored.member_id is None
    assert not hasattr(stored, "submitted_at")  # only the day is kept
    # "Has answered" is a separate marker that names no response.
    assert Participation.objects.filter(survey=sv.survey, user=p.member_wang).exists()
    assert {f.name for f in Participation._meta.get_fields()} == {"id", "survey", "user"}
    # The audit event names the survey and the person — never the answer.
    event = AuditEvent.objects.get(action="surveys.survey.answered")
    assert event.data == {} and str(stored.pk) not in str(event.data)
    assert sorted(Answer.objects.values_list("question_id", "value")) == sorted(
        [(sv.overall.pk, 1), (sv.used.pk, 1), (sv.used.pk, 3), (sv.speed.pk, 4)]
    )
    page = client.get(reverse("surveys:answer", args=[sv.survey.pk])).content.decode()
    assert "您已填写本问卷" in page
    second = client.post(reverse("surveys:answer", args=[sv.survey.pk]), good(sv))
    assert second.status_code == 400 and "您已填写过本问卷" in second.content.decode()
    assert Response.objects.count() == 1


def test_a_named_answer_keeps_the_person(p: Personas) -> None:
    named = build_survey(p, anonymous=False)
    services.response_submit(
        survey=named.survey,
        by=p.member_wang,
        answers={named.overall.pk: ["2"], named.used.pk: ["1"], named.speed.pk: ["5"]},
    )
    stored = Response.objects.get()
    assert stored.respondent_id == p.member_wang.pk and stored.member_id == p.member_wang_record.pk


def test_branching_and_required_questions(p: Personas, sv: SV) -> None:
    base = {sv.used.pk: ["1"], sv.speed.pk: ["3"]}
    with pytest.raises(DomainError, match="第3题为必答题"):
        services.response_submit(
            survey=sv.survey, by=p.member_wang, answers={sv.overall.pk: ["1"], sv.speed.pk: ["3"]}
        )
    # 不满意 shows question 2, which is then required.
    with pytest.raises(DomainError, match="第2题为必答题"):
        services.response_submit(survey=sv.survey, by=p.member_wang, answers={**base, sv.overall.pk: ["3"]})
    # 满意 hides it: an answer sent anyway is not stored.
    services.response_submit(
        survey=sv.survey, by=p.member_wang, answers={**base, sv.overall.pk: ["1"], sv.why.pk: ["不该存"]}
    )
    assert not Answer.objects.filter(question=sv.why).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("overall", ["9"], "第1题：选项无效"),
        ("overall", ["1", "2"], "第1题：只能选一项"),
        ("speed", ["abc"], "第4题：选项无效"),
        ("speed", ["6"], "第4题：选项无效"),
        ("why", ["长" * 2001], "第2题：回答不能超过2000个字"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(
    p: Personas, sv: SV, field: str, value: list[str], message: str
) -> None:
    answers: dict[int, Any] = {
        sv.overall.pk: ["3"],
        sv.why.pk: ["原因"],
        sv.used.pk: ["1"],
        sv.speed.pk: ["4"],
    }
    answers[getattr(sv, field).pk] = value
    with pytest.raises(DomainError, match=message):
        services.response_submit(survey=sv.survey, by=p.member_wang, answers=answers)
    assert (
        not Response.objects.exists() and not Participation.objects.exists() and not Answer.objects.exists()
    )


def test_bad_answer_on_the_page_shows_the_message(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.member_wang)
    response = client.post(reverse("surveys:answer", args=[sv.survey.pk]), {f"q{sv.overall.pk}": "1"})
    assert response.status_code == 400 and "为必答题" in response.content.decode()
    assert not Response.objects.exists()


def test_outsiders_and_drafts_are_404_and_members_cannot_manage(client: Client, p: Personas, sv: SV) -> None:
    for outsider in (p.member_county, p.county_b_staff, p.unit_clerk):
        client.force_login(outsider)
        for name in ("surveys:answer", "surveys:detail", "surveys:results"):
            assert client.get(reverse(name, args=[sv.survey.pk])).status_code == 404, (outsider, name)
        assert client.post(reverse("surveys:answer", args=[sv.survey.pk]), good(sv)).status_code == 404
    client.force_login(p.member_wang)
    assert client.get(reverse("surveys:results", args=[sv.survey.pk])).status_code == 404
    assert client.post(reverse("surveys:act", args=[sv.survey.pk, "close"])).status_code == 404
    assert client.get(reverse("surveys:create")).status_code == 404
    draft = services.survey_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.SurveyDraft(
            title="草稿", description="", closes_at=timezone.now() + timedelta(days=1), all_members=True
        ),
    )
    assert client.get(reverse("surveys:answer", args=[draft.pk])).status_code == 404
    assert not Response.objects.exists()


def test_a_unit_survey_asks_the_units_accounts_only(client: Client, p: Personas) -> None:
    unit_survey = build_survey(p, units=[p.unit])
    client.force_login(p.unit_clerk)
    assert client.get(reverse("surveys:answer", args=[unit_survey.survey.pk])).status_code == 200
    client.force_login(p.member_wang)
    assert client.get(reverse("surveys:answer", args=[unit_survey.survey.pk])).status_code == 404


def test_a_closed_or_past_survey_takes_no_answers(p: Personas, sv: SV) -> None:
    Survey.objects.filter(pk=sv.survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    sv.survey.refresh_from_db()
    with pytest.raises(DomainError, match="问卷已结束"):
        services.response_submit(survey=sv.survey, by=p.member_wang, answers={})
    with pytest.raises(DomainError, match="只有进行中的问卷可以提醒"):
        services.survey_remind(survey=sv.survey, by=p.activity_staff)


def test_building_a_survey_refuses_bad_questions(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    response = client.post(reverse("surveys:create"), {"title": "", "closes_at": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("surveys:create"),
        {
            "title": "无对象",
            "closes_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400 and "请选择调查对象" in response.content.decode()
    assert not Survey.objects.exists()
    response = client.post(
        reverse("surveys:create"),
        {
            "title": "新问卷",
            "anonymous": "on",
            "all_members": "on",
            "closes_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.anonymous
    url = reverse("surveys:detail", args=[survey.pk])
    bad = client.post(url, {"kind": "single", "text": "只有一个选项", "choices": "甲"})
    assert bad.status_code == 400 and "选择题至少要有两个选项" in bad.content.decode()
    assert (
        client.post(
            url, {"kind": "single", "text": "好题", "choices": "甲\n乙", "required": "on"}
        ).status_code
        == 302
    )
    opened = client.post(reverse("surveys:act", args=[survey.pk, "open"]), follow=True)
    assert "问卷已发布" in opened.content.decode()
    late = client.post(url, {"kind": "text", "text": "发布后加题"}, follow=True)
    assert "问卷已发布，不能再修改题目" in late.content.decode()


def test_results_figures_chart_and_excel(
    client: Client, p: Personas, sv: SV, run_jobs: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    zhao = _user("zhao", "赵晓梅", p.city, Role.MEMBER)
    from zhengxie.org import services as org

    person = org.person_find_or_create(name="赵晓梅", gender="F", affiliation="无党派人士", by=None)
    person.user = zhao
    person.save(update_fields=["user"])
    org.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    services.response_submit(
        survey=sv.survey,
        by=p.member_wang,
        answers={sv.overall.pk: ["1"], sv.used.pk: ["1", "2"], sv.speed.pk: ["4"]},
    )
    services.response_submit(
        survey=sv.survey,
        by=zhao,
        answers={sv.overall.pk: ["3"], sv.why.pk: ["通知太晚"], sv.used.pk: ["1"], sv.speed.pk: ["2"]},
    )
    client.force_login(p.activity_staff)
    page = client.get(reverse("surveys:results", args=[sv.survey.pk])).content.decode()
    assert page.count("<svg") == 3 and "平均 3.0 分" in page and "通知太晚" in page
    assert "50%" in page and "100%" in page  # 满意 1 of 2; 提案 ticked by both
    with run_jobs():
        client.post(reverse("surveys:act", args=[sv.survey.pk, "export"]))
    task = LongTask.objects.get()
    assert task.state == LongTask.State.DONE, task.error
    book = load_workbook(task.result_file.open("rb"))
    rows = list(book["答卷"].iter_rows(values_only=True))
    assert len(rows) == 3 and "填写人" not in rows[0]
    assert any(row[2] == "通知太晚" for row in rows[1:])
    assert any(r[3] == "满意" and r[4] == 1 for r in book["汇总"].iter_rows(values_only=True))


def test_a_named_surveys_export_reads_the_answers_in_one_pass_with_names_and_dates(
    client: Client, p: Personas, run_jobs: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhengxie.surveys.exports import results_workbook_job

    named = build_survey(p, anonymous=False)
    services.response_submit(
        survey=named.survey,
        by=p.member_wang,
        answers={
            named.overall.pk: ["3"],
            named.why.pk: ["太晚"],
            named.used.pk: ["1", "3"],
            named.speed.pk: ["4"],
        },
    )

    class _Progress:
        def set_total(self, n: int) -> None: ...
        def advance(self, n: int = 1) -> None: ...

    task = LongTask(params={"survey": named.survey.pk})
    with CaptureQueriesContext(connection) as captured:
        outcome = results_workbook_job(task, _Progress())  # type: ignore[arg-type]
    # The responses come with their answers, not as dicts of every response read beforehand.
    assert not [q for q in captured.captured_queries if 'FROM "surveys_response"' in q["sql"]]
    book = load_workbook(io.BytesIO(outcome.file[1]))  # type: ignore[index]
    rows = list(book["答卷"].iter_rows(values_only=True))
    assert rows[0][:2] == ("填写日期", "填写人")
    assert rows[1][1] == p.member_wang.display_name and rows[1][2:] == ("不满意", "太晚", "提案；会议", 4)


def test_opening_tells_the_audience_and_reminders_skip_those_who_answered(p: Personas, run_jobs: Any) -> None:
    with run_jobs():
        sv = build_survey(p)
    assert Notice.objects.filter(
        recipient=p.member_wang, key=f"surveys.open:{sv.survey.pk}:{p.member_wang.pk}"
    ).exists()
    assert not Notice.objects.filter(recipient=p.member_county).exists()
    other = _user("zhao", "赵晓梅", p.city, Role.MEMBER)
    from zhengxie.org import services as org

    person = org.person_find_or_create(name="赵晓梅", gender="F", affiliation="无党派人士", by=None)
    person.user = other
    person.save(update_fields=["user"])
    org.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    services.response_submit(
        survey=sv.survey,
        by=p.member_wang,
        answers={sv.overall.pk: ["1"], sv.used.pk: ["1"], sv.speed.pk: ["4"]},
    )
    with run_jobs():
        services.survey_remind(survey=sv.survey, by=p.activity_staff)
        services.survey_remind(survey=sv.survey, by=p.activity_staff)  # twice the same day: one notice
    reminders = Notice.objects.filter(key__startswith=f"surveys.remind:{sv.survey.pk}:")
    assert list(reminders.values_list("recipient_id", flat=True)) == [other.pk]


def test_home_page_task_until_answered(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.member_wang)
    assert "待填写的问卷" in client.get("/").content.decode()
    listed = client.get(reverse("surveys:index") + "?task=to_answer").content.decode()
    assert "履职服务满意度调查" in listed
    client.post(reverse("surveys:answer", args=[sv.survey.pk]), good(sv))
    assert "待填写的问卷" not in client.get("/").content.decode()


def test_a_survey_for_a_consultations_research_step(client: Client, p: Personas) -> None:
    from zhengxie.consultations.models import Consultation, ConsultationForm

    form = ConsultationForm.objects.get_or_create(committee=p.city, name="专题协商会")[0]
    consultation = Consultation.objects.create(
        committee=p.city,
        title="完善养老服务体系",
        form=form,
        state="research",
        step_started_on=timezone.localdate(),
        created_by=p.activity_staff,
    )
    survey = services.survey_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.SurveyDraft(
            title="调研问卷", description="", closes_at=timezone.now() + timedelta(days=1), all_members=True,
            consultation=consultation,
        ),
    )  # fmt: skip
    client.force_login(p.activity_staff)
    assert consultation.title in client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
