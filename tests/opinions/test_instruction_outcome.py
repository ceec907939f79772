"""A principal leader's instruction scores 1.5 times its level; the documented outcome of an
instruction earns its authors S06 once; the supervision item opened for an instruction feeds the
outcome back by itself when it is accepted as done."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.duty.services import rule_get, rule_update
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.opinions.models import Instruction, Opinion, UnitTally
from zhengxie.opinions.selectors import chain, unit_stats
from zhengxie.opinions.services import adoption
from zhengxie.org.roles import Role
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services

from .conftest import Info
from .helpers import published

today = timezone.localdate
REPORT = "县卫健局已出台乡村医生补贴办法，每人每月增加补助300元。"


def _unit_item(p: Personas, o: Info) -> Opinion:
    """A unit's item crediting 李淑芬: points go to her ledger and to the unit's tally."""
    return published(p, o, channel="unit", unit=o.unit, by=o.liaison, coauthors=[o.li])


def _instruct(o: Info, opinion: Opinion, **kw: Any) -> Instruction:
    values: dict[str, Any] = {
        "leader_name": "县委书记",
        "level": "county",
        "text": "请县卫健局研究落实。",
        "given_on": today(),
    }
    return adoption.instruction_record(opinion=opinion, by=o.county_info, **{**values, **kw})


def _s05(o: Info) -> PointEntry:
    return PointEntry.objects.standing().get(member=o.li, rule__code="S05")


def _s06(o: Info) -> list[PointEntry]:
    return list(PointEntry.objects.standing().filter(member=o.li, rule__code="S06"))


def test_a_principal_leaders_instruction_scores_half_as_much_again_for_author_and_unit(
    p: Personas, o: Info
) -> None:
    opinion = _unit_item(p, o)
    _instruct(o, opinion, level="city", leader_name="市长", is_principal=True)
    assert (_s05(o).variant, _s05(o).points) == ("市级主要领导", Decimal("12"))
    tally = UnitTally.objects.get(unit=o.unit, key__startswith="instruction:")
    assert (tally.variant, tally.points) == ("市级主要领导", Decimal("12"))


def test_new_points_for_a_rule_reach_the_units_ranking_as_they_reach_the_authors(
    p: Personas, o: Info, run_jobs: Any
) -> None:
    _instruct(o, _unit_item(p, o), level="city", leader_name="副市长")
    year = today().year

    def unit_points() -> Decimal:
        return next(t.points for t in unit_stats(p.county_a.pk, year) if t.key == o.unit.pk)

    before = unit_points()  # the instruction's 8 and the item's own adoption
    rule = rule_get(p.county_a.pk, year, "S05")
    with run_jobs():  # the members' entries are rescored by a job
        rule_update(rule=rule, by=o.county_info, variants={**rule.variants, "市级": "10"})
    assert _s05(o).points == Decimal("10") and unit_points() == before + 2
    # A variant the committee drops keeps the points it was recorded with, as the author's entry does.
    rule_update(rule=rule, by=o.county_info, variants={k: v for k, v in rule.variants.items() if k != "市级"})
    assert _s05(o).points == Decimal("10") and unit_points() == before + 2
    assert AuditEvent.objects.filter(action="opinions.tally.changed", data__rule="S05").count() == 1


def test_an_instruction_of_another_leader_scores_its_level(p: Personas, o: Info) -> None:
    _instruct(o, _unit_item(p, o), level="city", leader_name="副市长")
    assert (_s05(o).variant, _s05(o).points) == ("市级", Decimal("8"))


def test_the_principal_points_are_the_committees_own(p: Personas, o: Info) -> None:
    year = today().year
    rule = rule_get(p.county_a.pk, year, "S05")
    rule_update(rule=rule, by=o.county_info, variants={**rule.variants, "县级主要领导": "7"})
    opinion = published(p, o)
    _instruct(o, opinion, is_principal=True)
    assert _s05(o).points == Decimal("7")
    # A committee that drops the principal variants scores such an instruction by its level.
    rule_update(rule=rule, by=o.county_info, variants={"县级": "4", "市级": "8", "省级": "12", "中央": "25"})
    _instruct(o, opinion, is_principal=True, leader_name="县长")
    assert sorted(
        PointEntry.objects.standing().filter(member=o.li, rule__code="S05").values_list("variant", flat=True)
    ) == ["县级", "县级主要领导"]


def test_documented_feedback_earns_the_authors_two_points_once(
    p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    opinion = _unit_item(p, o)
    instruction = _instruct(o, opinion)
    assert _s06(o) == []
    with django_capture_on_commit_callbacks(execute=True):
        adoption.instruction_feedback(instruction=instruction, by=o.county_info, text=REPORT)
    adoption.instruction_feedback(instruction=instruction, by=o.county_info, text=REPORT + "已兑现。")
    assert [(e.points, e.source_id) for e in _s06(o)] == [(Decimal("2"), instruction.pk)]
    tally = UnitTally.objects.get(unit=o.unit, key=f"feedback:{instruction.pk}")
    assert (tally.code, tally.points) == ("S06", Decimal("2"))
    assert Notice.objects.filter(recipient=p.member_county, title__contains="落实情况反馈").count() == 1
    shown = chain(opinion).instructions[0]
    assert (shown.points, shown.feedback_points) == (Decimal("4"), Decimal("2"))  # type: ignore[attr-defined]


def test_only_the_information_centre_records_feedback(p: Personas, o: Info) -> None:
    instruction = _instruct(o, published(p, o))
    for outsider in (p.member_county, p.info_staff):  # the author; the city's centre
        with pytest.raises(NotAllowed):
            adoption.instruction_feedback(instruction=instruction, by=outsider, text=REPORT)
    assert Instruction.objects.get(pk=instruction.pk).feedback == "" and _s06(o) == []


def test_empty_feedback_is_refused_and_scores_nothing(p: Personas, o: Info) -> None:
    instruction = _instruct(o, published(p, o))
    with pytest.raises(DomainError, match="请填写落实情况"):
        adoption.instruction_feedback(instruction=instruction, by=o.county_info, text="  ")
    assert Instruction.objects.get(pk=instruction.pk).feedback_at is None and _s06(o) == []


# --- fed back by the supervision item --------------------------------------------------------


def _reported_complete(p: Personas, o: Info, instruction: Instruction) -> tuple[Item, User, User]:
    """The instruction's supervision item approved, issued, signed for and reported complete by
    the department; returns it with the county's supervision staff and the department's clerk."""
    staff = _user("county_supervision", "甲县督办干部", p.county_a, Role.SUPERVISION_STAFF)
    clerk = _user("health_clerk", "卫健局经办人", p.county_a, Role.UNIT_CLERK, unit=o.department)

    item_id = instruction.supervision_item_id
    assert item_id is not None

    def fresh() -> Item:
        return Item.objects.get(pk=item_id)

    item_services.item_approve(item=fresh(), by=o.county_leader)
    item_services.item_issue(item=fresh(), by=staff)
    item_services.item_sign(item=fresh(), by=clerk)
    item_services.item_report_completion(item=fresh(), by=clerk, text=REPORT)
    return fresh(), staff, clerk


def test_an_accepted_supervision_item_feeds_the_outcome_back(
    p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    opinion = published(p, o)
    instruction = _instruct(o, opinion, department=o.department)
    item, staff, clerk = _reported_complete(p, o, instruction)
    item_services.item_verify(item=item, by=staff, accept=False, note="请补充资金到位情况")
    assert Instruction.objects.get(pk=instruction.pk).feedback == "" and _s06(o) == []
    item_services.item_report_completion(item=Item.objects.get(pk=item.pk), by=clerk, text=REPORT)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_verify(item=Item.objects.get(pk=item.pk), by=staff, accept=True)
    instruction.refresh_from_db()
    assert instruction.feedback == REPORT and instruction.feedback_at is not None
    assert [e.points for e in _s06(o)] == [Decimal("2")]
    assert Notice.objects.filter(recipient=p.member_county, title__contains="落实情况反馈").exists()
    event = AuditEvent.objects.filter(action="opinions.instruction.feedback").get()
    assert event.data == {"instruction": instruction.pk, "supervision_item": item.pk}


def test_feedback_the_centre_recorded_is_kept_when_the_item_is_accepted(p: Personas, o: Info) -> None:
    instruction = _instruct(o, published(p, o), department=o.department)
    adoption.instruction_feedback(instruction=instruction, by=o.county_info, text="县政府常务会已研究通过。")
    item, staff, _ = _reported_complete(p, o, instruction)
    item_services.item_verify(item=item, by=staff, accept=True)
    assert Instruction.objects.get(pk=instruction.pk).feedback == "县政府常务会已研究通过。"
    assert len(_s06(o)) == 1
    assert AuditEvent.objects.filter(action="opinions.instruction.feedback").count() == 1
