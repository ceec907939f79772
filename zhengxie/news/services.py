"""Every write of 要闻动态 and 政协知识: writing and editing an article (its body sanitised, its
cover picture and attachments checked by content), publishing it now or from a set time,
withdrawing it, sharing it with the committees below. Each write is audited and keeps the
article's search document current."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.richtext import sanitise
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workflow import transition
from zhengxie.regulations.models import Regulation
from zhengxie.search.index import reindex

from .models import Article, Attachment
from .permissions import STAFF_ROLES, is_staff_of
from .workflow import LABELS, TABLE

COVER_SUFFIXES = {".jpg", ".jpeg", ".png"}
COVER_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_BODY = 100_000


@dataclass
class ArticleDraft:
    title: str
    section: str = Article.Section.NEWS
    summary: str = ""
    body: str = ""
    regulations: Sequence[Regulation] = field(default_factory=tuple)


def _require_staff(by: Any, committee_id: int) -> None:
    if not is_staff_of(by, committee_id):
        raise NotAllowed()


def _clean(committee_id: int, data: ArticleDraft) -> tuple[dict[str, str], list[Regulation]]:
    title = strip_control(data.title or "").strip()
    summary = strip_control(data.summary or "").strip()
    body = sanitise(data.body or "").strip()
    problems = []
    if not title:
        problems.append("请填写标题")
    elif len(title) > 200:
        problems.append("标题不能超过200个字")
    if data.section not in Article.Section.values:
        problems.append("请选择栏目")
    if len(summary) > 300:
        problems.append("摘要不能超过300个字")
    if len(body) > MAX_BODY:
        problems.append("正文过长")
    regulations = list(data.regulations)
    # Only the committee's own rules (or, for a shared article, the readers could not open them).
    if any(r.committee_id != committee_id for r in regulations):
        problems.append("只能关联本政协制度库中的制度")
    if problems:
        raise DomainError("；".join(problems))
    return {"title": title, "section": data.section, "summary": summary, "body": body}, regulations


def _check_cover(cover: UploadedFile | None) -> str:
    if cover is None:
        return ""
    return check_attachment(cover, max_bytes=COVER_BYTES, allowed=COVER_SUFFIXES)


def article_create(
    *, committee_id: int, by: Any, data: ArticleDraft, cover: UploadedFile | None = None
) -> Article:
    _require_staff(by, committee_id)
    fields, regulations = _clean(committee_id, data)
    cover_name = _check_cover(cover)
    with transaction.atomic():
        article = Article(committee_id=committee_id, created_by=by, **fields)
        if cover is not None:
            article.cover.save(cover_name, cover, save=False)
            article.cover_name = cover_name
        article.save()
        article.regulations.set(regulations)
        record(action="news.article.created", obj=article, by=by, data={"section": article.section})
        reindex("news", article.pk)
    return article


def article_update(
    *,
    article: Article,
    by: Any,
    data: ArticleDraft,
    cover: UploadedFile | None = None,
    remove_cover: bool = False,
) -> Article:
    """Edit an article, published ones included (a correction shows at once); a withdrawn
    article is corrected after it is published again."""
    _require_staff(by, article.committee_id)
    if article.state == Article.State.WITHDRAWN:
        raise DomainError("已撤回的文章不能修改，请先重新发布或另写一篇")
    fields, regulations = _clean(article.committee_id, data)
    cover_name = _check_cover(cover)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(article, name, value)
        if cover is not None:
            article.cover.save(cover_name, cover, save=False)
            article.cover_name = cover_name
        elif remove_cover:
            article.cover, article.cover_name = "", ""
        article.save(update_fields=[*fields, "cover", "cover_name"])
        article.regulations.set(regulations)
        record(action="news.article.edited", obj=article, by=by, data={"title": article.title})
        reindex("news", article.pk)
    return article


def attachment_add(*, article: Article, by: Any, upload: UploadedFile) -> Attachment:
    _require_staff(by, article.committee_id)
    if article.state == Article.State.WITHDRAWN:
        raise DomainError("已撤回的文章不能添加附件")
    name = check_attachment(upload)
    with transaction.atomic():
        if Attachment.objects.filter(article=article).count() >= MAX_ATTACHMENTS:
            raise DomainError(f"每篇文章的附件不能超过{MAX_ATTACHMENTS}个")
        row: Attachment = Attachment.store(
            upload=upload, name=name, by=by, committee_id=article.committee_id, article=article
        )
        record(action="news.attachment.added", obj=article, by=by, data={"name": name})
    return row


def attachment_remove(*, attachment: Attachment, by: Any) -> None:
    article = attachment.article
    _require_staff(by, article.committee_id)
    with transaction.atomic():
        attachment.delete()
        record(action="news.attachment.removed", obj=article, by=by, data={"name": attachment.name})


def article_publish(*, article: Article, by: Any, at: datetime | None = None) -> Article:
    """Open the article to its readers now, or from `at`."""
    _require_staff(by, article.committee_id)
    if article.state == Article.State.DRAFT and not (article.body or article.summary).strip():
        raise DomainError("请先填写正文或摘要再发布")
    now = timezone.now()
    if at is not None and at < now - timedelta(minutes=1):
        raise DomainError("定时发布的时间不能早于现在")
    transition(
        article,
        table=TABLE,
        to=Article.State.PUBLISHED,
        by=by,
        roles=STAFF_ROLES,
        fields={"published_at": at or now},
        state_labels=LABELS,
    )
    return article


def article_withdraw(*, article: Article, by: Any) -> Article:
    """Take a published article away from its readers (it stays with the office)."""
    _require_staff(by, article.committee_id)
    transition(
        article, table=TABLE, to=Article.State.WITHDRAWN, by=by, roles=STAFF_ROLES, state_labels=LABELS
    )
    return article


def article_share(*, article: Article, by: Any, shared: bool) -> Article:
    """Share the article with the committees below (or stop sharing)."""
    _require_staff(by, article.committee_id)
    if shared and not article.committee.children.exists():
        raise DomainError("本级政协没有下级政协，无需共享")
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(shared_down=shared)
        article.shared_down = shared
        record(
            action="news.article.shared" if shared else "news.article.unshared",
            obj=article,
            by=by,
            data={"shared": shared},
        )
        reindex("news", article.pk)
    return article
