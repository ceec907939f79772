"""Committees and their organisation: terms and sessions, sectors, special committees,
participating units, handling units, people, members and role assignments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhengxie.lib.crypto import EncryptedTextField
from zhengxie.lib.personal import mask_id_number, mask_phone
from zhengxie.lib.pinyin import initials

from .roles import Role
from .scope import CommitteeScopedQuerySet


class Committee(models.Model):
    """A CPPCC committee (政协) at one level; committees form a tree national → county."""

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级政协",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField("代码", max_length=20, unique=True)

    class Meta:
        db_table = "org_committee"
        ordering = ["code"]
        verbose_name = "政协组织"

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Committee]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Term(models.Model):
    """A term of office (届), usually five years."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_term"
        ordering = ["committee", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="org_term_unique")]

    def __str__(self) -> str:
        return f"第{self.number}届"


class Session(models.Model):
    """A yearly plenary session of a term (第N届第M次会议) with its plenary dates."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="sessions")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField("次")
    plenary_opens_on = models.DateField("大会开幕")
    plenary_closes_on = models.DateField("大会闭幕")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_session"
        ordering = ["committee", "-plenary_opens_on"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="org_session_unique")]

    def __str__(self) -> str:
        return f"{self.term}第{self.number}次会议"


class Sector(models.Model):
    """A sector (界别) of the committee: 中国共产党, 民革, 经济界, 教育界…"""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="sectors")
    name = models.CharField("界别", max_length=50)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_sector"
        ordering = ["committee", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="org_sector_unique")]

    def __str__(self) -> str:
        return self.name


class SpecialCommittee(models.Model):
    """A special committee (专门委员会) such as 提案委员会 or 经济委员会."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="special_committees")
    name = models.CharField("名称", max_length=50)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_special_committee"
        ordering = ["committee", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="org_special_unique")]

    def __str__(self) -> str:
        return self.name


class ParticipatingUnit(models.Model):
    """A participating unit (参加单位): a democratic party, people's organisation, etc."""

    class Kind(models.TextChoices):
        PARTY = "party", "民主党派"
        CPC = "cpc", "中国共产党"
        NON_PARTY = "non_party", "无党派人士"
        PEOPLES_ORG = "peoples_org", "人民团体"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="participating_units")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    # The sector (界别) whose seats the unit nominates: its members on the roster are the unit's
    # own members (who its liaison invites to a joint activity the unit co-organises).
    sector = models.ForeignKey(
        Sector, verbose_name="对应界别", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_participating_unit"
        ordering = ["committee", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="org_punit_unique")]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(models.Model):
    """A handling unit (承办单位): a government department or other body that answers proposals."""

    class Kind(models.TextChoices):
        PARTY_ORGAN = "party_organ", "党委部门"
        GOVERNMENT = "government", "政府部门"
        JUDICIAL = "judicial", "法院检察院"
        PEOPLES_ORG = "peoples_org", "人民团体"
        ENTERPRISE = "enterprise", "企事业单位"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="handling_units")
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类别", max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    is_active = models.BooleanField("有效", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_handling_unit"
        ordering = ["committee", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="org_hunit_unique")]

    def __str__(self) -> str:
        return self.name


class UnitContact(models.Model):
    """A contact person of a handling unit (联系人): who staff call about a proposal or a task."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    job_title = models.CharField("职务", max_length=50, blank=True)
    phone = EncryptedTextField("手机", blank=True)
    is_primary = models.BooleanField("主要联系人", default=True)
    # The contact's login account (a clerk of this unit), opened from the contact list.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_contact",
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_unit_contact"
        ordering = ["unit", "-is_primary", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Person(models.Model):
    """A natural person. One person may be a member of several committees (e.g. city and
    province), so identity and personal data live here once, memberships in `Member`.

    Not committee-scoped itself: it is reached only through a Member the user may see.
    """

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    class Affiliation(models.TextChoices):
        CPC = "中共党员", "中共党员"
        RGD = "民革党员", "民革党员"
        DL = "民盟盟员", "民盟盟员"
        DNCA = "民建会员", "民建会员"
        APD = "民进会员", "民进会员"
        PWDP = "农工党党员", "农工党党员"
        ZGD = "致公党党员", "致公党党员"
        JS = "九三学社社员", "九三学社社员"
        TDSGL = "台盟盟员", "台盟盟员"
        NON_PARTY = "无党派人士", "无党派人士"
        MASSES = "群众", "群众"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    affiliation = models.CharField("政治面貌", max_length=20, choices=Affiliation.choices)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    job_title = models.CharField("职务职称", max_length=100, blank=True)
    phone = EncryptedTextField("手机", blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number = EncryptedTextField("身份证号", blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    # Pinyin initials of the name ("zs" for 张三, readings of the surname separated by spaces),
    # derived from `name` on every save; bulk writers set it with lib.pinyin.initials.
    name_initials = models.CharField(
        "姓名拼音首字母", max_length=100, blank=True, db_index=True, editable=False
    )

    class Meta:
        db_table = "org_person"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_initials = initials(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_initials"}
        super().save(*args, **kwargs)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class Member(models.Model):
    """A person's membership (委员) of one committee."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    sector = models.ForeignKey(Sector, verbose_name="界别", on_delete=models.PROTECT, related_name="members")
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name="专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    is_standing = models.BooleanField("常委", default=False)
    terms = models.ManyToManyField(Term, verbose_name="届次", related_name="members", blank=True)
    is_active = models.BooleanField("在任", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_member"
        ordering = ["committee", "sector__order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "person"], name="org_member_unique")]
        indexes = [models.Index(fields=["committee", "id"], name="org_member_committee_idx")]

    def __str__(self) -> str:
        return self.person.name


class RoleAssignment(models.Model):
    """A user holds a role in a committee; a handling-unit clerk also names the unit, a party's or
    people's organisation's liaison the participating unit."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="role_assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    handling_unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="clerks"
    )
    participating_unit = models.ForeignKey(
        ParticipatingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="liaisons"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_role_assignment"
        constraints = [
            models.UniqueConstraint(fields=["user", "committee", "role"], name="org_role_unique"),
            # Set exactly when the role is the liaison's.
            models.CheckConstraint(
                condition=models.Q(role=Role.UNIT_LIAISON, participating_unit__isnull=False)
                | (~models.Q(role=Role.UNIT_LIAISON) & models.Q(participating_unit__isnull=True)),
                name="org_role_liaison_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}@{self.committee_id}"


class AccountHome(models.Model):
    """The committee whose system administrator manages a login account (三员分立: accounts are
    managed per committee, roles granted by its security administrator). An account created
    without any role yet is still found by its committee's administrators through this row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="home")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "org_account_home"

    def __str__(self) -> str:
        return f"{self.user_id}@{self.committee_id}"
