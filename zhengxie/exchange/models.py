"""组群交流 (group exchange) and 联络联系 (contacts).

Working groups of members and staff (a sector group, a special committee's members, a research
team, a member's conversation with the office) exchange messages with attachments. Only the
group's members read it; each member's row keeps the id of the last message read, which gives the
unread counts. Messages older than the committee's retention setting are deleted with their files.

Contacts: each person's card says which of his contact data other members of the same committee
may see (name and sector always), and for staff the office phone shown in the liaison list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee, Member
from zhengxie.org.scope import CommitteeScopedQuerySet

BODY_MAX = 2000  # 字 per message
DEFAULT_RETENTION_MONTHS = 24


class ExchangeSettings(models.Model):
    """A committee's rules for group exchange (one row per committee, created on first use)."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="+")
    retention_months = models.PositiveSmallIntegerField(
        "消息保存期限（月）", default=DEFAULT_RETENTION_MONTHS
    )
    members_may_create_teams = models.BooleanField("委员可自建课题组", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.retention_months}"


class Group(models.Model):
    """One working group of a committee. Who may read it is exactly its `GroupMember` rows."""

    class Kind(models.TextChoices):
        SECTOR = "sector", "界别组"
        SPECIAL = "special", "专委会组"
        TEAM = "team", "课题调研组"
        WORK = "work", "工作群"
        OFFICE = "office", "联系机关"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("群名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.WORK)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # For a member's conversation with the office: what it is about (contacts.LIAISON_TOPICS).
    topic = models.CharField("联络事项", max_length=20, blank=True)
    last_message_id = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    member_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A person in a group, with the last message he has read (his unread count is the group's
    messages after it, not his own)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    last_read_id = models.PositiveBigIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="exchange_member_once")]
        indexes = [models.Index(fields=["user", "group"], name="exchange_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.group_id}"


class Message(models.Model):
    """One message in a group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="messages")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("内容", max_length=BODY_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["group", "id"], name="exchange_message_page")]

    def __str__(self) -> str:
        return self.body[:30]


class Attachment(CommitteeFile):
    """A picture or document sent with a message (checked by content)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="exchange/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "exchange_attachment"

    @property
    def is_picture(self) -> bool:
        return self.name.lower().endswith((".jpg", ".jpeg", ".png"))


class ContactCard(models.Model):
    """What a person shows in the committee's contact directory. Without a card nothing but name
    and sector is shown; the phone itself stays in `Person.phone` (encrypted)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    show_phone = models.BooleanField("向本会委员公开手机号码", default=False)
    show_work = models.BooleanField("向本会委员公开工作单位和职务", default=False)
    office_phone = models.CharField("办公电话", max_length=30, blank=True)
    liaison_note = models.CharField("联络事项说明", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user_id)
