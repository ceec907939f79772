"""Pages of topic groups: the groups a person is in, opening a group, a group's posts with the
post form, a post's replies, marking useful posts, hiding posts, exporting a group's posts, and
distilling and sending on suggestions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services.inputs import open_for_inputs
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.models import Member
from zhengxie.org.scope import has_role, require_role

from . import selectors, services
from .forms import AREAS, GroupForm, HideForm, PostForm, SuggestionForm
from .models import Picture, Post, Suggestion, TopicGroup
from .permissions import OFFICE_ROLES, get_group_for_user, get_post_for_user, is_moderator
from .workbench import GROUP_TASKS, SUGGESTION_TASKS


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    task = GROUP_TASKS.chosen(request)
    rows = task.rows(request.user, committee_id) if task else selectors.groups_for(request.user)
    page = keyset_page(request, rows)
    context = {
        "task": task,
        "page": page,
        "now": timezone.now(),
        "can_create": has_role(request.user, committee_id, *OFFICE_ROLES),
    }
    return render_page(request, "groups/index.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    form = GroupForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(committee_id=committee_id, by=request.user, data=form.draft())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "议政群已开设，已通知群内委员")
            return redirect("groups:detail", group.pk)
    return render(request, "groups/create.html", {"form": form}, status=400 if form.errors else 200)


def _post_context(request: HttpRequest, group: TopicGroup, rows: Any) -> dict[str, Any]:
    page = keyset_page(request, rows, count=False)
    return {
        "group": group,
        "page": page,
        "marked": selectors.marked(request.user, page.items),
        "moderator": is_moderator(request.user, group),
        "is_open": services.is_open(group),
        "post_form": PostForm(),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    moderator = is_moderator(request.user, group)
    context = _post_context(request, group, selectors.posts(group, moderator=moderator))
    return render_page(request, "groups/detail.html", context)


def _create_post(
    request: HttpRequest, group: TopicGroup, parent: Post | None
) -> tuple[Post | None, PostForm]:
    form = PostForm(request.POST, request.FILES)
    if not form.is_valid():
        return None, form
    picture = form.cleaned_data.get("picture")
    try:
        post = services.post_create(
            group=group,
            by=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            pictures=[picture] if picture else [],
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None, form
    return post, form


@login_required
@require_POST
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    post, form = _create_post(request, group, None)
    if post is None:
        context = _post_context(
            request, group, selectors.posts(group, moderator=is_moderator(request.user, group))
        )
        context["post_form"] = form
        return render(request, "groups/detail.html", context, status=400)
    messages.success(request, "已发言")
    return redirect("groups:detail", group.pk)


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    if post.parent_id is not None:
        return redirect("groups:thread", post.parent_id)
    group = post.group
    moderator = is_moderator(request.user, group)
    form = PostForm()
    status = 200
    if request.method == "POST":
        reply, form = _create_post(request, group, post)
        if reply is not None:
            messages.success(request, "已回复")
            return redirect("groups:thread", post.pk)
        status = 400
    context = _post_context(request, group, selectors.replies(post, moderator=moderator))
    context.update(
        post=post,
        post_pictures=list(post.pictures.all()),
        post_marked=selectors.marked(request.user, [post]),
        post_form=form,
    )
    return render_page(request, "groups/thread.html", context, status=status)


def _back(request: HttpRequest, post: Post) -> HttpResponse:
    target = post.parent_id or post.pk
    if request.POST.get("back") == "group":
        return redirect("groups:detail", post.group_id)
    return redirect("groups:thread", target)


@login_required
@require_POST
def useful(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    try:
        services.useful_toggle(post=post, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, post)


@login_required
@require_POST
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    if not is_moderator(request.user, post.group):
        raise Http404
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写隐藏原因（不超过200字）")
        services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "帖子已隐藏")
    return _back(request, post)


@login_required
def picture(request: HttpRequest, pk: int) -> FileResponse:
    row = Picture.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    get_post_for_user(request.user, row.post_id)  # 404 unless the post is visible
    kind = "image/png" if row.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(row.file.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    if not is_moderator(request.user, group):
        raise Http404
    try:
        services.group_close(group=group, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "议政群已关闭")
    return redirect("groups:detail", group.pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    if not is_moderator(request.user, group):
        raise Http404
    rows = (
        Post.objects.filter(group=group)
        .select_related("author", "member__sector")
        .order_by("id")
        .values_list(
            "pk",
            "parent_id",
            "author__display_name",
            "member__sector__name",
            "created_at",
            "body",
            "useful_count",
            "is_hidden",
        )
    )

    def lines() -> Any:
        for pk_, parent, name, sector, at, body, count, hidden in rows.iterator(chunk_size=2000):
            yield [
                pk_,
                parent or "",
                name,
                sector or "机关工作人员",
                timezone.localtime(at),
                body,
                count,
                "已隐藏" if hidden else "",
            ]

    header = ["帖子编号", "回复帖子", "发言人", "界别", "发言时间", "内容", "有用数", "状态"]
    return workbook_response(f"{group.title[:40]}-议政发言.xlsx", [("发言", header, lines())])


@login_required
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's suggestions; the office distils a new one from chosen posts here."""
    group = get_group_for_user(request.user, pk)
    moderator = is_moderator(request.user, group)
    form = SuggestionForm(request.POST or None, initial={"posts": request.GET.get("posts", "")})
    status = 200
    if request.method == "POST":
        if not moderator:
            raise Http404
        picked = [int(v) for v in request.POST.getlist("pick") if v.isdigit() and len(v) < 13]
        if form.is_valid():
            try:
                suggestion = services.suggestion_create(group=group, by=request.user, data=form.draft(picked))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已整理为第{suggestion.number}号建议")
                return redirect("groups:suggestion", suggestion.pk)
        status = 400
    context = {
        "group": group,
        "moderator": moderator,
        "form": form,
        "areas": AREAS,
        "rows": list(group.suggestions.order_by("number")[:200]),
        "candidates": selectors.useful_posts(group) if moderator else [],
    }
    return render(request, "groups/suggestions.html", context, status=status)


