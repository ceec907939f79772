"""Every write to the organisation: accounts, roles, people and members. Each is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import search_hash, search_hashes
from zhengxie.lib.errors import DomainError
from zhengxie.lib.personal import normalize_id_number, normalize_phone

from .models import (
    AccountHome,
    Committee,
    HandlingUnit,
    Member,
    ParticipatingUnit,
    Person,
    RoleAssignment,
    Sector,
    SpecialCommittee,
    UnitContact,
)
from .roles import ADMIN_ROLES, UNIT_ROLES, Role
from .scope import forget_assignments, has_role
from .selectors import is_administrator

if TYPE_CHECKING:
    from zhengxie.accounts.models import User


def account_create(
    *,
    username: str,
    display_name: str,
    password: str | None,
    by: Any,
    phone: str = "",
    must_change_password: bool = True,
    committee: Committee | None = None,
) -> User:
    """A login account, without any role: roles come from the roster, a unit's contact list, or
    the security administrator (三员分立). `password=None` makes an account that cannot log in
    until one is set; only `manage.py create_admin` and tests choose a password here. `committee`
    is the committee whose administrators manage the account (`AccountHome`)."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise DomainError(f"登录名“{username}”已被使用")
    phone = normalize_phone(phone) if phone else ""
    if phone and user_model.objects.filter(phone_hash__in=search_hashes(phone)).exists():
        raise DomainError("该手机号已绑定其他账号")
    with transaction.atomic():
        user = user_model(
            username=username,
            display_name=display_name,
            phone=phone,
            phone_hash=search_hash(phone) if phone else None,
            must_change_password=must_change_password,
            password_changed_at=timezone.now(),
        )
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        if committee is not None:
            AccountHome.objects.create(user=user, committee=committee)
        record(
            action="account.created",
            obj=user,
            by=by,
            committee_id=committee.pk if committee else None,
            data={"username": username},
        )
    return user


def role_grant(
    *,
    user: User,
    committee: Committee,
    role: str,
    by: Any,
    handling_unit: HandlingUnit | None = None,
    participating_unit: ParticipatingUnit | None = None,
) -> RoleAssignment:
    """Give `user` a role in `committee` (三员分立).

    Administrator roles are given only by `manage.py create_admin` (`by=None`): no administrator
    creates another. Business roles are granted by the committee's security administrator, not by
    the system administrator who creates the accounts; roles that follow a list kept by the office
    (the roster, a unit's contact list) are granted by `member_role_from_roster` and
    `clerk_role_from_contacts` instead. `by=None` is the platform itself (commands, demo data)."""
    role = Role(role)
    if by is not None:
        if role in ADMIN_ROLES:
            raise DomainError("管理员账号只能由部署人员使用 manage.py create_admin 创建，不能在平台上授予")
        if not has_role(by, committee.pk, Role.SECADMIN):
            raise DomainError("业务角色须由本政协的安全管理员授予")
    return _grant(
        user=user,
        committee=committee,
        role=role,
        by=by,
        handling_unit=handling_unit,
        participating_unit=participating_unit,
    )


def _grant(
    *,
    user: User,
    committee: Committee,
    role: Role,
    by: Any,
    handling_unit: HandlingUnit | None = None,
    participating_unit: ParticipatingUnit | None = None,
    rule: str = "",
) -> RoleAssignment:
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    if role in ADMIN_ROLES and held - {role}:
        raise DomainError("系统、安全、审计管理员须使用专用账号，不能兼任其他角色")
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        raise DomainError("管理员账号不能兼任业务角色")
    if role == Role.EXTERNAL_RATER and held - {role}:
        raise DomainError("第三方评议员须使用专用账号，不能兼任其他角色")
    if role != Role.EXTERNAL_RATER and Role.EXTERNAL_RATER in held:
        raise DomainError("第三方评议员账号不能兼任其他角色")
    if role in UNIT_ROLES:
        if handling_unit is None or handling_unit.committee_id != committee.pk:
            raise DomainError("承办单位经办人、负责人须指定本政协的承办单位")
    elif handling_unit is not None:
        raise DomainError("只有承办单位经办人、负责人需要指定承办单位")
    if role == Role.UNIT_LIAISON:
        if participating_unit is None or participating_unit.committee_id != committee.pk:
            raise DomainError("党派团体联络人须指定本政协的党派团体")
    elif participating_unit is not None:
        raise DomainError("只有党派团体联络人需要指定党派团体")
    if RoleAssignment.objects.filter(user=user, committee=committee, role=role).exists():
        raise DomainError("该用户已拥有此角色")
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(
            user=user,
            committee=committee,
            role=role,
            handling_unit=handling_unit,
            participating_unit=participating_unit,
        )
        data: dict[str, Any] = {
            "user": user.pk,
            "role": role,
            "unit": handling_unit.pk if handling_unit else None,
        }
        if participating_unit is not None:
            data["party"] = participating_unit.pk
        if rule:
            data["rule"] = rule
        record(action="role.granted", obj=assignment, by=by, data=data)
    forget_assignments(user)
    return assignment


