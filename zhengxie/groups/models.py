"""主题议政群 (topic groups): standing or time-boxed groups on one topic, open to the members of a
committee — or of chosen sectors or special committees, or of several committees of one tree —
where members post text and pictures, reply and mark useful posts; the office moderates, and staff
distil the posts into numbered suggestions that go on as 社情民意 items with the link kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee, Member, Sector, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet

BODY_MAX = 2000  # 字 per post


class TopicGroup(models.Model):
    """One topic group of a committee. Who may read and post is its `audience` rows."""

    class Kind(models.TextChoices):
        STANDING = "standing", "常设议政群"
        TIMED = "timed", "限时议政群"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("议政主题", max_length=100)
    description = models.TextField("议题说明", max_length=3000)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.STANDING)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True, db_index=True)
    is_closed = models.BooleanField("已关闭", default=False)
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Audience(models.Model):
    """Who a group is open to: the members of `committee`, narrowed to one sector or one special
    committee when either is set. A group has one or more rows."""

    group = models.ForeignKey(TopicGroup, on_delete=models.CASCADE, related_name="audience")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    special_committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["committee", "group"], name="groups_audience_committee")]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.sector_id}/{self.special_committee_id}"


class Post(models.Model):
    """A member's (or the office's) post in a group, or a reply to one (`parent`)."""

    group = models.ForeignKey(TopicGroup, on_delete=models.PROTECT, related_name="posts")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, verbose_name="委员身份", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField("内容", max_length=BODY_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    useful_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField("已隐藏", default=False)
    hidden_reason = models.CharField("隐藏原因", max_length=200, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["group", "parent", "id"], name="groups_post_page")]

    def __str__(self) -> str:
        return self.body[:30]


class Picture(CommitteeFile):
    """A picture posted with a post (JPG or PNG, checked by content)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="pictures")
    file = models.FileField(upload_to="groups/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "groups_picture"


class Useful(models.Model):
    """One person's "有用" mark on a post (at most one per person and post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="groups_useful_once")]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.post_id}"


class Suggestion(models.Model):
    """A numbered suggestion staff distilled from a group's posts (area, summary, source posts),
    sent on once: as a 社情民意 item whose authors are the posts' authors, as a proposal draft for
    one of them, or as an input of a consultation — the link to what it became is kept."""

    class State(models.TextChoices):
        DRAFT = "draft", "待报送"
        SENT = "sent", "已转社情民意"
        PROPOSAL = "proposal", "已转提案草稿"
        CONSULTATION = "consult", "已送交协商"

    group = models.ForeignKey(TopicGroup, on_delete=models.PROTECT, related_name="suggestions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("编号")
    area = models.CharField("领域", max_length=40)
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("建议内容", max_length=5000)
    posts = models.ManyToManyField(Post, verbose_name="来源帖子", related_name="suggestions")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    opinion = models.ForeignKey(
        "opinions.Opinion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consultation_input = models.ForeignKey(
        "consultations.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["group", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="groups_suggestion_number")]

    def __str__(self) -> str:
        return f"第{self.number}号建议：{self.title}"