def get_suggestion_for_user(user: Any, pk: int) -> Suggestion:
    row = Suggestion.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    row.group = get_group_for_user(user, row.group_id)
    return row


@login_required
def suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_suggestion_for_user(request.user, pk)
    moderator = is_moderator(request.user, row.group)
    sources = row.posts.select_related("author", "member__sector", "member__person").order_by("id")
    if not moderator:
        sources = sources.filter(is_hidden=False)
    posts = list(sources[:200])
    context: dict[str, Any] = {
        "s": row,
        "moderator": moderator,
        "sources": posts,
        "opinion": row.opinion,
        "proposal": row.proposal,
        "consultation_input": row.consultation_input,
    }
    if moderator and row.state == Suggestion.State.DRAFT:
        # The proposer is one of the suggestion's authors in the group's committee (from the
        # source posts already read, in order of their first post).
        proposers: dict[int, Member] = {}
        for post in posts:
            if post.member is not None and post.member.committee_id == row.group.committee_id:
                proposers.setdefault(post.member.pk, post.member)
        context["proposers"] = list(proposers.values())
        context["consultations"] = list(open_for_inputs(row.group.committee_id)[:50])
    return render(request, "groups/suggestion.html", context)


@login_required
@require_POST
def suggestion_send(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_suggestion_for_user(request.user, pk)
    if not is_moderator(request.user, row.group):
        raise Http404
    try:
        services.suggestion_send(suggestion=row, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已转为社情民意信息，发言委员已记入履职")
    return redirect("groups:suggestion", row.pk)


def _moderated_suggestion(request: HttpRequest, pk: int) -> Suggestion:
    row = get_suggestion_for_user(request.user, pk)
    if not is_moderator(request.user, row.group):
        raise Http404
    return row


@login_required
@require_POST
def suggestion_to_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    row = _moderated_suggestion(request, pk)
    raw = request.POST.get("member", "")
    member = Member.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 13 else None
    if member is None:
        messages.error(request, "请选择提案人")
        return redirect("groups:suggestion", row.pk)
    try:
        services.suggestion_to_proposal(suggestion=row, by=request.user, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已为{member.person.name}委员生成提案草稿，其他发言委员已记入履职")
    return redirect("groups:suggestion", row.pk)


@login_required
@require_POST
def suggestion_to_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    row = _moderated_suggestion(request, pk)
    raw = request.POST.get("consultation", "")
    consultation = (
        Consultation.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 13 else None
    )
    if consultation is None:
        messages.error(request, "请选择协商")
        return redirect("groups:suggestion", row.pk)
    try:
        services.suggestion_to_consultation(suggestion=row, by=request.user, consultation=consultation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已送交协商作为意见建议素材，发言委员已记入履职")
    return redirect("groups:suggestion", row.pk)


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """The committee's suggestions (the office's home-page task opens the unsent ones)."""
    committee_id = require_role(request, *OFFICE_ROLES)
    task = SUGGESTION_TASKS.chosen(request)
    rows = (
        task.rows(request.user, committee_id)
        if task
        else Suggestion.objects.filter(committee_id=committee_id).select_related("group")
    )
    page = keyset_page(request, rows)
    return render_page(request, "groups/suggestion_list.html", {"task": task, "page": page})