def member_role_from_roster(*, member: Member, by: Any) -> RoleAssignment | None:
    """The roster is the authority for the member role: a person on a committee's roster whose
    account is linked to his record (`Person.user`) holds the member role there, without a
    security administrator's grant. None when he already holds it."""
    user = member.person.user
    if user is None or not member.is_active:
        raise DomainError("只有在任且已开通账号的委员才能获得委员角色")
    if RoleAssignment.objects.filter(user=user, committee_id=member.committee_id, role=Role.MEMBER).exists():
        return None
    return _grant(user=user, committee=member.committee, role=Role.MEMBER, by=by, rule="roster")


def clerk_role_from_contacts(*, contact: UnitContact, by: Any) -> RoleAssignment | None:
    """A handling unit's contact list is the authority for its clerks, as the roster is for
    members: the office keeps it, and the clerk role reaches only that unit's own items. A contact
    whose account is linked (`UnitContact.user`) is the unit's clerk. None when already held."""
    user = contact.user
    if user is None:
        raise DomainError("该联系人尚未开通账号")
    existing = RoleAssignment.objects.filter(
        user=user, committee_id=contact.committee_id, role=Role.UNIT_CLERK
    )
    if existing.filter(handling_unit_id=contact.unit_id).exists():
        return None
    if existing.exists():
        raise DomainError("该账号已是本政协另一承办单位的经办人")
    return _grant(
        user=user,
        committee=contact.unit.committee,
        role=Role.UNIT_CLERK,
        by=by,
        handling_unit=contact.unit,
        rule="contact_list",
    )


def role_revoke(*, assignment: RoleAssignment, by: Any) -> None:
    """Business roles are revoked by the committee's security administrator; administrator roles
    are never revoked on the platform (no administrator changes another)."""
    if by is not None:
        if assignment.role in ADMIN_ROLES:
            raise DomainError("管理员角色不能在平台上撤销")
        if not has_role(by, assignment.committee_id, Role.SECADMIN):
            raise DomainError("业务角色须由本政协的安全管理员撤销")
    with transaction.atomic():
        record(
            action="role.revoked",
            obj=assignment,
            by=by,
            data={"user": assignment.user_id, "role": assignment.role},
        )
        assignment.delete()
    forget_assignments(assignment.user)


def person_find_or_create(
    *,
    name: str,
    gender: str,
    affiliation: str,
    by: Any,
    ethnicity: str = "汉族",
    employer: str = "",
    job_title: str = "",
    phone: str = "",
    id_number: str = "",
) -> Person:
    """The person with this ID number if one exists (a member of another committee), else a new one."""
    id_number = normalize_id_number(id_number) if id_number else ""
    phone = normalize_phone(phone) if phone else ""
    if id_number:
        existing = Person.objects.filter(id_number_hash__in=search_hashes(id_number)).first()
        if existing is not None:
            return existing
    person = Person.objects.create(
        name=name,
        gender=gender,
        ethnicity=ethnicity or "汉族",
        affiliation=affiliation,
        employer=employer,
        job_title=job_title,
        phone=phone,
        phone_hash=search_hash(phone) if phone else "",
        id_number=id_number,
        id_number_hash=search_hash(id_number) if id_number else None,
    )
    record(action="person.created", obj=person, by=by)
    return person


def member_create(
    *,
    committee: Committee,
    person: Person,
    sector: Sector,
    by: Any,
    special_committee: SpecialCommittee | None = None,
    is_standing: bool = False,
) -> Member:
    if sector.committee_id != committee.pk or (
        special_committee is not None and special_committee.committee_id != committee.pk
    ):
        raise DomainError("界别和专委会须属于本政协")
    if Member.objects.filter(committee=committee, person=person).exists():
        raise DomainError(f"{person.name}已是本政协委员")
    with transaction.atomic():
        member = Member.objects.create(
            committee=committee,
            person=person,
            sector=sector,
            special_committee=special_committee,
            is_standing=is_standing,
        )
        term = committee.terms.order_by("-number").first()
        if term is not None:
            member.terms.add(term)
        record(action="member.created", obj=member, by=by, data={"person": person.pk})
    return member


