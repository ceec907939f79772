"""Settings as data per committee (forms, step deadlines, the rubric), the plan as a Word draft,
and members suggesting topics."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from tests.personas import Personas
from zhengxie.consultations import config
from zhengxie.consultations.models import ConsultationForm, RubricItem, StepRule, Topic
from zhengxie.consultations.services import plans

pytestmark = pytest.mark.django_db


def test_staff_add_a_form_and_change_step_days(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    assert client.get(reverse("consultations:settings")).status_code == 200
    client.post(
        reverse("consultations:settings_act", args=["form_add"]),
        {"name": "政党协商", "attendance_kind": "consultation"},
    )
    assert ConsultationForm.objects.filter(committee=p.city, name="政党协商").exists()
    client.post(reverse("consultations:settings_act", args=["steps"]), {"step_scheme": "20"})
    assert StepRule.objects.get(committee=p.city, step="scheme").days == 20
    response = client.post(
        reverse("consultations:settings_act", args=["steps"]), {"step_scheme": "-3"}, follow=True
    )
    assert "须是0至250之间的整数" in response.content.decode()
    assert StepRule.objects.get(committee=p.city, step="scheme").days == 20
    # another committee keeps its defaults
    assert config.step_rules(p.county_a.pk)["scheme"].days == 15


def test_the_rubric_must_add_up_to_100(client: Client, p: Personas) -> None:
    items = config.rubric_for(p.city.pk)
    client.force_login(p.activity_staff)
    url = reverse("consultations:settings_act", args=["rubric"])
    response = client.post(url, {f"item_{items[0].pk}": "10"}, follow=True)
    assert "合计须为100分" in response.content.decode()
    assert RubricItem.objects.get(pk=items[0].pk).max_points == 6
    client.post(url, {f"item_{items[0].pk}": "10", f"item_{items[1].pk}": "0"})
    assert RubricItem.objects.get(pk=items[0].pk).max_points == 10


def test_settings_are_not_for_members_or_leaders(client: Client, p: Personas) -> None:
    for user in (p.member_wang, p.leader):
        client.force_login(user)
        assert client.get(reverse("consultations:settings")).status_code == 404


def test_a_member_suggests_a_topic_to_the_plan_being_collected(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    assert "没有正在征集" in client.get(reverse("consultations:topic_suggest")).content.decode()
    plan = plans.plan_create(committee_id=p.city.pk, year=2027, by=p.activity_staff)
    client.post(reverse("consultations:topic_suggest"), {"title": "加强社区养老", "reason": "老龄化加快"})
    topic = Topic.objects.get()
    assert topic.plan == plan and topic.member == p.member_wang_record and topic.source_kind == "member"
    response = client.post(reverse("consultations:topic_suggest"), {"title": " "}, follow=True)
    assert "请填写议题" in response.content.decode() and Topic.objects.count() == 1
    client.force_login(p.activity_staff)
    assert client.get(reverse("consultations:topic_suggest")).status_code == 404


def test_the_plan_downloads_as_a_word_draft(client: Client, p: Personas) -> None:
    plan = plans.plan_create(committee_id=p.city.pk, year=2027, by=p.activity_staff)
    topic = plans.topic_suggest(plan=plan, by=p.activity_staff, title="推进城市更新", source_kind="other")
    plans.topic_decide(
        topic=topic,
        by=p.activity_staff,
        include=True,
        form=config.form_named(p.city.pk, "专题协商会"),
        planned_month=5,
    )
    client.force_login(p.activity_staff)
    response = client.get(reverse("consultations:plan_docx", args=[plan.pk]))
    doc = WordDocument(io.BytesIO(response.content))
    assert any("年度协商计划（草案）" in par.text for par in doc.paragraphs)
    assert doc.tables[0].rows[1].cells[1].text == "推进城市更新"
    client.force_login(p.member_wang)
    assert client.get(reverse("consultations:plan_docx", args=[plan.pk])).status_code == 404
    assert timezone.localdate() + timedelta(days=1)
