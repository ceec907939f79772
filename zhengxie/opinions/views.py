"""Pages of 社情民意: an author's items and the writing form, the liaison officer's screening,
the information centre's queue (merge, publish), an item's page with every level's status and
the actions of its workflow, issues as Word, statistics as Excel and the yearly notice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.workflow import steps_from
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role
from zhengxie.search.similar import similar

from . import selectors
from .documents import issue_document, yearly_notice_document
from .forms import (
    BODY_TEMPLATE,
    AdoptionForm,
    CorrespondentForm,
    ForwardForm,
    InstructionForm,
    OpinionForm,
    PublishForm,
    QueueFilterForm,
    ReportForm,
    TextForm,
    form_problem,
)
from .models import LENGTH_GUIDE, Attachment, Correspondent, Instruction, Issue, Opinion, Report
from .permissions import OFFICE_ROLES, actor_roles, get_opinion_for_user, liaison_units
from .services import adoption, editing, people, reporting, submission
from .workbench import MINE_TASKS
from .workflow import INFO, TABLE

S = Opinion.State
C = Opinion.Channel


def require_office(request: HttpRequest, *roles: str) -> int:
    return require_role(request, *(roles or OFFICE_ROLES))


def channels_for(user: Any, committee_id: int) -> list[tuple[str, str]]:
    """The channels this user may submit through in the committee."""
    labels = dict(C.choices)
    result: list[tuple[str, str]] = []
    if submission.member_of(user, committee_id) is not None:
        result += [(C.MEMBER, labels[C.MEMBER]), (C.UNIT, labels[C.UNIT]), (C.SPECIAL, labels[C.SPECIAL])]
    elif liaison_units(user):
        result.append((C.UNIT, labels[C.UNIT]))
    kinds = set(
        Correspondent.objects.filter(committee_id=committee_id, user_id=user.pk, is_active=True).values_list(
            "kind", flat=True
        )
    )
    for kind in (C.INFORMANT, C.STATION):
        if kind in kinds:
            result.append((kind, labels[kind]))
    return result


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    task = MINE_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = task.rows(request.user, request.committee_id).select_related("committee", "unit")  # type: ignore[attr-defined]
    else:
        rows = selectors.mine(request.user)
    page = keyset_page(request, rows)
    context = {
        "task": task,
        "page": page,
        "can_submit": bool(channels_for(request.user, request.committee_id)),  # type: ignore[attr-defined]
        "screening": list(selectors.liaison_queue(request.user)[:50]) if liaison_units(request.user) else [],
    }
    return render_page(request, "opinions/mine.html", context)


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    channels = channels_for(request.user, committee_id)
    if not channels:
        raise Http404
    form = OpinionForm(
        request.POST or None,
        request.FILES or None,
        committee_id=committee_id,
        channels=channels,
        initial={"body": BODY_TEMPLATE},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            opinion = submission.opinion_create(
                committee_id=committee_id,
                by=request.user,
                data=form.draft(),
                submit=request.POST.get("save") != "draft",
                uploads=[upload] if upload else [],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存草稿" if opinion.state == S.DRAFT else "已报送")
            return redirect("opinions:detail", opinion.pk)
    context = {"form": form, "length_guide": LENGTH_GUIDE}
    return render(request, "opinions/submit.html", context, status=400 if form.errors else 200)


def _detail_queryset() -> Any:
    return Opinion.objects.select_related(
        "committee",
        "unit",
        "special_committee",
        "correspondent",
        "issue",
        "forwarded_to",
        "merged_into",
        "reported_via__committee",
        "signed_by",
        "created_by",
    ).prefetch_related(
        selectors.author_names(), "revisions__edited_by", "attachments", "merged_from", "reports"
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for_user(request.user, pk, _detail_queryset())
    roles = actor_roles(request.user, opinion)
    revisions = list(opinion.revisions.all())
    committee_id = opinion.committee_id
    context = {
        "opinion": opinion,
        "chain": selectors.chain(opinion),
        "revisions": revisions,
        "original": revisions[0] if revisions else None,
        "next_states": steps_from(TABLE, opinion.state, roles),
        "is_info": INFO in roles,
        "is_author": opinion.created_by_id == request.user.pk,
        "length_guide": LENGTH_GUIDE,
        "text_form": TextForm(initial={"title": opinion.title, "body": opinion.body}),
        "report_form": ReportForm(committee_id=committee_id),
        "forward_form": ForwardForm(committee_id=committee_id),
        "adoption_form": AdoptionForm(),
        "instruction_form": InstructionForm(committee_id=committee_id),
        "publish_form": PublishForm(),
        "decisions": [(s, label) for s, label in Report.Status.choices if s in reporting.DECISIONS],
    }
    if INFO in roles and opinion.state in (Opinion.State.RECEIVED, Opinion.State.EDITING):
        # Duplicate submissions are common at intake: the centre sees the near ones before accepting.
        context["duplicates"] = similar(
            kind="opinion",
            committee_id=committee_id,
            title=opinion.title,
            text=opinion.body,
            exclude=[opinion.pk],
        )
    return render(request, "opinions/detail.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on an item. Services check state and role; a refusal comes back as a message."""
    opinion = get_opinion_for_user(request.user, pk)
    post, by = request.POST, request.user
    done = "已办理"
    try:
        if action == "submit":
            submission.opinion_submit(opinion=opinion, by=by)
            done = "已报送"
        elif action == "resubmit":
            form = TextForm(post)
            if not form.is_valid():
                raise form_problem(form, "请填写标题和正文")
            submission.opinion_resubmit(
                opinion=opinion, by=by, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
            done = "已重新报送"
        elif action == "unit_forward":
            submission.opinion_unit_forward(opinion=opinion, by=by)
            done = "已报送政协"
        elif action == "accept":
            editing.opinion_accept(opinion=opinion, by=by)
            done = "已受理"
        elif action == "return":
            editing.opinion_return(opinion=opinion, by=by, comment=post.get("comment", ""))
            done = "已退回"
        elif action == "archive":
            editing.opinion_archive(opinion=opinion, by=by, reason=post.get("reason", ""))
            done = "已存档（不予编发）"
        elif action == "edit":
            form = TextForm(post)
            if not form.is_valid():
                raise form_problem(form, "请填写标题和正文")
            editing.opinion_edit(opinion=opinion, by=by, **form.cleaned_data)
            done = "已保存为新版本"
        elif action == "signoff":
            editing.opinion_request_signoff(opinion=opinion, by=by)
            done = "已送领导签发"
        elif action == "sign":
            editing.opinion_sign(
                opinion=opinion,
                by=by,
                approve=post.get("decision") == "approve",
                comment=post.get("comment", ""),
            )
            done = "已签发" if opinion.state == S.SIGNED else "已退回修改"
        elif action == "publish":
            publish = PublishForm(post)
            if not publish.is_valid():
                raise form_problem(publish, "请选择刊物")
            issue = editing.issue_publish(
                committee_id=opinion.committee_id,
                by=by,
                series=publish.cleaned_data["series"],
                opinions=[opinion],
            )
            done = f"已编入{issue}"
        elif action == "forward":
            forward = ForwardForm(post, committee_id=opinion.committee_id)
            if not forward.is_valid():
                raise form_problem(forward, "请选择转送部门")
            editing.opinion_forward(opinion=opinion, by=by, department=forward.cleaned_data["department"])
            done = "已转送"
        elif action == "report":
            report = ReportForm(post, committee_id=opinion.committee_id)
            if not report.is_valid():
                raise form_problem(report, "请选择报送对象")
            reporting.report_send(opinion=opinion, by=by, **report.cleaned_data)
            done = "已报送"
        elif action == "adopt":
            adopt = AdoptionForm(post)
            if not adopt.is_valid():
                raise form_problem(adopt, "请填写采用情况")
            adoption.adoption_record(opinion=opinion, by=by, **adopt.cleaned_data)
            done = "已登记采用情况"
        elif action == "instruct":
            instruct = InstructionForm(post, committee_id=opinion.committee_id)
            if not instruct.is_valid():
                raise form_problem(instruct, "请填写批示情况")
            adoption.instruction_record(opinion=opinion, by=by, **instruct.cleaned_data)
            done = "已登记领导批示"
        elif action == "feedback":
            instruction = Instruction.objects.filter(
                pk=post.get("instruction", "0") or 0, opinion=opinion
            ).first()
            if instruction is None:
                raise Http404
            adoption.instruction_feedback(instruction=instruction, by=by, text=post.get("text", ""))
            done = "已反馈落实情况"
        elif action == "decide":
            found = Report.objects.filter(pk=post.get("report", "0") or 0, opinion=opinion).first()
            if found is None:
                raise Http404
            reporting.report_decide(
                report=found, by=by, status=post.get("status", ""), note=post.get("note", "")
            )
            done = "已登记反馈"
        else:
            raise Http404
    except (DomainError, ValueError) as exc:
        messages.error(request, exc.message if isinstance(exc, DomainError) else "输入有误")
        return redirect("opinions:detail", opinion.pk)
    messages.success(request, done)
    return redirect("opinions:detail", opinion.pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = keyset_page(request, selectors.queue(committee_id, filters))
    context = {
        "form": form,
        "page": page,
        "is_info": has_role(request.user, committee_id, Role.INFO_STAFF),
        "publish_form": PublishForm(),
    }
    return render_page(request, "opinions/queue.html", context)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Merge the ticked items into one, or publish the ticked signed items in one issue."""
    committee_id = require_office(request, Role.INFO_STAFF)
    ids = [int(v) for v in request.POST.getlist("items") if v.isdigit()]
    chosen = list(Opinion.objects.filter(committee_id=committee_id, pk__in=ids).order_by("id"))
    action = request.POST.get("action", "")
    try:
        if not chosen:
            raise DomainError("请先勾选信息")
        if action == "merge":
            title = request.POST.get("title", "").strip() or chosen[0].title
            body = "\n\n".join(o.body for o in chosen)
            merged = editing.opinion_merge(opinions=chosen, by=request.user, title=title, body=body[:5000])
            messages.success(request, f"已合并为一条信息，请继续编辑（合并{len(chosen)}条）")
            return redirect("opinions:detail", merged.pk)
        if action == "publish":
            form = PublishForm(request.POST)
            series = form.cleaned_data["series"] if form.is_valid() else ""
            issue = editing.issue_publish(
                committee_id=committee_id, by=request.user, series=series, opinions=chosen
            )
            messages.success(request, f"已编发{issue}，共{len(chosen)}条")
            return redirect("opinions:issues")
        raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("opinions:queue")


@login_required
def issues(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    page = keyset_page(
        request, Issue.objects.filter(committee_id=committee_id).select_related("published_by")
    )
    return render_page(request, "opinions/issues.html", {"page": page})


@login_required
def issue_docx(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = require_office(request)
    issue = Issue.objects.filter(pk=pk, committee_id=committee_id).select_related("committee").first()
    if issue is None:
        raise Http404
    return issue_document(issue).response(f"{issue}.docx")


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    year = _year(request)
    facts = selectors.chain_facts(committee_id, year)
    context = {
        "year": year,
        "members": selectors.member_stats(committee_id, year, facts)[:200],
        "units": selectors.unit_stats(committee_id, year, facts)[:200],
        "sectors": selectors.sector_stats(committee_id, year, facts)[:200],
    }
    return render(request, "opinions/stats.html", context)


STATS_HEADER = ("名称", "报送", "本级采用", "市级采用", "省级采用", "全国采用", "领导批示")


def _rows(tallies: list[selectors.Tally], *, points: bool = False) -> list[tuple[Any, ...]]:
    return [
        (
            t.label,
            t.submitted,
            t.adopted["local"],
            t.adopted["city"],
            t.adopted["province"],
            t.adopted["national"],
            t.instructions,
            *((float(t.points),) if points else ()),
        )
        for t in tallies
    ]


@login_required
def stats_export(request: HttpRequest) -> HttpResponse:
    from zhengxie.lib.xlsx import workbook_response

    committee_id = require_office(request)
    year = _year(request)
    facts = selectors.chain_facts(committee_id, year)
    return workbook_response(
        f"社情民意统计{year}.xlsx",
        [
            (
                "参加单位",
                (*STATS_HEADER, "积分"),
                _rows(selectors.unit_stats(committee_id, year, facts), points=True),
            ),
            ("委员", STATS_HEADER, _rows(selectors.member_stats(committee_id, year, facts))),
            ("界别", STATS_HEADER, _rows(selectors.sector_stats(committee_id, year, facts))),
        ],
    )


@login_required
def yearly_notice(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    year = _year(request)
    document = yearly_notice_document(committee_id, year)
    return document.response(f"{year}年度社情民意信息工作情况通报.docx")


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    get_opinion_for_user(request.user, attachment.opinion_id)  # 404 unless the item is visible
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for_user(request.user, pk)
    upload = request.FILES.get("attachment")
    try:
        if upload is None:
            raise DomainError("请选择附件")
        with transaction.atomic():
            submission.attachment_add(opinion=opinion, by=request.user, upload=upload)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "附件已上传")
    return redirect("opinions:detail", opinion.pk)


@login_required
def correspondents(request: HttpRequest) -> HttpResponse:
    """信息联络员、特邀信息员和联络站: the list (capped) and registering one."""
    committee_id = require_office(request)
    is_info = has_role(request.user, committee_id, Role.INFO_STAFF)
    form = CorrespondentForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST":
        if not is_info:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                people.correspondent_add(
                    committee_id=committee_id,
                    by=request.user,
                    kind=d["kind"],
                    name=d["name"],
                    user=d["username"],
                    unit=d.get("unit"),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已登记")
                return redirect("opinions:correspondents")
    page = keyset_page(
        request, Correspondent.objects.filter(committee_id=committee_id).select_related("unit", "user")
    )
    context = {"page": page, "form": form, "is_info": is_info}
    return render_page(request, "opinions/correspondents.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def correspondent_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = require_office(request, Role.INFO_STAFF)
    found = Correspondent.objects.filter(pk=pk, committee_id=committee_id).first()
    if found is None:
        raise Http404
    people.correspondent_set_active(correspondent=found, by=request.user, active=not found.is_active)
    return redirect("opinions:correspondents")