# Fields a member may correct in his or her own record (PIPL Art. 46); the rest is kept by staff.
SELF_EDITABLE_FIELDS = ("ethnicity", "employer", "job_title", "phone")


def person_update(*, person: Person, by: Any, changes: dict[str, str]) -> Person:
    """Correct personal data. The audit event names the changed fields, never their values."""
    unknown = set(changes) - {"name", "gender", "affiliation", "id_number", *SELF_EDITABLE_FIELDS}
    if unknown:
        raise DomainError("不能修改这些字段：" + "、".join(sorted(unknown)))
    changed: list[str] = []
    with transaction.atomic():
        for field, value in changes.items():
            if field == "phone":
                value = normalize_phone(value) if value else ""
                person.phone_hash = search_hash(value) if value else ""
            if field == "id_number":
                value = normalize_id_number(value) if value else ""
                if (
                    value
                    and Person.objects.filter(id_number_hash__in=search_hashes(value))
                    .exclude(pk=person.pk)
                    .exists()
                ):
                    raise DomainError("该身份证号已登记在其他人员名下")
                person.id_number_hash = search_hash(value) if value else None
            if getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        if not changed:
            return person
        person.save()
        if "phone" in changed and person.user_id is not None:
            # The login phone follows the member's own phone.
            user_model = get_user_model()
            clash = user_model.objects.filter(phone_hash=person.phone_hash or None).exclude(pk=person.user_id)
            if person.phone and clash.exists():
                raise DomainError("该手机号已绑定其他账号")
            user_model.objects.filter(pk=person.user_id).update(
                phone=person.phone, phone_hash=person.phone_hash or None
            )
        record(action="person.updated", obj=person, by=by, data={"fields": changed})
    return person


def member_update(
    *,
    member: Member,
    by: Any,
    sector: Sector,
    special_committee: SpecialCommittee | None,
    is_standing: bool,
) -> Member:
    if sector.committee_id != member.committee_id or (
        special_committee is not None and special_committee.committee_id != member.committee_id
    ):
        raise DomainError("界别和专委会须属于本政协")
    before = (member.sector_id, member.special_committee_id, member.is_standing)
    with transaction.atomic():
        member.sector, member.special_committee, member.is_standing = sector, special_committee, is_standing
        member.save(update_fields=["sector", "special_committee", "is_standing"])
        after = (member.sector_id, member.special_committee_id, member.is_standing)
        if after != before:
            record(action="member.updated", obj=member, by=by, data={"before": before, "after": after})
    return member


def handling_unit_save(
    *, committee: Committee, name: str, kind: str, by: Any, unit: HandlingUnit | None = None
) -> HandlingUnit:
    """Create a handling unit, or rename / re-classify `unit`."""
    name = name.strip()
    clash = HandlingUnit.objects.filter(committee=committee, name=name)
    if unit is not None:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise DomainError(f"承办单位“{name}”已存在")
    if kind not in HandlingUnit.Kind.values:
        raise DomainError("单位类别无效")
    with transaction.atomic():
        if unit is None:
            unit = HandlingUnit.objects.create(committee=committee, name=name, kind=kind)
            record(action="handling_unit.created", obj=unit, by=by, data={"name": name})
        else:
            unit.name, unit.kind = name, kind
            unit.save(update_fields=["name", "kind"])
            record(action="handling_unit.updated", obj=unit, by=by, data={"name": name, "kind": kind})
    return unit


def unit_contact_create(*, unit: HandlingUnit, name: str, job_title: str, phone: str, by: Any) -> UnitContact:
    phone = normalize_phone(phone) if phone else ""
    with transaction.atomic():
        contact = UnitContact.objects.create(
            committee_id=unit.committee_id,
            unit=unit,
            name=name.strip(),
            job_title=job_title.strip(),
            phone=phone,
        )
        record(action="unit_contact.created", obj=contact, by=by, data={"unit": unit.pk})
    return contact


def account_set_active(*, user: User, active: bool, by: Any) -> None:
    """Deactivate or reactivate a non-administrator account. No administrator stops another."""
    if user.pk == getattr(by, "pk", None):
        raise DomainError("不能停用自己的账号")
    if by is not None and is_administrator(user):
        raise DomainError("不能停用或启用管理员账号")
    with transaction.atomic():
        type(user).objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        record(action="account.activated" if active else "account.deactivated", obj=user, by=by)
