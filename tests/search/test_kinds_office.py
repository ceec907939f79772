"""Grassroots platforms and the year's plans in the index: platform consultations and the people's
problems, plan items and democratic-supervision findings with their replies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.grassroots.conftest import convener, other_town, towns, village  # noqa: F401  (fixtures)
from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform
from zhengxie.grassroots import services as grassroots
from zhengxie.search.models import Document
from zhengxie.search.query import search
from zhengxie.workplans import services as workplans
from zhengxie.workplans import supervision

pytestmark = pytest.mark.django_db


def found(user: object, q: str, kind: str) -> list[int]:
    return [h.doc.object_id for h in search(user, q, kind=kind).hits]


def test_platform_consultations_and_problems_follow_the_platform_rule(
    p: Personas,
    convener: User,  # noqa: F811
    village: Platform,  # noqa: F811
) -> None:
    rec = grassroots.record_open(platform=village, by=convener, title="城乡供水改造", note="群众反映水压不足")
    assert found(convener, "水压不足", "platformrecord") == [rec.pk]
    assert found(p.activity_staff, "水压不足", "platformrecord") == [rec.pk]
    assert found(p.member_wang, "水压不足", "platformrecord") == []  # not assigned to the platform
    assert found(p.member_county, "水压不足", "platformrecord") == []
    problem = grassroots.problem_raise(platform=village, by=convener, text="村口路灯不亮", record=rec)
    assert found(convener, "路灯不亮", "platformproblem") == [problem.pk]
    assert found(p.member_wang, "路灯不亮", "platformproblem") == []
    grassroots.members_assign(platform=village, by=p.activity_staff, members=[p.member_wang_record])
    assert found(p.member_wang, "路灯不亮", "platformproblem") == [problem.pk]
    grassroots.problem_resolve(problem=problem, by=convener, state="solved", outcome="已协调供电所修复")
    assert found(p.member_wang, "供电所修复", "platformproblem") == [problem.pk]


def test_plan_items_are_the_offices(p: Personas) -> None:
    yp = workplans.year_plan_open(committee_id=p.city.pk, year=timezone.localdate().year, by=p.activity_staff)
    item = workplans.item_add(
        year_plan=yp, by=p.activity_staff, plan="inspection", form="research", title="乡村振兴专题调研",
        lead=p.special, month=3,
    )  # fmt: skip
    assert found(p.activity_staff, "乡村振兴", "planitem") == [item.pk]
    assert found(p.leader, "乡村振兴", "planitem") == [item.pk]
    assert found(p.member_wang, "乡村振兴", "planitem") == []
    workplans.item_remove(item=item, by=p.activity_staff)
    assert not Document.objects.filter(kind="planitem").exists()


def test_findings_are_the_offices_and_the_departments(p: Personas) -> None:
    finding = supervision.finding_send(
        committee_id=p.city.pk, by=p.activity_staff, unit=p.unit, title="老旧小区改造专题监督意见",
        body="加快进度，公开资金使用。", due_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    assert found(p.activity_staff, "资金使用", "finding") == [finding.pk]
    assert found(p.unit_clerk, "资金使用", "finding") == [finding.pk]
    assert found(p.member_wang, "资金使用", "finding") == []
    assert found(p.county_b_staff, "资金使用", "finding") == []
    supervision.finding_reply(finding=finding, by=p.unit_clerk, reply="已制定资金公示办法。")
    assert found(p.activity_staff, "公示办法", "finding") == [finding.pk]
    assert Document.objects.get(kind="finding").state == "部门已答复"
