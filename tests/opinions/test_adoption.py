"""Adoptions per recipient and level, instructions opening supervision items, feedback to the
authors, and the points in the duty ledger and the unit's tally."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import Personas
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.opinions.models import Instruction, Report, UnitTally
from zhengxie.opinions.services import adoption, reporting, submission
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_source

from .conftest import Info
from .helpers import at_city, publish_at, published

today = timezone.localdate


def test_an_instruction_opens_a_supervision_item_and_feedback_reaches_the_author(
    p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    opinion = published(p, o)
    with django_capture_on_commit_callbacks(execute=True):
        instruction = adoption.instruction_record(
            opinion=opinion,
            by=o.county_info,
            leader_name="县委书记",
            level="county",
            text="请卫健局研究落实。",
            given_on=today(),
            is_principal=True,
            department=o.department,
        )
    item = items_for_source(instruction).get()
    assert (
        item.lead_unit == o.department
        and item.source.name == "社情民意批示"
        and item.state == Item.State.DRAFT
    )
    assert instruction.supervision_item_id == item.pk
    from zhengxie.opinions.selectors import chain

    followed = chain(opinion).instructions[0].followed_by  # type: ignore[attr-defined]
    assert followed.pk == item.pk and followed.get_state_display() == "待审核"
    scored = PointEntry.objects.get(member=o.li, rule__code="S05")
    assert (scored.variant, scored.points) == ("县级主要领导", Decimal("6"))
    with django_capture_on_commit_callbacks(execute=True):
        adoption.instruction_feedback(
            instruction=instruction, by=o.county_info, text="已出台乡村医生补贴办法。"
        )
    titles = list(Notice.objects.filter(recipient=p.member_county).values_list("title", flat=True))
    assert any("批示" in t for t in titles) and any("落实情况反馈" in t for t in titles)


def test_instructions_add_and_adoption_counts_once(p: Personas, o: Info) -> None:
    county, city = at_city(p, o, channel="unit", unit=o.unit, by=o.liaison)
    publish_at(city, info=p.info_staff, leader=p.leader)
    adoption.instruction_record(
        opinion=city, by=p.info_staff, leader_name="市长", level="city", text="阅。", given_on=today()
    )
    adoption.instruction_record(
        opinion=county, by=o.county_info, leader_name="县长", level="county", text="阅。", given_on=today()
    )
    tallies = {t.key.split(":")[0]: t for t in UnitTally.objects.filter(unit=o.unit)}
    assert UnitTally.objects.filter(unit=o.unit).count() == 3
    assert tallies["adoption"].code == "S03" and tallies["adoption"].points == Decimal("8")


def test_a_national_single_adoption_recorded_later_replaces_the_province_points(p: Personas, o: Info) -> None:
    county = published(p, o)
    adoption.adoption_record(
        opinion=county,
        by=o.county_info,
        level="province",
        kind="adopted",
        recipient="省政协",
        adopted_on=today(),
    )
    adoption.adoption_record(
        opinion=county,
        by=o.county_info,
        level="national",
        kind="single",
        recipient="全国政协",
        adopted_on=today(),
    )
    standing = PointEntry.objects.filter(member=o.li, rule__code__in=["S02", "S03", "S04"]).standing()
    assert [(e.rule.code, e.variant) for e in standing] == [("S04", "单篇采用")]


def test_adoption_input_is_checked(p: Personas, o: Info) -> None:
    county = published(p, o)
    with pytest.raises(DomainError, match="单篇采用只适用于全国政协"):
        adoption.adoption_record(
            opinion=county,
            by=o.county_info,
            level="city",
            kind="single",
            recipient="市政协",
            adopted_on=today(),
        )
    with pytest.raises(DomainError, match="采用日期不能晚于今天"):
        adoption.adoption_record(
            opinion=county,
            by=o.county_info,
            level="city",
            kind="adopted",
            recipient="市委办",
            adopted_on=today() + timedelta(days=1),
        )
    with pytest.raises(DomainError, match="请填写批示领导（不超过50个字）；请填写批示内容"):
        adoption.instruction_record(
            opinion=county, by=o.county_info, leader_name="", level="county", text="", given_on=today()
        )


def test_a_party_committee_adoption_is_recorded_from_its_answer(p: Personas, o: Info) -> None:
    county = published(p, o)
    report = reporting.report_send(
        opinion=county, by=o.county_info, target="party", target_name="中共甲县县委办公室"
    )
    reporting.report_decide(report=report, by=o.county_info, status="adopted", note="县委《要情》第5期")
    assert Report.objects.get(pk=report.pk).status == Report.Status.ADOPTED
    assert county.adoptions.filter(recipient="中共甲县县委办公室").exists()
    with pytest.raises(DomainError, match="已有反馈结果"):
        reporting.report_decide(report=report, by=o.county_info, status="not_used")


def test_the_parent_committees_status_cannot_be_set_by_hand(p: Personas, o: Info) -> None:
    county, _ = at_city(p, o)
    report = Report.objects.get(opinion=county)
    with pytest.raises(DomainError, match="自动反馈"):
        reporting.report_decide(report=report, by=o.county_info, status="adopted")


def test_instruction_on_a_draft_is_refused(p: Personas, o: Info) -> None:
    data = submission.Draft(title="草稿", body="正文")
    draft = submission.opinion_create(committee_id=p.county_a.pk, by=p.member_county, data=data, submit=False)
    with pytest.raises(DomainError, match="已编发或已报送"):
        adoption.instruction_record(
            opinion=draft, by=o.county_info, leader_name="县长", level="county", text="阅", given_on=today()
        )
    assert not Instruction.objects.exists()
