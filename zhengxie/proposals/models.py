"""Proposals (提案): the closed loop from a member's draft through review and filing, assignment
to handling units, their replies, the proposers' ratings and re-handling, to the closed proposal
(domain.md §1). The proposal's own state follows proposals/workflow.py; each handling unit's share
of the work is an `Assignment` with its own small state, because under 会办 and 分办 several units
work on one proposal at once.

Local practice differs (review stages, reply categories, deadlines), so those values live in
`ProposalSettings`, one row per committee with the defaults of domain.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhengxie.lib.crypto import EncryptedTextField
from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import (
    Committee,
    HandlingUnit,
    Member,
    ParticipatingUnit,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from zhengxie.org.scope import CommitteeScopedQuerySet

DEFAULT_CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"]
DEFAULT_REJECT_REASONS = [
    "涉及党和国家秘密的",
    "国家明令禁止的",
    "中共党员对党内有关组织、人事安排等方面有意见的",
    "民主党派成员反映本组织内部问题的",
    "进入民事、刑事、行政诉讼以及仲裁程序的",
    "属于学术研讨的",
    "为本人或亲属解决个人问题的",
    "宣传、推介具体作品、产品的",
    "指明举报的",
    "内容空泛、没有具体建议的",
]
DEFAULT_RESULT_LABELS = {
    "A": "所提问题已经解决或基本解决",
    "B": "所提问题正在解决或已列入计划解决",
    "C": "因条件限制留作参考或说明解释",
    "D": "留作参考",
}


def _categories() -> list[str]:
    return list(DEFAULT_CATEGORIES)


def _reject_reasons() -> list[str]:
    return list(DEFAULT_REJECT_REASONS)


def _result_labels() -> dict[str, str]:
    return dict(DEFAULT_RESULT_LABELS)


def _review_stages() -> list[str]:
    return ["初审", "复审"]


class ProposalSettings(models.Model):
    """A committee's proposal rules as data (domain.md §1 defaults). Periods in calendar days or
    months unless the name says working days."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="+")
    review_stages = models.JSONField("审查环节", default=_review_stages)
    categories = models.JSONField("提案分类", default=_categories)
    reject_reasons = models.JSONField("不予立案理由", default=_reject_reasons)
    result_labels = models.JSONField("答复类别", default=_result_labels)
    use_category_d = models.BooleanField("启用D类答复", default=False)
    plenary_window_months = models.PositiveSmallIntegerField("大会提案征集期（开幕前几个月起）", default=3)
    cosign_days = models.PositiveSmallIntegerField("联名确认期限（天）", default=7)
    objection_days = models.PositiveSmallIntegerField("承办单位异议期限", default=10)
    objection_in_working_days = models.BooleanField("异议期限按工作日计", default=False)
    reply_months = models.PositiveSmallIntegerField("办理期限（交办后几个月）", default=3)
    max_months = models.PositiveSmallIntegerField("最长办理期限（交办后几个月）", default=6)
    co_opinion_days = models.PositiveSmallIntegerField("会办意见期限（交办后几天）", default=30)
    require_pre_contact = models.BooleanField("答复前须有办前沟通", default=False)
    rating_working_days = models.PositiveSmallIntegerField("评价期限（答复后几个工作日）", default=15)
    rehandle_months = models.PositiveSmallIntegerField("重新办理期限（几个月）", default=1)
    followup_months = models.PositiveSmallIntegerField("回头看（B类答复和重点提案答复后几个月）", default=6)
    collective_quota = models.PositiveSmallIntegerField("每个专委会、界别、参加单位每年集体提案数", default=1)
    # 双向评议 (seed 004): with its reply a unit rates the proposal's quality, each aspect 1..scale.
    quality_scale = models.PositiveSmallIntegerField("提案质量评价分制（每项满分，2至10）", default=5)
    # 三审三校 (seed 004): how many proofreading rounds a filed proposal's text goes through.
    proof_rounds = models.PositiveSmallIntegerField("立案后校对轮次（三审三校的“校”）", default=3)
    # The member groups (委员小组) and township liaison groups (乡镇联络组) that owe collective
    # proposals like the special committees, sectors and participating units (seed 004).
    quota_groups = models.JSONField("须提交集体提案的委员小组和联络组", default=list, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_settings"

    def __str__(self) -> str:
        return f"提案规则@{self.committee_id}"

    def result_choices(self) -> list[tuple[str, str]]:
        codes = ["A", "B", "C"] + (["D"] if self.use_category_d else [])
        return [(c, f"{c}类：{self.result_labels.get(c, '')}") for c in codes]


class ProposerKind(models.TextChoices):
    MEMBER = "member", "委员个人"
    JOINT = "joint", "委员联名"
    PARTY = "party", "党派"
    PEOPLES_ORG = "peoples_org", "人民团体"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"
    SECTOR = "sector", "界别"
    MEMBER_GROUP = "member_group", "委员小组"


COLLECTIVE_KINDS = (
    ProposerKind.PARTY,
    ProposerKind.PEOPLES_ORG,
    ProposerKind.SPECIAL_COMMITTEE,
    ProposerKind.SECTOR,
    ProposerKind.MEMBER_GROUP,
)


class HandlingMode(models.TextChoices):
    LEAD = "lead", "主办"
    JOINT = "joint", "会办"
    SPLIT = "split", "分办"


class Destination(models.TextChoices):
    """The default destinations (去向) of a proposal that is not filed; each committee keeps its
    own list as `NotFiledDestination` rows, seeded with these."""

    OPINION = "opinion", "转社情民意"
    LETTER = "letter", "转委员来信"
    REFERENCE = "reference", "转有关部门参考"
    NONE = "none", "不转送"


DEFAULT_DESTINATIONS = [
    # (code, name, hands the proposal to 社情民意, earns the proposers P04)
    (Destination.OPINION.value, str(Destination.OPINION.label), True, True),
    (Destination.LETTER.value, str(Destination.LETTER.label), False, False),
    (Destination.REFERENCE.value, str(Destination.REFERENCE.label), False, True),
    (Destination.NONE.value, str(Destination.NONE.label), False, False),
]


class NotFiledDestination(models.Model):
    """One of a committee's destinations (去向) for proposals not filed, e.g. 转社情民意 or a
    committee's own 转为意见建议. `to_opinion` hands the proposal's text to 社情民意 (through
    settings.REFERRAL_RECEIVERS); `rewarded` gives its proposers the duty points of P04."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("代码", max_length=20)
    name = models.CharField("去向", max_length=30)
    to_opinion = models.BooleanField("转为社情民意信息", default=False)
    rewarded = models.BooleanField("计入委员履职（未立案但转送）", default=False)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_not_filed_destination"
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="proposals_destination_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PublicScope(models.TextChoices):
    FULL = "full", "全文公开"
    SUMMARY = "summary", "摘要公开"
    NONE = "none", "不公开"


class Proposal(models.Model):
    """A proposal (提案). The number 届-次-序号 is given when it is filed."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        COSIGNING = "cosigning", "待联名确认"
        SUBMITTED = "submitted", "已提交"
        REVIEWING = "reviewing", "审查中"
        RETURNED = "returned", "退回修改"
        WITHDRAWN = "withdrawn", "已撤案"
        MERGED = "merged", "已并案"
        NOT_FILED = "not_filed", "不予立案"
        FILED = "filed", "已立案"
        ASSIGNED = "assigned", "已交办"
        REPLIED = "replied", "已答复"
        REHANDLING = "rehandling", "重新办理"
        CLOSED = "closed", "已办结"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session, verbose_name="次会议", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    is_plenary = models.BooleanField("大会提案", default=False)
    number = models.CharField("提案号", max_length=30, blank=True)
    serial = models.PositiveIntegerField("序号", null=True, blank=True)

    kind = models.CharField(
        "提案者类别", max_length=20, choices=ProposerKind.choices, default=ProposerKind.MEMBER
    )
    # The first proposer (第一提案人) of an individual or joint proposal; empty for a collective
    # one, which is credited to its organisation (never to whoever typed it in).
    proposer = models.ForeignKey(
        Member, verbose_name="第一提案人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A collective proposer: exactly one of these is set, matching `kind`.
    participating_unit = models.ForeignKey(
        ParticipatingUnit,
        verbose_name="党派/团体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name="专门委员会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.ForeignKey(
        Sector, verbose_name="界别", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group_name = models.CharField("委员小组", max_length=50, blank=True)
    # The convener (召集人) or responsible member who confirms a collective proposal.
    convener = models.ForeignKey(
        Member, verbose_name="召集人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposer_name = models.CharField("提案者", max_length=100)  # as printed on the form, for lists
    convener_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="召集人确认",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    convener_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Where the draft came from when another channel prepared it (a micro-suggestion, a topic
    # group's suggestion, a grassroots problem, a suggested topic…): the proposal shows the link;
    # the source keeps the proposal's id on its side.
    source_label = models.CharField("来源", max_length=120, blank=True)
    source_url = models.CharField(max_length=200, blank=True)

    title = models.CharField("案由", max_length=200)
    situation = models.TextField("情况", blank=True)
    analysis = models.TextField("分析", blank=True)
    suggestion = models.TextField("建议", blank=True)
    category = models.CharField("分类", max_length=40, blank=True)
    suggested_units = models.ManyToManyField(
        HandlingUnit, verbose_name="建议承办单位", blank=True, related_name="+"
    )
    consent_publish = models.BooleanField("同意公开", default=True)
    no_publish_reason = models.CharField("不同意公开的理由", max_length=200, blank=True)
    # jieba-segmented title and body, written at every save of the text, for similarity.
    terms = models.TextField(blank=True)

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=0)
    review_stage = models.PositiveSmallIntegerField("审查环节", default=0)
    cosign_until = models.DateField("联名确认截止", null=True, blank=True)
    return_comment = models.TextField("退回意见", blank=True)
    not_filed_reason = models.CharField("不予立案理由", max_length=200, blank=True)
    # The code of one of the committee's NotFiledDestination rows.
    destination = models.CharField("去向", max_length=20, blank=True)
    # What a non-filed proposal became elsewhere (e.g. a public-opinion submission).
    referral_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral_id = models.PositiveBigIntegerField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    is_key = models.BooleanField("重点提案", default=False)
    key_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="领衔督办领导",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mode = models.CharField("办理方式", max_length=10, choices=HandlingMode.choices, blank=True)
    objection_until = models.DateField("异议截止", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    original_due_on = models.DateField("原答复期限", null=True, blank=True)
    rating_until = models.DateField("评价截止", null=True, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    result = models.CharField("答复类别", max_length=1, blank=True)
    public_scope = models.CharField("公开范围", max_length=10, choices=PublicScope.choices, blank=True)
    is_excellent = models.BooleanField("优秀提案", default=False)
    # The 回头看 result, as the supervision office accepted it (the item's completion report).
    followup_result = models.TextField("回头看落实情况", blank=True)
    followup_on = models.DateField("回头看核实日期", null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_proposal"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], condition=~models.Q(number=""), name="proposals_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["committee", "state", "id"], name="proposals_queue_idx"),
            # The office's whole queue, newest first: without it PostgreSQL walks the primary key
            # backwards past every later committee's rows (on SQLite the plain committee index
            # already ends in the rowid).
            models.Index(fields=["committee", "id"], name="proposals_committee_idx"),
            models.Index(fields=["committee", "year", "state"], name="proposals_year_idx"),
            # Covers the yearly figures of many committees (reports: counted per committee over
            # one year): read from the index alone, not from rows that carry the long texts.
            models.Index(
                fields=[
                    "year",
                    "committee",
                    "state",
                    "result",
                    "submitted_at",
                    "replied_at",
                    "original_due_on",
                    "round",
                    "id",
                ],
                name="proposals_year_figures_idx",
            ),
            models.Index(fields=["proposer", "id"], name="proposals_proposer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '（未立案）'} {self.title}"

    @property
    def is_collective(self) -> bool:
        return self.kind in COLLECTIVE_KINDS

    @property
    def destination_label(self) -> str:
        """The name of the destination of a proposal not filed, as its committee calls it."""
        if not self.destination:
            return ""
        row = NotFiledDestination.objects.filter(
            committee_id=self.committee_id, code=self.destination
        ).first()
        if row is not None:
            return row.name
        return next((name for code, name, _, _ in DEFAULT_DESTINATIONS if code == self.destination), "")

    # States in which the proposal's text can no longer change.
    HANDLING_STATES = (State.ASSIGNED, State.REHANDLING)


class CoSigner(models.Model):
    """A co-signer (联名人) of a joint proposal, who confirms or declines."""

    class Answer(models.TextChoices):
        PENDING = "pending", "待确认"
        AGREED = "agreed", "同意"
        DECLINED = "declined", "不同意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    answer = models.CharField("确认", max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_cosigner"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="proposals_cosigner_unique")
        ]
        indexes = [models.Index(fields=["member", "answer"], name="proposals_cosigner_member_idx")]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.member_id}"


class Attachment(CommitteeFile):
    """A file of a proposal: supporting material, the seal document of a collective proposal, a
    reply document, a co-handling opinion or evidence of a handling contact."""

    class Kind(models.TextChoices):
        MATERIAL = "material", "附件材料"
        SEAL = "seal", "盖章件"
        REPLY = "reply", "答复件"
        OPINION = "opinion", "会办意见"
        EVIDENCE = "evidence", "沟通佐证"

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MATERIAL)
    file = models.FileField(upload_to="proposals/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "proposals_attachment"


class ReviewNote(models.Model):
    """One reviewer's decision at one review stage, shown to the proposer where it concerns him."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="review_notes")
    stage = models.CharField("审查环节", max_length=20)
    outcome = models.CharField("结果", max_length=20)
    comment = models.TextField("意见", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_review_note"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.stage} {self.outcome}"


class Assignment(models.Model):
    """One handling unit's share of a filed proposal: the lead (主办), a co-handling unit (会办)
    or one of several units under 分办, each with its own sign-for, deadline and reply."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        CO = "co", "会办"
        SPLIT = "split", "分办"

    class State(models.TextChoices):
        PENDING = "pending", "待签收"
        OBJECTING = "objecting", "异议审核中"
        HANDLING = "handling", "办理中"
        REPLIED = "replied", "已答复"  # the lead's or a split unit's approved reply; a co unit's sent opinion
        WITHDRAWN = "withdrawn", "已改办"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        HandlingUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("承办方式", max_length=10, choices=Role.choices)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    version = models.PositiveIntegerField(default=0)
    due_on = models.DateField("期限", db_index=True)
    # Each unit objects within its own window, counted from its own assignment (a replacement
    # unit after an accepted objection gets a fresh one).
    objection_until = models.DateField("异议截止", null=True, blank=True)
    # The due date a 催办 supervision item was opened for: the daily job claims the row by
    # setting it, so a rerun or a second worker opens no second item for the same lateness.
    urged_due_on = models.DateField("已催办的期限", null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_assignment"
        ordering = ["proposal", "role", "id"]
        indexes = [
            models.Index(fields=["unit", "state", "id"], name="proposals_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=~models.Q(state="withdrawn"),
                name="proposals_assignment_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}→{self.unit_id} {self.role}"

    ACTIVE_STATES = (State.PENDING, State.OBJECTING, State.HANDLING, State.REPLIED)


class Objection(models.Model):
    """A unit's objection to its assignment (改办申请), decided by proposal staff."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "同意改办"
        REFUSED = "refused", "不同意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="objections")
    reason = models.TextField("理由")
    suggested_unit = models.CharField("建议承办单位", max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_objection"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.state}"


class Contact(models.Model):
    """A handling unit's communication with the proposer (办前/办中/办后沟通, domain.md §1.11)."""

    class Stage(models.TextChoices):
        BEFORE = "before", "办前"
        DURING = "during", "办中"
        AFTER = "after", "办后"

    class Mode(models.TextChoices):
        MEETING = "meeting", "面商"
        PHONE = "phone", "电话"
        FORUM = "forum", "座谈"
        VISIT = "visit", "走访"
        VIDEO = "video", "视频"
        ONLINE = "online", "网络"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="contacts")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    mode = models.CharField("方式", max_length=10, choices=Mode.choices)
    on = models.DateField("日期")
    participants = models.CharField("参加人员", max_length=300)
    notes = models.TextField("沟通情况")
    evidence = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_contact"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.stage} {self.on}"


class CoOpinion(models.Model):
    """A co-handling unit's opinion (会办意见) sent to the lead unit."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="co_opinions")
    round = models.PositiveSmallIntegerField(default=1)
    text = models.TextField("会办意见")
    document = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_co_opinion"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="proposals_one_opinion_per_round")
        ]

    def __str__(self) -> str:
        return f"会办意见 {self.assignment_id}"


class Extension(models.Model):
    """A unit's request to move its reply deadline (延期申请), asked before the due date."""

    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField("延期理由")
    old_due_on = models.DateField("原期限")
    new_due_on = models.DateField("申请延至")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_extension"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(state="pending"),
                name="proposals_one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.new_due_on}"


class Reply(models.Model):
    """A unit's written reply (答复) for one handling round: drafted, co-signed by the 会办 units,
    reviewed by proposal staff (who may return it or adjust the category, both kept), approved."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        COSIGNING = "cosigning", "待会签"
        REVIEWING = "reviewing", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=0)
    category = models.CharField("答复类别", max_length=1)
    adjusted_category = models.CharField("审核调整后类别", max_length=1, blank=True)
    text = models.TextField("答复内容")
    summary = models.TextField("答复摘要", blank=True)
    document = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signing_leader = models.CharField("签发领导", max_length=50)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = EncryptedTextField("联系电话")
    public_scope = models.CharField(
        "公开范围", max_length=10, choices=PublicScope.choices, default=PublicScope.NONE
    )
    cosigned_by = models.JSONField("已会签单位", default=list)  # handling unit ids
    review_comment = models.TextField("审核意见", blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The unit's rating of the proposal's quality (双向评议), each 1..ProposalSettings.quality_scale.
    quality_research = models.PositiveSmallIntegerField("调研深度", null=True, blank=True)
    quality_feasibility = models.PositiveSmallIntegerField("建议可行性", null=True, blank=True)
    quality_clarity = models.PositiveSmallIntegerField("表述清晰", null=True, blank=True)
    quality_comment = models.CharField("对提案质量的意见", max_length=500, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_reply"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="proposals_one_reply_per_round")
        ]

    def __str__(self) -> str:
        return f"答复 {self.proposal_id}/{self.assignment_id} 第{self.round}轮"

    @property
    def final_category(self) -> str:
        return self.adjusted_category or self.category

    @property
    def quality_rated(self) -> bool:
        return self.quality_research is not None


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Rating(models.Model):
    """A proposer's rating of one handling round (the first proposer and each co-signer rate)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(default=1)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    work = models.CharField("办理工作", max_length=15, choices=Satisfaction.choices)
    result = models.CharField("办理结果", max_length=15, choices=Satisfaction.choices)
    comment = models.TextField("意见", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_rating"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round", "member"], name="proposals_one_rating")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.member_id}: {self.work}/{self.result}"


class Commendation(models.Model):
    """A year-end commendation: an excellent proposal (优秀提案) or an advanced handling unit
    (先进承办单位)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", "优秀提案"
        UNIT = "unit", "先进承办单位"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_commendation"
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "proposal"],
                condition=models.Q(kind="proposal"),
                name="proposals_commend_proposal_once",
            ),
            models.UniqueConstraint(
                fields=["committee", "year", "unit"],
                condition=models.Q(kind="unit"),
                name="proposals_commend_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"


class ProofRound(models.Model):
    """One proofreading round (校对) of a filed proposal's text before it goes out: the office's
    corrections, field by field, and the proposer's answer (confirmed, or a comment the office
    takes into the next round). The corrections are applied to the proposal at once, so the text
    handed to the units and published is always the proofread one."""

    class State(models.TextChoices):
        PENDING = "pending", "待提案者确认"
        CONFIRMED = "confirmed", "提案者已确认"
        COMMENTED = "commented", "提案者有意见"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="proof_rounds")
    number = models.PositiveSmallIntegerField("轮次")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    note = models.CharField("校对说明", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField("提案者意见", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_proof_round"
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposals_proof_round_unique"),
            models.UniqueConstraint(
                fields=["proposal"], condition=models.Q(state="pending"), name="proposals_one_pending_proof"
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}校 {self.proposal_id}"


class ProofCorrection(models.Model):
    """One field's text before and after a proofreading round."""

    class Field(models.TextChoices):
        TITLE = "title", "案由"
        SITUATION = "situation", "情况"
        ANALYSIS = "analysis", "分析"
        SUGGESTION = "suggestion", "建议"

    round = models.ForeignKey(ProofRound, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField("栏目", max_length=20, choices=Field.choices)
    before = models.TextField("校对前")
    after = models.TextField("校对后")

    class Meta:
        db_table = "proposals_proof_correction"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"{self.round_id} {self.field}"


class ClaimWindow(models.Model):
    """The period in which the committee's leaders claim key proposals to supervise (认领, seed
    004: 班子成员“认领”督办任务), one per committee and year, opened by the proposal office."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("认领开始")
    closes_on = models.DateField("认领截止")
    leaders_per_proposal = models.PositiveSmallIntegerField("每件提案可由几位领导认领", default=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_claim_window"
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="proposals_one_claim_window_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年重点提案认领"


class KeyClaim(models.Model):
    """A leader's claim of a key proposal to supervise. The first claim makes the leader the
    proposal's supervising leader (领衔督办)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="claims")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_key_claim"
        ordering = ["proposal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "leader"], name="proposals_claim_once_per_leader")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} ← {self.leader_id}"


class AssistRequest(models.Model):
    """协助审查修改: a member asks the proposal office to help with a proposal he or she will
    submit to an upper level's session (e.g. the province's plenary); the office returns its
    comments and an edited text, and the member keeps both."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待办理"
        ANSWERED = "answered", "已反馈"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    upper_level = models.CharField("拟提交的上级政协会议", max_length=100)
    title = models.CharField("案由", max_length=200)
    text = models.TextField("提案稿")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    comments = models.TextField("审查意见", blank=True)
    edited_text = models.TextField("修改稿", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_assist_request"
        ordering = ["-id"]
        indexes = [models.Index(fields=["committee", "state", "id"], name="proposals_assist_queue_idx")]

    def __str__(self) -> str:
        return f"协助审查修改：{self.title}"


class InspectionGroup(models.Model):
    """三办督导组: the committee office, the party committee office and the government office
    jointly inspect how handling units work on proposals, one group per year (or several)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    name = models.CharField("督导组名称", max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_inspection_group"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["committee", "year"], name="proposals_insp_group_idx")]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class InspectionMember(models.Model):
    """One person of a group; names are free text because many come from outside the platform."""

    class Office(models.TextChoices):
        COMMITTEE = "committee", "政协办公室"
        PARTY = "party", "党委办公室"
        GOVERNMENT = "government", "政府办公室"
        OTHER = "other", "其他单位"

    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    office = models.CharField("所在办公室", max_length=20, choices=Office.choices)
    title = models.CharField("职务", max_length=100, blank=True)

    class Meta:
        db_table = "proposals_inspection_member"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class InspectionVisit(models.Model):
    """A planned visit of a group to one handling unit; after it the office records the findings
    and a rating, and the unit replies (by a deadline when one is set)."""

    class State(models.TextChoices):
        PLANNED = "planned", "待督导"
        AWAITING = "awaiting", "待单位回复"
        REPLIED = "replied", "单位已回复"

    class Rating(models.TextChoices):
        GOOD = "good", "好"
        FAIR_GOOD = "fair_good", "较好"
        AVERAGE = "average", "一般"
        POOR = "poor", "差"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(InspectionGroup, on_delete=models.PROTECT, related_name="visits")
    unit = models.ForeignKey(
        HandlingUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    visit_on = models.DateField("督导日期")
    proposals = models.ManyToManyField(Proposal, verbose_name="查看的提案", blank=True, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PLANNED)
    findings = models.TextField("督导意见", blank=True)
    rating = models.CharField("评价", max_length=10, choices=Rating.choices, blank=True)
    reply_due = models.DateField("回复期限", null=True, blank=True)
    findings_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    findings_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField("单位回复", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_inspection_visit"
        ordering = ["-visit_on", "-id"]
        indexes = [
            models.Index(fields=["committee", "state", "id"], name="proposals_insp_visit_idx"),
            models.Index(fields=["unit", "state"], name="proposals_insp_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"督导{self.unit_id}（{self.visit_on}）"


class SuggestedTopic(models.Model):
    """提案选题 (seed 004): a topic a leader suggests (领导点题) or one the public suggested and the
    office entered (群众荐题). The office publishes the year's list; members take topics up, each
    taking making a proposal draft of the member's own (TopicUptake keeps the link)."""

    class Source(models.TextChoices):
        LEADER = "leader", "领导点题"
        PUBLIC = "public", "群众荐题"

    class State(models.TextChoices):
        DRAFT = "draft", "待发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    title = models.CharField("题目", max_length=200)
    description = models.TextField("说明", blank=True)
    category = models.CharField("分类", max_length=40, blank=True)
    source_note = models.CharField("推荐来源", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "proposals_topic"
        ordering = ["-id"]
        indexes = [models.Index(fields=["committee", "year", "state", "id"], name="proposals_topic_list_idx")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{self.title}"


class TopicUptake(models.Model):
    """A member took a topic up (领题): the proposal draft made for him or her from it. One per
    member and topic: a second click opens the draft already made."""

    topic = models.ForeignKey(SuggestedTopic, on_delete=models.PROTECT, related_name="uptakes")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="topic_uptake")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "proposals_topic_uptake"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="proposals_topic_uptake_once"),
        ]

    def __str__(self) -> str:
        return f"领题：{self.topic_id}"
