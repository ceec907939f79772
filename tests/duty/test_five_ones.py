"""The minimum duties in full (五个一): every kind the committee counts is an item, fed by the
records other modules keep or reported by the member and confirmed by staff; the member's home
page shows how many items are still missing."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from zhengxie.duty import services, services_reports
from zhengxie.duty.models import Rule, YearSettings
from zhengxie.duty.selectors import member_minimums
from zhengxie.duty.workbench import pending_items
from zhengxie.lib.errors import DomainError

YEAR = date.today().year
LABEL = "本年度尚未达到的基本履职要求"


def _missing(p):
    return {m.label for m in member_minimums(p.member_wang_record, YEAR) if not m.met}


def test_the_default_minimums_cover_every_kind_the_committee_counts(p):
    services.year_open(committee_id=p.city.pk, year=YEAR)
    labels = [m["label"] for m in YearSettings.objects.get(committee=p.city, year=YEAR).minimums]
    for label in (
        "撰写一份提案",
        "反映一条社情民意信息",
        "至少1次会议发言或书面发言",
        "提一条合理化建议",
        "交一批朋友",
        "办一件实事",
    ):
        assert label in labels
    reportable = set(
        Rule.objects.filter(committee=p.city, year=YEAR, reportable=True).values_list("code", flat=True)
    )
    assert {"C04", "C05", "C02"} <= reportable


def test_records_feed_items_and_reported_ones_count_after_staff_confirm(p):
    services.record_points(member=p.member_wang_record, code="S01", source=p.unit, by=None)
    services.record_points(member=p.member_wang_record, code="M06", source=p.sector, by=None)
    missing = _missing(p)
    assert "反映一条社情民意信息" not in missing and "至少1次会议发言或书面发言" not in missing
    assert "交一批朋友" in missing
    report = services_reports.report_submit(
        member=p.member_wang_record, by=p.member_wang, code="C04", title="走访界别群众",
        happened_on=date(YEAR, 1, 2), description="结识企业职工3人",
    )  # fmt: skip
    assert "交一批朋友" in _missing(p)  # reported, not yet confirmed
    services_reports.report_approve(report=report, by=p.activity_staff, roles={"activity_staff"})
    assert "交一批朋友" not in _missing(p)


def test_the_members_home_page_counts_what_is_missing_and_my_record_offers_reporting(client, p):
    services.year_open(committee_id=p.city.pk, year=YEAR)
    items = {i.label: i for i in pending_items(p.member_wang, p.city.pk)}
    total = len(YearSettings.objects.get(committee=p.city, year=YEAR).minimums) - 1  # not a 常委
    assert items[LABEL].count == total and items[LABEL].url == reverse("duty:my_record") + "#minimums"
    client.force_login(p.member_wang)
    page = client.get(reverse("duty:my_record")).content.decode()
    assert "交一批朋友" in page and 'data-testid="report-minimum"' in page
    # Staff see the same list on the member's ledger without a link to report for him.
    client.force_login(p.activity_staff)
    ledger = client.get(reverse("duty:member_ledger", args=[p.member_wang_record.pk])).content.decode()
    assert "交一批朋友" in ledger and "report-minimum" not in ledger


def test_staff_have_no_minimums_line(p):
    services.year_open(committee_id=p.city.pk, year=YEAR)
    assert LABEL not in {i.label for i in pending_items(p.activity_staff, p.city.pk)}


def test_a_friend_made_cannot_be_reported_for_a_future_day(p):
    services.year_open(committee_id=p.city.pk, year=YEAR)
    try:
        services_reports.report_submit(
            member=p.member_wang_record, by=p.member_wang, code="C04", title="交友",
            happened_on=date(YEAR + 1, 12, 31), description="x",
        )  # fmt: skip
    except DomainError as exc:
        assert exc.message
    else:  # pragma: no cover
        raise AssertionError("a future day was accepted")


def test_home_line_costs_a_fixed_number_of_queries(p, django_assert_max_num_queries):
    services.year_open(committee_id=p.city.pk, year=YEAR)
    for code in ("S01", "P01", "M01", "A01"):
        services.record_points(member=p.member_wang_record, code=code, source=p.unit, by=None)
    with django_assert_max_num_queries(12):
        pending_items(p.member_wang, p.city.pk)
