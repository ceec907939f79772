"""社情民意信息 (public-opinion information, domain.md §2): items submitted by members, units,
special committees, informants and liaison stations; the information centre's editing (with
versioned text), sign-off and publication in numbered issues; reports to the party committee,
the government, departments and the parent committee; adoptions per level, leaders'
instructions and the points they earn.

An item reported to the parent committee arrives there as a new item (`reported_via` the report,
`origin` the first item of the chain), so each level works its own copy and every level's
decision is visible from the origin.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee, HandlingUnit, Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet

LENGTH_GUIDE = 1500  # 字: "一般不超过1500字" (domain.md §2.2)


class Correspondent(models.Model):
    """Someone who reports information for a committee without being the author member:
    a participating unit's liaison officer (信息联络员, who screens the unit's items), an invited
    informant (特邀信息员) or a liaison station (社情民意联络站) and its account."""

    class Kind(models.TextChoices):
        LIAISON = "liaison", "信息联络员"
        INFORMANT = "informant", "特邀信息员"
        STATION = "station", "社情民意联络站"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        ParticipatingUnit,
        verbose_name="所属参加单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField("有效", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_correspondent"
        ordering = ["committee", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Issue(models.Model):
    """A numbered issue of the committee's bulletin (《社情民意》) or special report (专报)."""

    class Series(models.TextChoices):
        BULLETIN = "bulletin", "社情民意"
        SPECIAL = "special", "社情民意专报"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    series = models.CharField("刊物", max_length=10, choices=Series.choices)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期号")
    published_on = models.DateField("编发日期")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_issue"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "series", "year", "number"], name="opinions_issue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"《{self.get_series_display()}》{self.year}年第{self.number}期"


