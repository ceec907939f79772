"""Pages of 要闻动态 and 政协知识: each section's list (readers see what is published to them;
the office sees its drafts and withdrawn articles too), an article with its cover, attachments
and linked rules, and the office's writing, publishing, withdrawing and sharing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.scope import has_role

from . import selectors, services
from .forms import ArticleForm, AttachmentForm, PublishForm
from .models import Article
from .permissions import (
    READER_ROLES,
    get_article_for_user,
    get_attachment_for_user,
    get_staff_article,
    is_staff_of,
)

CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".pdf": "application/pdf"}


def _committee(request: HttpRequest) -> int:
    committee_id: int | None = getattr(request, "committee_id", None)
    if committee_id is None or not has_role(request.user, committee_id, *READER_ROLES):
        raise Http404
    return committee_id


def _list(request: HttpRequest, section: str) -> HttpResponse:
    committee_id = _committee(request)
    office = is_staff_of(request.user, committee_id)
    q = request.GET.get("q", "").strip()[:50]
    qs = selectors.articles(request.user, section=section, committee_id=committee_id, office=office, q=q)
    context: dict[str, Any] = {
        "page": keyset_page(request, qs),
        "section": section,
        "section_label": Article.Section(section).label,
        "is_staff": office,
        "q": q,
    }
    return render_page(request, "news/index.html", context)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _list(request, Article.Section.NEWS)


@login_required
def knowledge(request: HttpRequest) -> HttpResponse:
    return _list(request, Article.Section.KNOWLEDGE)


def _draft(form: ArticleForm) -> services.ArticleDraft:
    data = form.cleaned_data
    return services.ArticleDraft(
        title=data["title"],
        section=data["section"],
        summary=data["summary"],
        body=data["body"],
        regulations=list(data["regulations"]),
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if not is_staff_of(request.user, committee_id):
        raise Http404
    section = request.GET.get("section", Article.Section.NEWS)
    initial = {"section": section if section in Article.Section.values else Article.Section.NEWS}
    form = ArticleForm(
        request.POST or None, request.FILES or None, committee_id=committee_id, initial=initial
    )
    form.fields.pop("remove_cover")
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.article_create(
                committee_id=committee_id,
                by=request.user,
                data=_draft(form),
                cover=form.cleaned_data["cover"],
            ),
            success="文章已保存为草稿，确认无误后请发布",
            form=form,
        )
        if done:
            return redirect("news:detail", done.value.pk)
    return render(request, "news/form.html", {"form": form, "title": "撰写文章"})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_staff_article(request.user, pk)
    initial = {
        "section": article.section,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "regulations": list(article.regulations.values_list("pk", flat=True)),
    }
    form = ArticleForm(
        request.POST or None, request.FILES or None, committee_id=article.committee_id, initial=initial
    )
    if not article.cover:
        form.fields.pop("remove_cover")
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.article_update(
                article=article,
                by=request.user,
                data=_draft(form),
                cover=form.cleaned_data["cover"],
                remove_cover=bool(form.cleaned_data.get("remove_cover")),
            ),
            success="文章已保存",
            form=form,
        )
        if done:
            return redirect("news:detail", article.pk)
    return render(
        request, "news/form.html", {"form": form, "title": f"修改：{article.title}", "article": article}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk)
    office = is_staff_of(request.user, article.committee_id)
    context: dict[str, Any] = {
        "article": article,
        "attachments": list(article.attachments.all()),
        "regulations": list(article.regulations.filter(is_repealed=False).order_by("title")),
        "is_staff": office,
        "from_above": article.committee_id != getattr(request, "committee_id", None),
    }
    if office:
        context["publish_form"] = PublishForm()
        context["attachment_form"] = AttachmentForm()
        context["has_children"] = article.committee.children.exists()
    return render(request, "news/detail.html", context)


def _file(field: Any, name: str) -> FileResponse:
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    response = FileResponse(
        field.open("rb"),
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        as_attachment=suffix not in CONTENT_TYPES,
        filename=name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def cover(request: HttpRequest, pk: int) -> FileResponse:
    article = get_article_for_user(request.user, pk)
    if not article.cover:
        raise Http404
    return _file(article.cover, article.cover_name)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    row = get_attachment_for_user(request.user, pk)
    return _file(row.file, row.name)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_staff_article(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "定时发布的时间格式不正确")
        return redirect("news:detail", article.pk)
    attempt(
        request,
        lambda: services.article_publish(article=article, by=request.user, at=form.cleaned_data["at"]),
        success="文章已发布",
    )
    return redirect("news:detail", article.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_staff_article(request.user, pk)
    attempt(
        request,
        lambda: services.article_withdraw(article=article, by=request.user),
        success="文章已撤回，委员不再能看到",
    )
    return redirect("news:detail", article.pk)


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_staff_article(request.user, pk)
    shared = request.POST.get("shared") == "1"
    attempt(
        request,
        lambda: services.article_share(article=article, by=request.user, shared=shared),
        success="已共享给下级政协" if shared else "已取消共享",
    )
    return redirect("news:detail", article.pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_staff_article(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的附件")
        return redirect("news:detail", article.pk)
    attempt(
        request,
        lambda: services.attachment_add(article=article, by=request.user, upload=form.cleaned_data["upload"]),
        success="附件已添加",
    )
    return redirect("news:detail", article.pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_attachment_for_user(request.user, pk)
    if not is_staff_of(request.user, row.committee_id):
        raise Http404
    article_id = row.article_id
    services.attachment_remove(attachment=row, by=request.user)
    messages.success(request, "附件已删除")
    return redirect("news:detail", article_id)
