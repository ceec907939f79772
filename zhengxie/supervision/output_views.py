"""The supervision office's outputs and settings: bulk registration from Excel, quarterly
bulletins (Word and Excel), special reports on one item, sources and warning thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.longwork import latest_for
from zhengxie.lib.xlsx import ImportResult, Percent, problems_response, run_import, workbook_response
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from . import config, documents, imports, selectors
from .forms import BulletinForm, PolicyForm, SourceForm, SpecialReportForm, UploadForm
from .import_jobs import LABELS, import_job, start_import
from .models import Bulletin, ItemSource, SpecialReport
from .permissions import get_item_for_user
from .services import outputs
from .views import require_office

IMPORT_KEY = "zx_supervision_import_report"


@login_required
def import_items(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    form = UploadForm(request.POST or None, request.FILES or None)
    checked: list[list[dict[str, str]]] = []

    def check(rows: list[dict[str, str]]) -> ImportResult:
        checked.append(rows)
        return imports.import_items(committee_id=committee_id, by=request.user, rows=rows, write=False)

    result, problems = run_import(
        request, form, columns=imports.COLUMNS, importer=check, session_key=IMPORT_KEY
    )
    if result is not None:
        # Every row is good: the worker writes them all in one transaction.
        start_import(kind="items", rows=checked[0], by=request.user, committee_id=committee_id)
        messages.success(request, f"已开始登记 {len(checked[0])} 个督办事项，进度见下方")
        return redirect("supervision:import")
    long_task = latest_for(request.user, import_job, committee_id, label=LABELS["items"])
    context = {"form": form, "problems": problems, "long_task": long_task}
    status = 400 if form.errors or problems else 200
    return render(request, "supervision/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    choices = [
        ("来源", [s.name for s in config.sources_for(committee_id)]),
        (
            "牵头单位",
            list(
                HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
                .order_by("name")
                .values_list("name", flat=True)[:2000]
            ),
        ),
        ("报告周期", [label for label in imports.CYCLES if label]),
    ]
    return workbook_response(
        "督办事项导入模板.xlsx", [("督办事项", imports.COLUMNS, [imports.EXAMPLE])], choices=choices
    )


@login_required
def import_problems(request: HttpRequest) -> HttpResponse:
    require_office(request, Role.SUPERVISION_STAFF)
    return problems_response(request.session.get(IMPORT_KEY) or [])


# --- bulletins ---------------------------------------------------------------------------------


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    context = {
        "bulletins": Bulletin.objects.filter(committee_id=committee_id)[:40],
        "special_reports": SpecialReport.objects.filter(committee_id=committee_id).select_related("item")[
            :40
        ],
        "form": BulletinForm(initial=_current_quarter()),
        "is_staff": Role.SUPERVISION_STAFF in _roles(request, committee_id),
    }
    return render(request, "supervision/bulletin_list.html", context)


def _roles(request: HttpRequest, committee_id: int) -> set[str]:
    return roles_in(request.user, committee_id)


def _current_quarter() -> dict[str, int]:
    today = timezone.localdate()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}


@login_required
def bulletin_new(request: HttpRequest) -> HttpResponse:
    """Preview a quarter's figures with the suggested praise and reminder lists; issue it."""
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    form = BulletinForm(request.GET or None, initial=_current_quarter())
    if not form.is_valid():
        form = BulletinForm(_current_quarter())
        form.is_valid()
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    figures = selectors.period_figures(committee_id, year, quarter)
    praised, reminded = selectors.suggested_lists(figures)
    if request.method == "POST":
        try:
            bulletin = outputs.bulletin_issue(
                committee_id=committee_id,
                by=request.user,
                year=year,
                quarter=quarter,
                summary=request.POST.get("summary", ""),
                praised=[int(v) for v in request.POST.getlist("praised") if v.isdigit()],
                reminded=[int(v) for v in request.POST.getlist("reminded") if v.isdigit()],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已印发{bulletin}")
            return redirect("supervision:bulletin_list")
    context = {
        "form": form,
        "figures": figures,
        "praised": set(praised),
        "reminded": set(reminded),
        "red_items": selectors.red_items(committee_id, year, quarter),
    }
    return render(request, "supervision/bulletin_new.html", context)


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    committee_id = require_office(request)
    bulletin = Bulletin.objects.filter(pk=pk, committee_id=committee_id).first()
    if bulletin is None:
        raise Http404
    return bulletin


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    return documents.bulletin_document(bulletin).response(
        f"督办情况通报{bulletin.year}年第{bulletin.number}期.docx"
    )


@login_required
def bulletin_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    header = (*documents.UNIT_HEADER, "按期办结率")
    rows = [
        (
            *row,
            "—"
            if (rate := selectors.on_time_fraction(u["done_on_time"], u["overdue"])) is None
            else Percent(rate),
        )
        for row, u in zip(documents.unit_rows(bulletin.figures), bulletin.figures["units"], strict=True)
    ]
    red = [(r["number"], r["title"], r["unit"], r["reason"]) for r in bulletin.figures.get("red_items", [])]
    lists = [("公开表扬", name) for name in bulletin.praised] + [
        ("点名提醒", name) for name in bulletin.reminded
    ]
    return workbook_response(
        f"督办情况通报{bulletin.year}年第{bulletin.number}期.xlsx",
        [
            ("各单位情况", header, rows),
            ("红灯事项", ("编号", "事项名称", "牵头单位", "原因"), red),
            ("表扬与提醒", ("类别", "单位"), lists),
        ],
    )


# --- special reports ---------------------------------------------------------------------------


@login_required
def special_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if Role.SUPERVISION_STAFF not in _roles(request, item.committee_id):
        raise Http404
    initial = {"title": f"关于{item.title}督查情况的报告", "background": item.content}
    form = SpecialReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = outputs.special_report_create(
                item=item,
                by=request.user,
                title=data["title"],
                background=data["background"],
                issues=data["issues"].splitlines(),
                suggestions=data["suggestions"],
                leader_instruction=data["leader_instruction"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已编发{report}")
            return redirect("supervision:item_detail", item.pk)
    status = 400 if form.errors else 200
    return render(
        request, "supervision/special_report_form.html", {"form": form, "item": item}, status=status
    )


@login_required
def special_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = SpecialReport.objects.filter(pk=pk).select_related("item__source", "item__lead_unit").first()
    if report is None:
        raise Http404
    get_item_for_user(request.user, report.item_id)
    if not _roles(request, report.committee_id) & {Role.SUPERVISION_STAFF, Role.LEADER}:
        raise Http404
    return documents.special_report_document(report).response(
        f"督查专报{report.year}年第{report.number}期.docx"
    )


# --- settings ----------------------------------------------------------------------------------


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    policy = config.policy_for(committee_id)
    policy_form = PolicyForm(request.POST if request.POST.get("form") == "policy" else None, instance=policy)
    source_form = SourceForm(request.POST if request.POST.get("form") == "source" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "policy" and policy_form.is_valid():
                values = {f: policy_form.cleaned_data[f] for f in config.POLICY_FIELDS}
                policy.refresh_from_db()
                config.policy_update(committee_id=committee_id, by=request.user, values=values)
                messages.success(request, "预警规则已保存")
                return redirect("supervision:settings")
            if request.POST.get("form") == "source" and source_form.is_valid():
                config.source_add(
                    committee_id=committee_id, by=request.user, name=source_form.cleaned_data["name"]
                )
                messages.success(request, "来源已添加")
                return redirect("supervision:settings")
        except DomainError as exc:
            messages.error(request, exc.message)
    context = {
        "policy_form": policy_form,
        "source_form": source_form,
        "sources": config.sources_for(committee_id, active_only=False),
    }
    return render(
        request, "supervision/settings.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    source = ItemSource.objects.filter(pk=pk, committee_id=committee_id).first()
    if source is None:
        raise Http404
    config.source_set_active(source=source, active=not source.is_active, by=request.user)
    return redirect("supervision:settings")
