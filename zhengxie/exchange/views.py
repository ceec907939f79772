"""Pages of group exchange: one's groups with unread counts, forming a group, a conversation
(newest first, older pages by keyset, new messages fetched by htmx polling), sending a message with
attachments, the member list, the office's list of the committee's groups and the settings, and
the menu's unread badge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.scope import has_role, require_role

from . import selectors, services
from .forms import AddMembersForm, GroupForm, MessageForm, SettingsForm
from .models import Attachment, Group
from .permissions import (
    DIRECTORY_ROLES,
    OFFICE_ROLES,
    can_manage,
    get_group_for_user,
    get_managed_group,
)
from .workbench import EXCHANGE_TASKS

PAGE_SIZE = 30
CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}


def _committee(request: HttpRequest) -> int:
    return require_role(request, *DIRECTORY_ROLES)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    task = EXCHANGE_TASKS.chosen(request)
    office = has_role(request.user, committee_id, *OFFICE_ROLES)
    context: dict[str, Any] = {
        "task": task,
        "office": office,
        "can_create": office or services.settings_for(committee_id).members_may_create_teams,
    }
    if task is not None:
        context["page"] = keyset_page(request, task.rows(request.user, committee_id))
        return render_page(request, "exchange/unread.html", context)
    rows = selectors.groups_for(request.user).filter(committee_id=committee_id)
    context["page"] = keyset_page(request, rows)
    return render_page(request, "exchange/index.html", context)


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """The menu's unread badge, fetched by htmx after the page loads (pages pay nothing for it)."""
    committee_id = getattr(request, "committee_id", None)
    n = selectors.unread_total(request.user, committee_id) if committee_id else 0
    return render(request, "exchange/_badge.html", {"n": n})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    office = has_role(request.user, committee_id, *OFFICE_ROLES)
    if not office and not services.settings_for(committee_id).members_may_create_teams:
        raise Http404
    form = GroupForm(request.POST or None, committee_id=committee_id, office=office)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.group_create(
                committee_id=committee_id,
                by=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                sector=form.cleaned_data.get("sector"),
                special_committee=form.cleaned_data.get("special_committee"),
                user_ids=form.user_ids(),
            ),
            form=form,
        )
        if done:
            messages.success(request, f"已建立交流群，共{done.value.member_count}人")
            return redirect("exchange:detail", done.value.pk)
    return render(request, "exchange/create.html", {"form": form}, status=400 if form.errors else 200)


def _conversation(request: HttpRequest, group: Group, form: MessageForm) -> dict[str, Any]:
    read_before = selectors.last_read(group, request.user)
    page = keyset_page(request, selectors.messages(group), page_size=PAGE_SIZE, count=False)
    first_page = not request.GET.get("after")
    if first_page:
        services.mark_read(group=group, by=request.user)
    return {
        "group": group,
        "page": page,
        "read_before": read_before,
        "form": form,
        # Polling (first page only) starts after the newest message shown or known.
        "poll_after": max([group.last_message_id, *(m.pk for m in page.items)]),
        "first_page": first_page,
        "manage": can_manage(request.user, group),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    return render_page(request, "exchange/detail.html", _conversation(request, group, MessageForm()))


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        done = attempt(
            request,
            lambda: services.message_post(
                group=group,
                by=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            ),
            form=form,
        )
        if done:
            return redirect("exchange:detail", group.pk)
    return render(request, "exchange/detail.html", _conversation(request, group, form), status=400)


@login_required
def poll(request: HttpRequest, pk: int) -> HttpResponse:
    """Messages after `?after=`, newest first, behind a fresh poller; they count as read."""
    group = get_group_for_user(request.user, pk)
    raw = request.GET.get("after", "")
    after = int(raw) if raw.isdigit() and len(raw) < 19 else 0
    rows = selectors.messages_after(group, after)
    if rows:
        services.mark_read(group=group, by=request.user, up_to=rows[-1].pk)
    newest = rows[-1].pk if rows else after
    context = {"group": group, "rows": list(reversed(rows)), "poll_after": newest, "read_before": newest}
    return render(request, "exchange/_poll.html", context)


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_managed_group(request.user, pk)
    manage = can_manage(request.user, group)
    form = AddMembersForm(request.POST or None, committee_id=group.committee_id)
    status = 200
    if request.method == "POST":
        if not manage:
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action == "add":
                if not form.is_valid():
                    raise DomainError("请从搜索结果中选择要添加的成员")
                n = services.members_add(group=group, by=request.user, user_ids=form.user_ids())
                messages.success(request, f"已添加{n}人" if n else "所选人员已在群中")
            elif action == "remove":
                raw = request.POST.get("user", "")
                if not raw.isdigit() or len(raw) > 18:
                    raise DomainError("请选择要移除的成员")
                services.member_remove(group=group, by=request.user, user_id=int(raw))
                messages.success(request, "已移出本群")
            else:
                raise Http404
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            return redirect("exchange:members", group.pk)
    page = keyset_page(request, selectors.members(group), page_size=50)
    context = {
        "group": group,
        "page": page,
        "form": form,
        "manage": manage,
        "is_member": group.memberships.filter(user_id=int(request.user.pk or 0)).exists(),
    }
    return render_page(request, "exchange/members.html", context, status=status)


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    done = attempt(
        request,
        lambda: services.member_remove(group=group, by=request.user, user_id=int(request.user.pk or 0)),
        success=f"已退出“{group.name}”",
    )
    return redirect("exchange:index") if done else redirect("exchange:detail", group.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    row = Attachment.objects.filter(pk=pk).select_related("message").first()
    if row is None:
        raise Http404
    get_group_for_user(request.user, row.message.group_id)  # 404 unless the user is in the group
    suffix = row.name[row.name.rfind(".") :].lower() if "." in row.name else ""
    kind = CONTENT_TYPES.get(suffix)
    response = FileResponse(
        row.file.open("rb"),
        content_type=kind or "application/octet-stream",
        as_attachment=kind is None or suffix == ".pdf",
        filename=row.name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def committee_groups(request: HttpRequest) -> HttpResponse:
    """The office's view of the committee's groups: names, kinds, owners, member counts."""
    committee_id = require_role(request, *OFFICE_ROLES)
    page = keyset_page(request, selectors.committee_groups(request.user, committee_id))
    return render_page(request, "exchange/committee_groups.html", {"page": page})


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    current = services.settings_for(committee_id)
    form = SettingsForm(
        request.POST or None,
        initial={
            "retention_months": current.retention_months,
            "members_may_create_teams": current.members_may_create_teams,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.settings_update(committee_id=committee_id, by=request.user, **form.cleaned_data),
            success="组群交流设置已保存",
            form=form,
        )
        if done:
            return redirect("exchange:settings")
    return render(request, "exchange/settings.html", {"form": form}, status=400 if form.errors else 200)
