"""我的履职 and the staff pages: what each role sees, exports, rules and settings editing, the
member ledger with reversal, and query counts that do not grow with the rows."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.duty.helpers import add_members
from tests.querycount import queries
from zhengxie.duty import services
from zhengxie.duty.models import PointEntry, Rule, YearSettings
from zhengxie.org.models import Sector

YEAR = date.today().year
MY = reverse("duty:my_record")
STAFF_PAGES = [
    "duty:review_queue",
    "duty:sheet_list",
    "duty:rule_list",
    "duty:settings",
    "duty:rankings",
    "duty:minimums",
    "duty:standing_reports",
]


def _score(p, member=None, codes=("M01", "P01", "A01")):
    member = member or p.member_wang_record
    for code in codes:
        services.record_points(member=member, code=code, source=p.unit, by=None)


def test_member_sees_points_by_category_minimums_and_entries(client, p):
    _score(p)
    client.force_login(p.member_wang)
    page = client.get(MY).content.decode()
    assert "我的履职" in page and 'data-testid="total">34<' in page
    assert "会议" in page and "提案" in page and "出席全体会议" in page
    assert "全年参加各类履职活动不少于3次" in page
    assert "界别内名次" not in page  # ranks not published by default


def test_ranks_show_when_the_committee_publishes_them(client, p):
    _score(p)
    _score(p, add_members(p, 1, special=p.special)[0], codes=("M01", "P01", "A01", "A02"))
    YearSettings.objects.filter(committee=p.city, year=YEAR).update(publish_ranks=True)
    client.force_login(p.member_wang)
    page = client.get(MY).content.decode()
    assert "经济界界别内名次" in page and "经济委员会内名次" in page
    assert client.get(MY).context["row"].sector_rank == 2


def test_last_years_record_is_one_click_away(client, p):
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None, year=YEAR - 1)
    client.force_login(p.member_wang)
    response = client.get(MY, {"year": YEAR - 1})
    assert response.context["row"].total == 20 and YEAR - 1 in response.context["years"]
    assert client.get(MY, {"year": "abc"}).context["year"] == YEAR


@pytest.mark.parametrize(
    "persona", ["proposal_staff", "sysadmin", "auditadmin", "unit_clerk", "member_county"]
)
def test_my_record_needs_membership_of_the_current_committee(client, p, persona):
    client.force_login(getattr(p, persona))
    if persona == "member_county":
        assert client.get(MY).status_code == 200  # his own county record
        return
    assert client.get(MY).status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("persona", ["member_wang", "proposal_staff", "county_b_staff", "sysadmin"])
def test_staff_pages_are_404_for_other_roles(client, p, name, persona):
    client.force_login(getattr(p, persona))
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_leader_reads_every_staff_page(client, p, name):
    client.force_login(p.leader)
    assert client.get(reverse(name)).status_code == 200


def test_rankings_filter_by_sector_and_party_with_distributions_and_inactive(client, p):
    teachers = Sector.objects.create(committee=p.city, name="教育界")
    busy, _idle = add_members(p, 2, sector=teachers, prefix="教师")
    _score(p)
    _score(p, busy, codes=("M01",))
    client.force_login(p.activity_staff)
    page = client.get(reverse("duty:rankings")).content.decode()
    assert "不称职 3人" in page and "教师1" in page.split('data-testid="inactive"')[1]
    response = client.get(reverse("duty:rankings"), {"sector": teachers.pk})
    assert [r.name for r in response.context["rows"]] == ["教师0", "教师1"]
    response = client.get(reverse("duty:rankings"), {"party": "民建会员"})
    assert [r.name for r in response.context["rows"]] == ["王建国"]
    assert client.get(reverse("duty:rankings"), {"sector": "x"}).status_code == 200


def test_rankings_export_runs_as_a_job_and_opens_in_excel(client, p, run_jobs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _score(p)
    client.force_login(p.leader)
    with run_jobs():
        started = client.post(reverse("duty:rankings_export") + f"?year={YEAR}")
    page = client.get(started["Location"])
    long_task = page.context["long_task"]
    assert long_task.state == "done" and "导出" in page.content.decode()
    download = reverse("lib:longwork_download", args=[long_task.pk])
    assert download in page.content.decode()
    response = client.get(download)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["积分排名", "按界别", "按专委会", "按政治面貌", "等次分布"]
    rows = list(book["积分排名"].iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "姓名", "界别") and rows[1][1] == "王建国" and rows[1][6] == 34
    client.force_login(p.activity_staff)  # another reader of the rankings: not his download
    assert client.get(download).status_code == 404


def test_a_filtered_rankings_export_holds_the_filtered_rows(client, p, run_jobs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _score(p)
    client.force_login(p.leader)
    with run_jobs():
        client.post(reverse("duty:rankings_export") + f"?year={YEAR}&q=没有此人")
    long_task = client.get(reverse("duty:rankings")).context["long_task"]
    assert long_task.message == "已生成，共0名委员"
    assert client.get(reverse("duty:rankings_export")).status_code == 405


def test_the_annual_report_is_a_word_document_with_the_members_name_and_totals(client, p):
    _score(p)
    client.force_login(p.member_wang)
    response = client.get(reverse("duty:my_annual_report"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(par.text for par in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert f"王建国委员{YEAR}年度履职报告" in text
    assert "履职积分合计34分" in text and "会议" in cells and "20" in cells
    assert any("出席全体会议" in c for c in cells)
    client.force_login(p.activity_staff)
    staff = client.get(reverse("duty:member_annual_report", args=[p.member_wang_record.pk]))
    assert staff.status_code == 200
    client.force_login(p.county_b_staff)
    assert client.get(reverse("duty:member_annual_report", args=[p.member_wang_record.pk])).status_code == 404


def test_staff_reverse_an_entry_from_the_ledger_and_score_by_hand(client, p):
    _score(p, codes=("A01",))
    entry = PointEntry.objects.get()
    client.force_login(p.activity_staff)
    client.post(reverse("duty:entry_reverse", args=[entry.pk]), {"reason": "未全程参加"})
    assert PointEntry.objects.get(reverses=entry).points == -4
    url = reverse("duty:member_award", args=[p.member_wang_record.pk]) + f"?year={YEAR}"
    client.post(url, {"code": "B01", "variant": "省级", "quantity": "1", "note": "省级优秀政协委员"})
    page = client.get(reverse("duty:member_ledger", args=[p.member_wang_record.pk])).content.decode()
    assert "冲正：未全程参加" in page and "已冲正" in page and "省级优秀政协委员" in page
    assert client.get(reverse("duty:member_ledger", args=[p.member_wang_record.pk])).context["row"].total == 8
    page = client.post(
        reverse("duty:entry_reverse", args=[entry.pk]), {"reason": "again"}, follow=True
    ).content.decode()
    assert "该记录已冲正" in page


def test_a_leader_cannot_reverse_or_award(client, p):
    _score(p, codes=("A01",))
    entry = PointEntry.objects.get()
    client.force_login(p.leader)
    assert client.post(reverse("duty:entry_reverse", args=[entry.pk]), {"reason": "x"}).status_code == 404
    url = reverse("duty:member_award", args=[p.member_wang_record.pk])
    assert client.post(url, {"code": "B01", "quantity": "1", "note": "x"}).status_code == 404
    assert PointEntry.objects.count() == 1


def test_staff_edit_this_years_rule_and_settings_but_not_last_years(client, p):
    client.force_login(p.activity_staff)
    rule = services.rule_get(p.city.pk, YEAR, "C01")
    data = {
        "title": rule.title,
        "category": "contact",
        "points": "3",
        "unit": "次",
        "cap": "15",
        "split": "full",
        "variants": "",
        "needs_evidence": "on",
        "reportable": "on",
        "is_active": "on",
    }
    assert client.post(reverse("duty:rule_edit", args=[rule.pk]), data).status_code == 302
    assert Rule.objects.get(pk=rule.pk).points == 3
    old = services.rule_get(p.city.pk, YEAR - 1, "C01")
    response = client.post(reverse("duty:rule_edit", args=[old.pk]), data)
    assert response.status_code == 400 and "已归档" in response.content.decode()
    assert (
        client.post(reverse("duty:rule_edit", args=[rule.pk]), {**data, "variants": "省级"}).status_code
        == 400
    )
    settings = {
        "full_score": "120",
        "grade_bands": "优秀=85\n称职=60\n不称职=0",
        "minimums": "出席全体会议 | M01 | 1\n常委报告 | R01 | 1 | 常委",
        "publish_ranks": "on",
        "plenary_absences_per_term": "2",
        "standing_absences_per_year": "3",
        "standing_absences_per_term": "7",
        "standing_report_due": f"{YEAR}-12-20",
        "reminder_days": "10",
    }
    assert client.post(reverse("duty:settings"), settings).status_code == 302
    saved = YearSettings.objects.get(committee=p.city, year=YEAR)
    assert saved.full_score == Decimal("120") and saved.grade_bands[0] == {"label": "优秀", "min": 85.0}
    assert saved.minimums[1] == {"label": "常委报告", "codes": ["R01"], "count": 1, "standing_only": True}
    bad = client.post(reverse("duty:settings"), {**settings, "minimums": "x | Z99 | 1"})
    assert bad.status_code == 400 and "代码不存在：Z99" in bad.content.decode()


def test_staff_add_a_rule_for_next_year(client, p):
    client.force_login(p.activity_staff)
    data = {
        "code": "x01",
        "title": "参加委员讲堂",
        "category": "study",
        "points": "2",
        "unit": "次",
        "cap": "8",
        "split": "full",
        "reportable": "on",
        "is_active": "on",
    }
    url = reverse("duty:rule_create") + f"?year={YEAR + 1}"
    assert client.post(url, data).status_code == 302
    assert Rule.objects.filter(committee=p.city, year=YEAR + 1, code="X01").exists()
    assert client.post(url, data).status_code == 400  # the code is taken


def _entries(p, n, offset=0):
    members = add_members(p, n, prefix=f"批{offset}")
    sectors = [Sector.objects.create(committee=p.city, name=f"界别{offset}-{i}") for i in range(n)]
    for member, sector in zip(members, sectors, strict=True):
        services.record_points(member=member, code="M01", source=sector, by=None)
        services.record_points(member=p.member_wang_record, code="A01", source=sector, by=None)


def test_list_and_detail_pages_query_counts_do_not_grow(client, p):
    _entries(p, 2)
    client.force_login(p.activity_staff)
    staff_urls = [reverse(n) for n in STAFF_PAGES] + [
        reverse("duty:member_ledger", args=[p.member_wang_record.pk]),
    ]
    small = {url: queries(client, url) for url in staff_urls}
    client.force_login(p.member_wang)
    small_mine = queries(client, MY)
    _entries(p, 48, offset=1)
    client.force_login(p.activity_staff)
    assert {url: queries(client, url) for url in staff_urls} == small
    client.force_login(p.member_wang)
    assert queries(client, MY) == small_mine
