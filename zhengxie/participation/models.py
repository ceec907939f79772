"""Channels between members, the people and the office (DESIGN §3 row 6): 微建议 (short
suggestions the office screens and routes to a handling unit, which answers within a deadline and
is rated by the member) and member studios (委员工作室) with the receptions members record there.

A studio's problem can become a micro-suggestion, a 社情民意 item or a proposal draft; the link is
kept on this side (this app calls the opinions and proposals services, they know nothing of it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.lib.crypto import EncryptedTextField
from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee, HandlingUnit, Member, Sector
from zhengxie.org.scope import CommitteeScopedQuerySet

MICRO_LENGTH = 300  # 字: a micro-suggestion is short ("微")
TOPICS = (
    "城乡建设",
    "交通出行",
    "教育",
    "医疗卫生",
    "生态环境",
    "社会保障",
    "营商环境",
    "农业农村",
    "社会治理",
    "其他",
)


class ChannelSettings(models.Model):
    """A committee's deadlines for micro-suggestions: working days the office has to screen one,
    and working days a handling unit has to answer it once routed."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="+")
    screen_days = models.PositiveSmallIntegerField("甄别时限（工作日）", default=3)
    answer_days = models.PositiveSmallIntegerField("办理答复时限（工作日）", default=10)
    # The public contribution form then asks for an SMS code sent to the resident's phone.
    public_phone_verify = models.BooleanField("公众建言须验证手机号", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "participation_settings"

    def __str__(self) -> str:
        return f"{self.committee_id} 微建议时限"


class Studio(models.Model):
    """A member studio or station (委员工作室/站): its members, where it is, when it opens and the
    sectors or villages it serves."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    place = models.CharField("地点", max_length=200)
    opening = models.CharField("开放时间", max_length=100, help_text="如：每周三上午、每月10日")
    serves = models.CharField("服务的村（社区）", max_length=300, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name="联系界别", blank=True, related_name="+")
    members = models.ManyToManyField(Member, verbose_name="入驻委员", related_name="studios")
    is_active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "participation_studio"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Reception(models.Model):
    """One visit a member received at a studio: who came (a resident's name and phone, encrypted),
    the problem and what was done; what became of it (solved on the spot, passed on as a
    micro-suggestion, turned into 社情民意 or a proposal draft)."""

    class Visitor(models.TextChoices):
        RESIDENT = "resident", "群众"
        ENTERPRISE = "enterprise", "企业"

    class Outcome(models.TextChoices):
        OPEN = "open", "待处理"
        SOLVED = "solved", "当场解决"
        MICRO = "micro", "已转微建议"
        OPINION = "opinion", "已转社情民意"
        PROPOSAL = "proposal", "已转提案草稿"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="receptions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("接待日期", db_index=True)
    visitor_kind = models.CharField(
        "来访类别", max_length=10, choices=Visitor.choices, default=Visitor.RESIDENT
    )
    visitor_name = EncryptedTextField("来访人", blank=True)
    visitor_phone = EncryptedTextField("联系电话", blank=True)
    problem = models.TextField("反映的问题")
    action = models.TextField("处理情况", blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    micro = models.ForeignKey(
        "MicroSuggestion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opinion_id = models.BigIntegerField(null=True, blank=True)
    proposal_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "participation_reception"
        ordering = ["-id"]
        indexes = [models.Index(fields=["studio", "received_on"], name="participation_rcpt_day")]

    def __str__(self) -> str:
        return f"{self.studio} {self.received_on}"


class MicroSuggestion(models.Model):
    """微建议: a short suggestion by a member (or written at a studio for a resident) with a place
    and a topic. The office screens it within `screen_due_on` and routes it to a handling unit,
    which answers by `answer_due_on` (working days); the member then rates the answer."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待甄别"
        ROUTED = "routed", "办理中"
        ANSWERED = "answered", "已答复待评价"
        RATED = "rated", "已办结"
        DECLINED = "declined", "不予交办"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, verbose_name="提出委员", on_delete=models.PROTECT, related_name="+")
    studio = models.ForeignKey(
        Studio, verbose_name="委员工作室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField("标题", max_length=60)
    body = models.TextField("建议内容")
    place = models.CharField("地点", max_length=100)
    topic = models.CharField("类别", max_length=10, choices=[(t, t) for t in TOPICS])
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField("提出时间")
    screen_due_on = models.DateField("甄别期限", db_index=True)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name="办理单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    routed_at = models.DateTimeField("交办时间", null=True, blank=True)
    routing_note = models.CharField("交办意见", max_length=200, blank=True)
    answer_due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=200, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField("不予交办理由", max_length=200, blank=True)
    # Claimed by the overdue job with a conditional UPDATE: each deadline is chased once.
    screen_chased_at = models.DateTimeField(null=True, blank=True)
    answer_chased_at = models.DateTimeField(null=True, blank=True)
    # Where it went on (this side keeps the link; opinions and proposals do not know this app).
    opinion_id = models.BigIntegerField(null=True, blank=True)
    proposal_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "participation_micro"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["committee", "state"], name="participation_micro_state"),
            models.Index(fields=["unit", "state"], name="participation_micro_unit"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None or self.answer_due_on is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.answered_at) <= self.answer_due_on


class MicroPhoto(CommitteeFile):
    """A photo of the place a micro-suggestion is about."""

    suggestion = models.ForeignKey(MicroSuggestion, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="participation/micro/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "participation_micro_photo"


class Campaign(models.Model):
    """A suggestion campaign (建言征集, e.g. "我为发展献一策") or the standing column: a topic open
    for contributions over a period, from members, one sector's members, or the public (then it
    shows on the committee's public page). Contributions are moderated before anyone sees them;
    at the end the office writes a summary (Word) that can go on as a 社情民意 item."""

    class Audience(models.TextChoices):
        MEMBERS = "members", "全体委员"
        SECTOR = "sector", "界别委员"
        PUBLIC = "public", "社会公众"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("主题", max_length=100)
    description = models.TextField("征集说明")
    audience = models.CharField("征集对象", max_length=10, choices=Audience.choices)
    sector = models.ForeignKey(
        Sector, verbose_name="界别", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期", db_index=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    summary = models.TextField("征集综述", blank=True)
    opinion_id = models.BigIntegerField(null=True, blank=True)
    # The summary sent on as an input of a consultation (consultations keep no link back).
    consultation_id = models.BigIntegerField(null=True, blank=True)
    consultation_input_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "participation_campaign"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: object) -> bool:
        return self.closed_at is None and self.starts_on <= today <= self.ends_on  # type: ignore[operator]


class Contribution(models.Model):
    """One contribution to a campaign: by a member (signed in) or by a resident on the public page
    (name and phone encrypted, shown only to the office). Nothing is shown to anyone but the office
    before moderation publishes it; the office or a member may reply."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        PUBLISHED = "published", "已公开"
        REJECTED = "rejected", "未采用"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="contributions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resident_name = EncryptedTextField("姓名", blank=True)
    resident_phone = EncryptedTextField("手机号码", blank=True)
    resident_phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_verified = models.BooleanField("手机号已验证", default=False)
    body = models.TextField("建议内容")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField("回复", blank=True)
    replied_by_name = models.CharField(max_length=100, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "participation_contribution"
        ordering = ["-id"]
        indexes = [models.Index(fields=["campaign", "state"], name="participation_contrib_state")]

    def __str__(self) -> str:
        return self.body[:20]


class PhoneCode(models.Model):
    """An SMS code sent to a resident's phone from the public form where the committee requires a
    verified phone. Only a keyed hash of the code is kept; it expires, allows a few attempts and
    is used once (each claimed by a conditional UPDATE)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "participation_phone_code"
        indexes = [models.Index(fields=["committee", "phone_hash", "-id"], name="participation_code_phone")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.created_at:%Y-%m-%d %H:%M}"
