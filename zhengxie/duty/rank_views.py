"""Rankings, distributions and the Excel export; the minimum-duty list with absence flags and
interviews. All derived from the ledger by selectors.standings (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.longwork import Outcome, Progress, latest_for, start
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import workbook_bytes
from zhengxie.org.models import Member
from zhengxie.org.scope import get_for_user, has_role

from . import services
from .forms import InterviewForm, RankFilterForm
from .models import Interview
from .roles import DUTY_READERS, DUTY_STAFF
from .selectors import MemberStanding, Standings, absence_flags, standings
from .views import require, with_year, year_param

PAGE = 50
LIST_CAP = 200


def _filtered(result: Standings, form: RankFilterForm) -> list[MemberStanding]:
    rows = result.rows
    if form.is_valid():
        data = form.cleaned_data
        if data["sector"]:
            rows = [r for r in rows if r.sector_id == data["sector"].pk]
        if data["special"]:
            rows = [r for r in rows if r.special_id == data["special"].pk]
        if data["party"]:
            rows = [r for r in rows if r.affiliation == data["party"]]
        if data["grade"]:
            rows = [r for r in rows if r.grade == data["grade"]]
        if data["q"]:
            rows = [r for r in rows if data["q"] in r.name]
    return rows


def _page(request: HttpRequest, rows: list[Any], size: int = PAGE) -> tuple[list[Any], int, int]:
    """A page of an already-computed list (no database OFFSET involved)."""
    raw = request.GET.get("page", "1")
    pages = max(1, (len(rows) + size - 1) // size)
    number = min(max(int(raw), 1), pages) if raw.isdigit() else 1
    return rows[(number - 1) * size : number * size], number, pages


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    result = standings(committee_id, year, replica=True)
    form = RankFilterForm(request.GET or None, committee_id=committee_id)
    rows = _filtered(result, form)
    shown, number, pages = _page(request, rows)
    query = request.GET.copy()
    query.pop("page", None)
    inactive = [r for r in result.rows if not r.active]
    context = {
        "form": form,
        "year": year,
        "years": range(services.this_year(), services.this_year() - 10, -1),
        "result": result,
        "rows": shown,
        "matched": len(rows),
        "number": number,
        "pages": pages,
        "query": query.urlencode(),
        "grades": result.grade_counts(),
        "by_sector": result.groups("sector"),
        "by_special": result.groups("special"),
        "by_party": result.groups("affiliation"),
        "inactive": inactive[:LIST_CAP],
        "inactive_count": len(inactive),
        "long_task": latest_for(request.user, rankings_job, committee_id),
    }
    return render(request, "duty/rankings.html", context)


@login_required
@require_POST
def rankings_export(request: HttpRequest) -> HttpResponse:
    """Start the ranking workbook (with the page's filters) as a long task; the page shows it."""
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    filters = {k: v for k, v in request.GET.items() if k in RankFilterForm.base_fields}
    start(
        runner=rankings_job,
        label=f"导出{year}年度委员履职积分",
        owner=request.user,
        committee_id=committee_id,
        params={"year": year, "filters": filters},
        total=3,
    )
    messages.success(request, "正在生成Excel，完成后可在本页下载")
    query = request.GET.copy()
    query.pop("format", None)
    return redirect(f"{reverse('duty:rankings')}?{query.urlencode()}")


def rankings_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task behind 导出 Excel: the standings, filtered as the page was, as a workbook."""
    year = long_task.params["year"]
    assert long_task.committee_id is not None
    result = standings(long_task.committee_id, year)
    progress.advance()
    form = RankFilterForm(long_task.params["filters"] or None, committee_id=long_task.committee_id)
    rows = _filtered(result, form)
    progress.advance()
    content = _export(result, rows, year)
    progress.advance()
    return Outcome(message=f"已生成，共{len(rows)}名委员", file=(f"{year}年度委员履职积分.xlsx", content))


def _export(result: Standings, rows: list[MemberStanding], year: int) -> bytes:
    categories = [(code, label) for code, label in _category_columns(result)]
    header = ["名次", "姓名", "界别", "专委会", "政治面貌", "常委", "原始总分", "百分制得分", "等次"]
    header += [label for _, label in categories] + ["界别内名次", "未达到的基本要求"]
    data = [
        [
            r.rank,
            r.name,
            r.sector,
            r.special,
            r.affiliation,
            "是" if r.is_standing else "",
            float(r.total),
            float(r.score),
            r.grade,
            *[float(r.by_category.get(code, 0)) for code, _ in categories],
            r.sector_rank,
            "；".join(m.label for m in r.short),
        ]
        for r in rows
    ]
    group_header = ["名称", "人数", "平均分", "最高分", "无履职记录人数"]

    def groups(key: str) -> list[list[Any]]:
        return [
            [g["name"], g["count"], float(g["average"]), float(g["best"]), g["inactive"]]
            for g in result.groups(key)
        ]

    return workbook_bytes(
        [
            ("积分排名", header, data),
            ("按界别", group_header, groups("sector")),
            ("按专委会", group_header, groups("special")),
            ("按政治面貌", group_header, groups("affiliation")),
            ("等次分布", ["等次", "人数"], [list(g) for g in result.grade_counts()]),
        ],
    )


def _category_columns(result: Standings) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for rule in result.rules:
        seen.setdefault(rule.category, rule.get_category_display())
    return list(seen.items())


@login_required
def minimums(request: HttpRequest) -> HttpResponse:
    """Members short of the year's minimum duties or over an absence threshold, for 约谈."""
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    result = standings(committee_id, year, replica=True)
    flags = absence_flags(committee_id, year, result.settings)
    interviews = {i.member_id: i for i in Interview.objects.filter(committee_id=committee_id, year=year)}
    rows = []
    for r in sorted(result.rows, key=lambda r: (r.total, r.member_id)):
        if r.short or r.member_id in flags:
            rows.append(
                {"row": r, "flags": flags.get(r.member_id, []), "interview": interviews.get(r.member_id)}
            )
    if request.GET.get("open") == "1":
        rows = [x for x in rows if x["interview"] is None]
    shown, number, pages = _page(request, rows)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "year": year,
        "rows": shown,
        "matched": len(rows),
        "number": number,
        "pages": pages,
        "query": query.urlencode(),
        "settings": result.settings,
        "can_edit": has_role(request.user, committee_id, *DUTY_STAFF),
        "form": InterviewForm(),
    }
    return render(request, "duty/minimums.html", context)


@login_required
@require_POST
def interview_record(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_for_user(Member.objects.all(), request.user, pk, roles=DUTY_STAFF)
    year = year_param(request)
    form = InterviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写约谈日期和约谈情况")
    else:
        try:
            services.interview_record(member=member, year=year, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记录约谈")
    return redirect(with_year("duty:minimums", year))
