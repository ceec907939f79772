"""The one full-text index (DESIGN §3 row 3, "Search"): a document per record a person looks for,
handed over by the record's app, plus its text cut into tokens for the database's own text index
(an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL: migration 0002)."""

from __future__ import annotations

from django.db import models

from zhengxie.org.models import Committee


class Document(models.Model):
    """One searchable record of an app (a proposal, a 社情民意 item, a supervision item, …). The
    app writes it in the same transaction as the record; search knows none of the apps' models."""

    kind = models.CharField("类别", max_length=20)
    object_id = models.PositiveBigIntegerField()
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=40, blank=True)
    category = models.CharField("分类", max_length=40, blank=True)
    url = models.CharField(max_length=200)
    # Readable by the staff and leaders of the committees above (when their setting allows):
    # false for drafts and anything else that is still its author's alone.
    office_open = models.BooleanField(default=True)
    # The text as index tokens (character bigrams and words, lib `search.text.tokens`); the
    # database's text index is built from these two columns.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        indexes = [models.Index(fields=["committee", "kind", "year"], name="search_doc_scope_idx")]

    def __str__(self) -> str:
        return self.title


class SearchSetting(models.Model):
    """A committee's search settings. Without a row: staff and leaders of a province or city
    committee search the committees below it; duplicate hints look back three years."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="+")
    search_below = models.BooleanField("可检索下级政协", default=True)
    similar_years = models.PositiveSmallIntegerField("查重年限（年）", default=3)

    class Meta:
        verbose_name = "检索设置"

    def __str__(self) -> str:
        return "检索设置"
