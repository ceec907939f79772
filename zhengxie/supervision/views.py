"""Pages of supervision items: the office's board, registering and editing, an item's page with
its timeline, and the actions of its workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.longwork import latest_for, start
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role
from zhengxie.search.similar import similar

from . import exports, selectors
from .forms import (
    BoardFilterForm,
    CompletionForm,
    ExtensionForm,
    ItemForm,
    NoteForm,
    ProgressForm,
    ReturnDecisionForm,
    ReturnForm,
)
from .models import Attachment, Extension, Item, ProgressReport
from .permissions import OFFICE_ROLES, actor_roles, get_item_for_user
from .services import extensions, items, progress
from .workbench import OFFICE_TASKS
from .workflow import UNIT

S = Item.State


def require_office(request: HttpRequest, *roles: str) -> int:
    """The current committee, if the user works in its supervision office (or is a leader)."""
    return require_role(request, *(roles or OFFICE_ROLES))


@login_required
def board(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    task = OFFICE_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        form = BoardFilterForm(None, committee_id=committee_id)
        rows = task.rows(request.user, committee_id).select_related(
            "lead_unit", "source", "supervising_leader"
        )
    else:
        form = BoardFilterForm(request.GET or None, committee_id=committee_id)
        rows = selectors.board(committee_id, form.cleaned_data if form.is_valid() else {})
    page = keyset_page(request, rows)
    context = {
        "form": form,
        "task": task,
        "page": page,
        "is_leader": has_role(request.user, committee_id, Role.LEADER),
        "is_staff": has_role(request.user, committee_id, Role.SUPERVISION_STAFF),
        "long_task": latest_for(request.user, exports.board_workbook_job, committee_id),
    }
    return render_page(request, "supervision/board.html", context)


@login_required
def board_export(request: HttpRequest) -> HttpResponse:
    """POST: build the board's workbook for the posted filters as a long task (the board shows its
    progress and the download). GET: the board with those filters."""
    committee_id = require_office(request)
    if request.method != "POST":
        query = request.GET.urlencode()
        return redirect(reverse("supervision:board") + (f"?{query}" if query else ""))
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    query = data.urlencode()
    start(
        runner=exports.board_workbook_job,
        label=exports.BOARD_LABEL,
        owner=request.user,
        committee_id=committee_id,
        params={"query": query},
    )
    messages.success(request, "正在生成Excel，完成后可在本页下载")
    return redirect(reverse("supervision:board") + (f"?{query}" if query else ""))


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Approve (leader) or issue (office) the items ticked on the board, all or none."""
    committee_id = require_office(request)
    action = request.POST.get("action", "")
    if action not in ("approve", "issue"):
        raise Http404
    ids = [int(v) for v in request.POST.getlist("items") if v.isdigit()]
    chosen = list(Item.objects.filter(committee_id=committee_id, pk__in=ids).order_by("id"))
    if not chosen:
        messages.error(request, "请先勾选事项")
        return redirect("supervision:board")
    try:
        done = items.items_in_bulk(items=chosen, by=request.user, action=action)
    except DomainError as exc:
        messages.error(request, f"未处理任何事项：{exc.message}")
    else:
        messages.success(request, f"已{'审核通过' if action == 'approve' else '下发'} {done} 项")
    return redirect("supervision:board")


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.SUPERVISION_STAFF)
    initial: dict[str, Any] = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = ItemForm(request.POST or None, committee_id=committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = items.item_register(committee_id=committee_id, by=request.user, data=form.item_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记 {item.number}，待领导审核")
            return redirect("supervision:item_detail", item.pk)
    return render(request, "supervision/item_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if not has_role(request.user, item.committee_id, Role.SUPERVISION_STAFF):
        raise Http404
    form = ItemForm(request.POST or None, committee_id=item.committee_id, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            items.item_update(item=item, by=request.user, data=form.item_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("supervision:item_detail", item.pk)
    context = {"form": form, "item": item}
    return render(request, "supervision/item_form.html", context, status=400 if form.errors else 200)


def _detail_queryset() -> Any:
    return Item.objects.select_related(
        "lead_unit", "source", "supervising_leader", "responsible_user", "parent", "committee"
    ).prefetch_related(  # type: ignore[type-var]
        "co_units",
        Prefetch("children", queryset=Item.objects.select_related("lead_unit").order_by("id")),
        Prefetch("reports", queryset=ProgressReport.objects.select_related("reported_by", "attachment")),
        Prefetch("extensions", queryset=Extension.objects.select_related("requested_by", "decided_by")),
        "attachments",
        "special_reports",
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, _detail_queryset())
    return render(request, "supervision/item_detail.html", _detail_context(request, item))


def _detail_context(request: HttpRequest, item: Item, **forms: Any) -> dict[str, Any]:
    """The item page; a refused form comes back bound, so what was typed is still there."""
    roles = actor_roles(request.user, item)
    return {
        "item": item,
        "timeline": selectors.timeline(item),
        "next_states": items.can_act(request.user, item),
        "is_unit": UNIT in roles,
        "is_office": bool(roles & OFFICE_ROLES),
        "is_staff": Role.SUPERVISION_STAFF in roles,
        "pending_extension": next(
            (e for e in item.extensions.all() if e.state == Extension.State.PENDING), None
        ),
        "progress_form": ProgressForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "completion_form": CompletionForm(),
        "return_form": ReturnForm(),
        "decision_form": ReturnDecisionForm(committee_id=item.committee_id),
        "note_form": NoteForm(),
        # An overdue item can no longer be extended (services.extensions): say so instead of offering it.
        "overdue": timezone.localdate() > item.due_on,
        # Items come from several sources: before issuing, the office sees the near ones.
        "duplicates": similar(
            kind="supervision",
            committee_id=item.committee_id,
            title=item.title,
            text="\n".join((item.content, item.requirement)).strip(),
            exclude=[item.pk],
            include_private=True,  # the office's own drafts are where duplicates meet
        )
        if roles & OFFICE_ROLES and item.state in (Item.State.DRAFT, Item.State.REGISTERED)
        else [],
    }


def _done(request: HttpRequest, item: Item, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("supervision:item_detail", item.pk)


def _refused(request: HttpRequest, item: Item, exc: DomainError) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("supervision:item_detail", item.pk)


def _form_problem(form: ProgressForm | CompletionForm, fallback: str) -> DomainError:
    """What is wrong with a report form: the attached file's problem when that is it (an empty
    file, say), else the general hint."""
    if "attachment" in form.errors:
        return DomainError(f"附件：{form.errors['attachment'][0]}")
    return DomainError(fallback)


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One workflow step. The service checks state and role; a refusal comes back as a message."""
    item = get_item_for_user(request.user, pk)
    post = request.POST
    accept = post.get("decision") == "accept"
    try:
        if action == "approve":
            items.item_approve(item=item, by=request.user)
        elif action == "issue":
            items.item_issue(item=item, by=request.user)
        elif action == "sign":
            items.item_sign(item=item, by=request.user)
        elif action == "return":
            items.item_request_return(item=item, by=request.user, reason=post.get("reason", ""))
        elif action == "decide_return":
            form = ReturnDecisionForm(post, committee_id=item.committee_id)
            unit = form.cleaned_data["new_lead_unit"] if form.is_valid() else None
            items.item_decide_return(
                item=item, by=request.user, accept=accept, note=post.get("note", ""), new_lead_unit=unit
            )
        elif action == "complete":
            completion = CompletionForm(post, request.FILES)
            if not completion.is_valid():
                raise _form_problem(completion, "请填写办结报告")
            upload = completion.cleaned_data["attachment"]
            with (
                transaction.atomic(),
                progress.stored_attachment(item=item, by=request.user, upload=upload) as attachment,
            ):
                items.item_report_completion(
                    item=item, by=request.user, text=completion.cleaned_data["text"], attachment=attachment
                )
        elif action == "verify":
            items.item_verify(item=item, by=request.user, accept=accept, note=post.get("note", ""))
        elif action == "close":
            items.item_close(item=item, by=request.user)
        elif action == "cancel":
            items.item_cancel(item=item, by=request.user, reason=post.get("note", ""))
        else:
            raise Http404
    except DomainError as exc:
        return _refused(request, item, exc)
    return _done(request, item, _said(action, accept))


# What a confirmation says: what happened, in the words of the step.
DONE = {
    "approve": "已审批",
    "issue": "已交办",
    "sign": "已签收",
    "return": "退回申请已提交，等待审核",
    "complete": "办结报告已报送，等待验收",
    "close": "已办结",
    "cancel": "已撤销",
}


def _said(action: str, accept: bool) -> str:
    if action == "decide_return":
        return "已同意退回" if accept else "已不同意退回"
    if action == "verify":
        return "验收通过" if accept else "已退回重办"
    return DONE[action]


@login_required
@require_POST
def item_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, item, _form_problem(form, "请填写0到100之间的进度和进展情况"))
    try:
        progress.progress_report(
            item=item,
            by=request.user,
            percent=form.cleaned_data["percent"],
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["attachment"],
        )
    except DomainError as exc:
        return _refused(request, item, exc)
    return _done(request, item, "进度已报送")


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    form = ExtensionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写申请延至的日期、延期理由和目前进展")
        extensions.extension_request(item=item, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        item = get_item_for_user(request.user, pk, _detail_queryset())
        context = _detail_context(request, item, extension_form=form)
        return render(request, "supervision/item_detail.html", context, status=400)
    return _done(request, item, "延期申请已提交，等待审批")


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = Extension.objects.filter(pk=pk).first()
    if extension is None:
        raise Http404
    item = get_item_for_user(request.user, extension.item_id)  # 404 unless the item is visible
    extension.item = item
    try:
        extensions.extension_decide(
            extension=extension,
            by=request.user,
            approve=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return _refused(request, item, exc)
    return _done(request, item, "已审批")


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    get_item_for_user(request.user, attachment.item_id)  # 404 unless the item is visible
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def leader_view(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.LEADER)
    page = keyset_page(request, selectors.leader_items(request.user, committee_id))
    return render_page(request, "supervision/leader.html", {"page": page})
