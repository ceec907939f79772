"""The points ledger: idempotent recording, reversal, caps and deductions derived at read time,
rules per year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.duty.helpers import add_members
from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.duty import services
from zhengxie.duty.defaults import RULES
from zhengxie.duty.models import PointEntry, Rule, YearSettings
from zhengxie.duty.selectors import standings
from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import LongTask
from zhengxie.org.models import Sector

YEAR = date.today().year


def total(p: Personas, year: int = YEAR) -> Decimal:
    return standings(p.city.pk, year).by_member()[p.member_wang_record.pk].total


def test_a_new_committee_year_gets_the_default_table(p):
    rules = services.rules_for(p.city.pk, YEAR)
    codes = [r.code for r in rules]
    assert codes[:3] == ["M01", "M02", "M03"] and "B01" in codes and len(codes) == len(RULES)
    m01 = next(r for r in rules if r.code == "M01")
    assert (m01.points, m01.cap, m01.unit) == (Decimal("20"), Decimal("20"), "次")
    settings = YearSettings.objects.get(committee=p.city, year=YEAR)
    assert settings.full_score == 100 and settings.grade_bands[0] == {"label": "优秀", "min": 90}
    assert AuditEvent.objects.filter(action="duty.year.opened").count() == 1


def test_next_year_copies_this_years_rules_including_edits(p):
    rule = services.rule_get(p.city.pk, YEAR, "A01")
    services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("5"), cap=Decimal("25"))
    following = services.rule_get(p.city.pk, YEAR + 1, "A01")
    assert (following.points, following.cap) == (Decimal("5"), Decimal("25"))
    assert following.pk != rule.pk


def test_record_points_twice_for_the_same_source_records_once(p):
    sheet_like = p.unit  # any model instance can be the source
    first = services.record_points(member=p.member_wang_record, code="P01", source=sheet_like, by=None)
    second = services.record_points(member=p.member_wang_record, code="P01", source=sheet_like, by=None)
    assert first.pk == second.pk
    assert PointEntry.objects.filter(member=p.member_wang_record).count() == 1
    assert first.points == Decimal("10") and first.year == YEAR
    assert AuditEvent.objects.filter(action="duty.points.recorded").count() == 1


def test_a_reversal_nets_to_zero_is_audited_and_is_not_undone_by_a_retry(p):
    entry = services.record_points(member=p.member_wang_record, code="P01", source=p.unit, by=None)
    reversal = services.entry_reverse(entry=entry, by=p.activity_staff, reason="提案撤回")
    assert reversal.points == Decimal("-10") and reversal.reverses_id == entry.pk
    assert total(p) == 0
    assert AuditEvent.objects.filter(action="duty.points.reversed", actor=p.activity_staff).exists()
    # A retried job does not bring the reversed entry back ...
    services.record_points(member=p.member_wang_record, code="P01", source=p.unit, by=None)
    assert total(p) == 0
    # ... but an explicit re-recording does.
    again = services.record_points(
        member=p.member_wang_record, code="P01", source=p.unit, by=None, again=True
    )
    assert again.seq == 1 and total(p) == 10


def test_an_entry_cannot_be_reversed_twice_or_without_a_reason(p):
    entry = services.record_points(member=p.member_wang_record, code="A01", source=p.unit, by=None)
    with pytest.raises(DomainError, match="冲正原因"):
        services.entry_reverse(entry=entry, by=p.activity_staff, reason=" ")
    reversal = services.entry_reverse(entry=entry, by=p.activity_staff, reason="重复登记")
    with pytest.raises(DomainError, match="已冲正"):
        services.entry_reverse(entry=entry, by=p.activity_staff, reason="again")
    with pytest.raises(DomainError, match="冲正记录不能再次冲正"):
        services.entry_reverse(entry=reversal, by=p.activity_staff, reason="again")


def test_the_ledger_refuses_updates_and_deletes(p):
    services.record_points(member=p.member_wang_record, code="A01", source=p.unit, by=None)
    with pytest.raises(TypeError):
        PointEntry.objects.all().update(points=99)
    with pytest.raises(TypeError):
        PointEntry.objects.all().delete()


def test_caps_apply_when_totals_are_derived_and_deductions_are_not_capped(p):
    sectors = [Sector.objects.create(committee=p.city, name=f"界别{i}") for i in range(7)]
    for s in sectors:  # seven inspections at 4 points, cap 20
        services.record_points(member=p.member_wang_record, code="A01", source=s, by=None)
    row = standings(p.city.pk, YEAR).by_member()[p.member_wang_record.pk]
    assert row.total == 20 and row.counts["A01"] == 7
    assert PointEntry.objects.filter(member=p.member_wang_record).count() == 7  # all kept in the ledger
    for s in sectors[:2]:  # two unexcused plenary absences: -20 each, no cap
        services.record_points(member=p.member_wang_record, code="D01", source=s, by=None)
    row = standings(p.city.pk, YEAR).by_member()[p.member_wang_record.pk]
    assert row.total == -20 and row.score == 0 and row.grade == "不称职"
    assert row.by_category == {"activity": Decimal("20"), "deduction": Decimal("-40")}


def test_a_correction_below_the_cap_needs_no_recomputation(p):
    sectors = [Sector.objects.create(committee=p.city, name=f"界别{i}") for i in range(6)]
    entries = [
        services.record_points(member=p.member_wang_record, code="A01", source=s, by=None) for s in sectors
    ]
    assert total(p) == 20  # 24 capped at 20
    services.entry_reverse(entry=entries[0], by=p.activity_staff, reason="未全程参加")
    assert total(p) == 20  # 20 still reaches the cap
    services.entry_reverse(entry=entries[1], by=p.activity_staff, reason="未全程参加")
    assert total(p) == 16


def test_shares_variants_and_coauthor_splits(p):
    member = p.member_wang_record
    collective = services.record_points(member=member, code="P03", source=p.unit, by=None, coauthors=3)
    assert collective.points == Decimal("2.67")  # 8 split equally among three
    full = services.record_points(member=member, code="P02", source=p.unit, by=None, coauthors=3)
    assert full.points == Decimal("3")  # each co-signer gets the full value
    province = services.record_points(member=member, code="S03", source=p.unit, by=None, variant="省级")
    assert province.points == Decimal("12")
    with pytest.raises(DomainError, match="没有“国家级”这一档"):
        services.record_points(member=member, code="S03", source=p.sector, by=None, variant="国家级")
    with pytest.raises(DomainError, match="没有代码为“X99”"):
        services.record_points(member=member, code="X99", source=p.unit, by=None)


def test_editing_this_years_rules_leaves_last_years_totals_alone(p):
    last = YEAR - 1
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None, year=last)
    assert total(p, last) == 20
    rule = services.rule_get(p.city.pk, YEAR, "M01")
    services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("30"), cap=Decimal("10"))
    assert total(p, last) == 20
    assert Rule.objects.get(committee=p.city, year=last, code="M01").points == 20
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None)
    assert total(p) == 10  # this year: 30 points, capped at the new 10


def test_new_points_rescore_this_years_entries_by_reversal_and_leave_last_year(p, run_jobs):
    member = p.member_wang_record
    last_year = services.record_points(member=member, code="P01", source=p.unit, by=None, year=YEAR - 1)
    whole = services.record_points(member=member, code="P01", source=p.unit, by=None)
    half = services.record_points(member=member, code="P01", source=p.sector, by=None, share=Decimal("0.5"))
    level = services.record_points(member=member, code="S05", source=p.unit, by=None, variant="市级")
    rule = services.rule_get(p.city.pk, YEAR, "P01")
    with run_jobs():
        rule = services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("12"))
    rule.rescoring.refresh_from_db()
    assert rule.rescoring.message == "已按新分值重新计算2条积分"
    standing = PointEntry.objects.filter(member=member, rule=rule).standing()
    assert sorted(standing.values_list("points", flat=True)) == [Decimal("6"), Decimal("12")]
    # Append-only: the old entries stand reversed, the new ones follow them in the same series.
    assert {e.reverses_id for e in PointEntry.objects.filter(reverses__isnull=False)} == {whole.pk, half.pk}
    assert standing.get(source_type=whole.source_type, source_id=p.unit.pk).seq == whole.seq + 1
    assert AuditEvent.objects.filter(action="duty.points.rescored", actor=p.activity_staff).count() == 2
    assert PointEntry.objects.get(pk=last_year.pk).points == 10  # last year's rule did not change
    # A retried job finds the rescored entry and records nothing new.
    again = services.record_points(member=member, code="P01", source=p.unit, by=None)
    assert again.points == 12 and standing.count() == 2

    # A variant's new points rescore the entries of that variant only.
    s05 = services.rule_get(p.city.pk, YEAR, "S05")
    with run_jobs():
        services.rule_update(rule=s05, by=p.activity_staff, variants={**s05.variants, "市级": "10"})
    assert PointEntry.objects.filter(rule=s05).standing().get().points == 10
    assert PointEntry.objects.get(pk=level.pk).reversed_by is not None
    # A change that leaves the points alone rescores nothing.
    assert services.rule_update(rule=rule, by=p.activity_staff, title="提交提案并立案").rescoring is None


def test_rescoring_in_batches_rescores_each_entry_once(p, monkeypatch, run_jobs):
    monkeypatch.setattr(services, "RESCORE_BATCH", 2)
    members = [p.member_wang_record, *add_members(p, 4)]
    for member in members:
        services.record_points(member=member, code="A01", source=p.unit, by=None)
    rule = services.rule_get(p.city.pk, YEAR, "A01")
    with run_jobs():
        rescoring = services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("6")).rescoring
    rescoring.refresh_from_db()
    assert (rescoring.state, rescoring.done, rescoring.total) == ("done", 5, 5)
    standing = PointEntry.objects.filter(rule=rule).standing()
    assert sorted(standing.values_list("points", flat=True)) == [Decimal("6")] * 5
    assert PointEntry.objects.filter(rule=rule).count() == 15  # 5 originals, 5 reversals, 5 new


def test_a_rescoring_run_again_after_a_crash_rescores_each_entry_once(
    p, monkeypatch, django_capture_on_commit_callbacks
):
    from zhengxie.lib import longwork

    monkeypatch.setattr(services, "RESCORE_BATCH", 2)
    for member in [p.member_wang_record, *add_members(p, 4)]:
        services.record_points(member=member, code="A01", source=p.unit, by=None)
    rule = services.rule_get(p.city.pk, YEAR, "A01")
    rescoring = services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("6")).rescoring
    assert (
        sorted(PointEntry.objects.filter(rule=rule).standing().values_list("points", flat=True))
        == [Decimal("4")] * 5
    )  # the request only saved the rule and queued the rescoring

    class Killed(BaseException):
        pass

    real_advance = longwork.Progress.advance

    def killed(self, count=1):
        real_advance(self, count)
        raise Killed

    monkeypatch.setattr(longwork.Progress, "advance", killed)
    with pytest.raises(Killed):
        longwork.run_long_task.call(rescoring.pk)
    monkeypatch.setattr(longwork.Progress, "advance", real_advance)
    assert longwork.run_long_task.call(rescoring.pk) == "done"
    standing = PointEntry.objects.filter(rule=rule).standing()
    assert sorted(standing.values_list("points", flat=True)) == [Decimal("6")] * 5
    assert AuditEvent.objects.filter(action="duty.points.rescored").count() == 5


def test_points_cannot_change_again_while_the_rescoring_runs(p):
    services.record_points(member=p.member_wang_record, code="A01", source=p.unit, by=None)
    rule = services.rule_get(p.city.pk, YEAR, "A01")
    services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("5"))
    with pytest.raises(DomainError, match="重新计分尚未完成"):
        services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("7"))
    assert Rule.objects.get(pk=rule.pk).points == 5
    services.rule_update(rule=rule, by=p.activity_staff, title="参加培训")  # other fields may change


def test_rescoring_on_the_rule_page_shows_its_progress_and_result(client, p, run_jobs):
    services.record_points(member=p.member_wang_record, code="A01", source=p.unit, by=None)
    rule = services.rule_get(p.city.pk, YEAR, "A01")
    client.force_login(p.activity_staff)
    form = client.get(reverse("duty:rule_edit", args=[rule.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and v is not False}
    data["points"] = "5"
    with run_jobs():
        response = client.post(reverse("duty:rule_edit", args=[rule.pk]), data)
    page = client.get(response["Location"]).content.decode()
    assert "本年度已记入的积分正在按新分值重新计算" in page
    assert "已按新分值重新计算1条积分" in page and "按新分值重新计分：A01" in page
    assert total(p) == 5
    client.force_login(p.proposal_staff)  # another user does not see the task
    task_id = LongTask.objects.get().pk
    assert client.get(reverse("lib:longwork", args=[task_id])).status_code == 404


def test_past_years_rules_are_read_only(p):
    rule = services.rule_get(p.city.pk, YEAR - 1, "M01")
    with pytest.raises(DomainError, match="已归档"):
        services.rule_update(rule=rule, by=p.activity_staff, points=Decimal("1"))
    assert Rule.objects.get(pk=rule.pk).points == 20


def test_ranks_grades_and_minimums(p):
    from tests.duty.helpers import add_members

    others = add_members(p, 3)
    services.record_points(member=others[0], code="M01", source=p.unit, by=None)
    services.record_points(member=others[1], code="M01", source=p.unit, by=None)
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None)
    services.record_points(member=p.member_wang_record, code="P01", source=p.unit, by=None)
    result = standings(p.city.pk, YEAR)
    rows = result.by_member()
    wang = rows[p.member_wang_record.pk]
    assert (wang.rank, wang.sector_rank, wang.special_rank) == (1, 1, 1)
    assert rows[others[0].pk].rank == rows[others[1].pk].rank == 2 and rows[others[2].pk].rank == 4
    assert rows[others[2].pk].special_rank is None  # not on a special committee
    assert wang.score == Decimal("30.0") and wang.grade == "不称职"
    assert [m.label for m in wang.short] == [
        "至少参加1次视察、调研或协商活动",
        "全年参加各类履职活动不少于3次",
        "反映一条社情民意信息",
        "至少1次会议发言或书面发言",
        "提一条合理化建议",
        "交一批朋友",
        "办一件实事",
    ]
    assert not rows[others[2].pk].active and wang.active
    assert dict(result.grade_counts())["不称职"] == 4


def test_another_app_reverses_everything_its_source_earned(p):
    from tests.duty.helpers import add_members

    co_author = add_members(p, 1)[0]
    services.record_points(member=p.member_wang_record, code="P01", source=p.unit, by=None)
    services.record_points(member=co_author, code="P02", source=p.unit, by=None)
    services.record_points(member=co_author, code="A01", source=p.sector, by=None)
    assert services.entries_reverse_for_source(source=p.unit, by=p.proposal_staff, reason="撤案") == 2
    totals = {pk: row.total for pk, row in standings(p.city.pk, YEAR).by_member().items()}
    assert totals == {p.member_wang_record.pk: 0, co_author.pk: 4}
    assert services.entries_reverse_for_source(source=p.unit, by=p.proposal_staff, reason="撤案") == 0
