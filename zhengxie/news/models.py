"""要闻动态 and 政协知识: what the office publishes for its members to read — news of the
committee's work, and a knowledge section (the charter, how the committee works) that links the
regulations library's rules instead of copying them. A draft or a withdrawn article is the
office's alone; a published one is read by everyone of the committee and, when shared down, of
the committees below."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee
from zhengxie.org.scope import CommitteeScopedQuerySet
from zhengxie.regulations.models import Regulation

USER = settings.AUTH_USER_MODEL


class Article(models.Model):
    """One news item or knowledge article: title, summary, sanitised rich-text body, an optional
    cover picture, attachments, and the regulations it points to."""

    class Section(models.TextChoices):
        NEWS = "news", "要闻动态"
        KNOWLEDGE = "knowledge", "政协知识"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    section = models.CharField("栏目", max_length=10, choices=Section.choices, default=Section.NEWS)
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = models.TextField("正文", blank=True)  # sanitised HTML (lib.richtext)
    cover = models.FileField("封面图片", upload_to="news/covers/%Y/%m/", blank=True)
    cover_name = models.CharField(max_length=200, blank=True)
    regulations = models.ManyToManyField(Regulation, verbose_name="相关制度", blank=True, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    # Members read a published article from this time on (a later time schedules it).
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    shared_down = models.BooleanField("共享给下级政协", default=False)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "news_article"
        verbose_name = "要闻与知识"
        indexes = [models.Index(fields=["committee", "state", "published_at"], name="news_article_open_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])


class Attachment(CommitteeFile):
    """A file attached to an article (checked by lib.uploads), read by whoever may read it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="news/files/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "news_attachment"