class Opinion(models.Model):
    """One item of information (一事一报). Its state follows opinions/workflow.py."""

    class Channel(models.TextChoices):
        MEMBER = "member", "委员个人"
        UNIT = "unit", "参加单位"
        SPECIAL = "special", "专门委员会"
        INFORMANT = "informant", "特邀信息员"
        STATION = "station", "社情民意联络站"
        LOWER = "lower", "下级政协报送"
        REFERRAL = "referral", "提案转来"
        MERGED = "merged", "合并编辑"
        TOPIC_GROUP = "group", "主题议政"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        UNIT_REVIEW = "unit_review", "单位审核"
        RECEIVED = "received", "待受理"
        RETURNED = "returned", "已退回"
        EDITING = "editing", "编辑中"
        SIGNOFF = "signoff", "待签发"
        SIGNED = "signed", "已签发"
        ISSUED = "issued", "已编发"
        REPORTED = "reported", "已报送"
        ARCHIVED = "archived", "不予编发"
        MERGED = "merged", "已合并"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    channel = models.CharField("报送渠道", max_length=10, choices=Channel.choices, default=Channel.MEMBER)
    authors = models.ManyToManyField["Member", "Author"](
        Member, through="Author", related_name="+", blank=True
    )
    unit = models.ForeignKey(
        ParticipatingUnit,
        verbose_name="报送单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name="专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    correspondent = models.ForeignKey(
        Correspondent,
        verbose_name="信息员/联络站",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The chain across levels: the first item (None on the first item itself) and, for an item
    # that arrived from a lower committee, the report that brought it.
    origin = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="upstream_copies"
    )
    reported_via = models.OneToOneField(
        "Report", on_delete=models.PROTECT, null=True, blank=True, related_name="upstream"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并到",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions")
    forwarded_to = models.ForeignKey(
        HandlingUnit,
        verbose_name="转送部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Generic link to what the item came from (a proposal not filed, …).
    link_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    link_id = models.PositiveBigIntegerField(null=True, blank=True)
    link_label = models.CharField("来源事项", max_length=200, blank=True)
    link_url = models.CharField(max_length=300, blank=True)

    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    comment = models.TextField("退回意见", blank=True)
    archive_reason = models.TextField("不予编发理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_at = models.DateTimeField("编发时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_opinion"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["committee", "state", "id"], name="opinions_queue_idx"),
            models.Index(fields=["committee", "year"], name="opinions_year_idx"),
            models.Index(fields=["link_type", "link_id"], name="opinions_link_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def root_id(self) -> int:
        return self.origin_id or self.pk

    @property
    def length(self) -> int:
        return len("".join(self.body.split()))


class Author(models.Model):
    """A credited author of an item (first author first); merged items credit every author."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="author_rows")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "opinions_author"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["opinion", "member"], name="opinions_author_unique")]

    def __str__(self) -> str:
        return f"{self.opinion_id}:{self.member_id}"


class Revision(models.Model):
    """One version of an item's text. Number 1 is the text as submitted; edits append, so the
    original is always there to compare."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    note = models.CharField("修改说明", max_length=200, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "opinions_revision"
        ordering = ["opinion", "number"]
        constraints = [models.UniqueConstraint(fields=["opinion", "number"], name="opinions_revision_unique")]

    def __str__(self) -> str:
        return f"{self.opinion_id} v{self.number}"


class Attachment(CommitteeFile):
    """A file attached by the author (photos, survey tables…), checked by content on upload."""

    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="opinions/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "opinions_attachment"


class Report(models.Model):
    """An issued item sent to one recipient (报送): the party committee, the government, a
    department, or the parent committee — where it becomes a new incoming item (`upstream`)
    whose decisions set `status` here."""

    class Target(models.TextChoices):
        PARTY = "party", "党委"
        GOVERNMENT = "government", "政府"
        DEPARTMENT = "department", "有关部门"
        PARENT = "parent", "上级政协"

    class Status(models.TextChoices):
        PENDING = "pending", "待反馈"
        RECEIVED = "received", "已受理"
        ADOPTED = "adopted", "已采用"
        SPECIAL = "special", "专报采用"
        FORWARDED = "forwarded", "已转送"
        NOT_USED = "not_used", "未采用"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="reports")
    target = models.CharField("报送对象", max_length=12, choices=Target.choices)
    target_name = models.CharField("接收单位", max_length=100)
    department = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent_committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("反馈", max_length=10, choices=Status.choices, default=Status.PENDING)
    status_note = models.CharField("反馈说明", max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_report"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "target", "target_name"], name="opinions_report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id}→{self.target_name}"


class Level(models.TextChoices):
    """Adoption levels seen from the item's origin (本级 = the committee it was first sent to)."""

    LOCAL = "local", "本级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "全国"


class Adoption(models.Model):
    """One recipient's use of an item (采用), at one level: the committee's own bulletin, a
    higher committee, the party committee's office, the national CPPCC (单篇 or 转送)…"""

    class Kind(models.TextChoices):
        ADOPTED = "adopted", "采用"
        SINGLE = "single", "单篇采用"
        FORWARDED = "forwarded", "转送采用"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="adoptions")
    origin = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="chain_adoptions")
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    kind = models.CharField("方式", max_length=10, choices=Kind.choices, default=Kind.ADOPTED)
    recipient = models.CharField("采用单位", max_length=100)
    adopted_on = models.DateField("采用日期")
    issue_label = models.CharField("刊物期号", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_adoption"
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "level", "kind", "recipient"], name="opinions_adoption_unique"
            )
        ]
        indexes = [models.Index(fields=["origin", "level"], name="opinions_adoption_origin_idx")]

    def __str__(self) -> str:
        return f"{self.recipient}{self.get_kind_display()}"


class Instruction(models.Model):
    """A leader's written instruction (批示) on an item; it may open a supervision item for the
    department concerned, and its outcome is fed back to the authors."""

    class Level(models.TextChoices):
        COUNTY = "county", "县级"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"
        CENTRAL = "central", "中央"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="instructions")
    origin = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="chain_instructions")
    leader_name = models.CharField("批示领导", max_length=50)
    level = models.CharField("领导层级", max_length=10, choices=Level.choices)
    is_principal = models.BooleanField("主要领导", default=False)
    text = models.TextField("批示内容")
    given_on = models.DateField("批示日期")
    department = models.ForeignKey(
        HandlingUnit,
        verbose_name="落实部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supervision_item_id = models.PositiveBigIntegerField(null=True, blank=True)
    feedback = models.TextField("落实情况", blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_instruction"
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.leader_name}批示"


class UnitTally(models.Model):
    """A participating unit's points for one item chain (单位信息工作考评): one row for the
    highest adoption (rewritten when a higher level adopts) and one per instruction."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(ParticipatingUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    origin = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=30)  # "adoption" or "instruction:<id>"
    code = models.CharField(max_length=10)
    variant = models.CharField(max_length=20, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "opinions_unit_tally"
        constraints = [
            models.UniqueConstraint(fields=["unit", "origin", "key"], name="opinions_tally_unique")
        ]
        indexes = [models.Index(fields=["committee", "year"], name="opinions_tally_year_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.key} {self.points}"
