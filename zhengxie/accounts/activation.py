"""Opening accounts for the people on the lists the office keeps, and handing them their first
credential without any administrator choosing a password he could use later (三员分立).

An account is opened for a roster member (`roster_accounts_open`) or a handling unit's contact
(`contact_account_open`); its role follows from that list (`org.services.member_role_from_roster`,
`clerk_role_from_contacts`). The person then receives either

- an activation code (`ActivationCode`): single use, expiring, only its keyed hash stored; he
  enters it with his login name on the activation page and sets his own password; or
- a one-time initial password: random, hashed with its own salt per account, and the account
  must change it at the next login.

The system administrator resets a forgotten password the same way (`password_reset`). The
plaintext code or password exists only in the returned `Credential`, for the letter or the SMS.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import search_hash, search_hashes
from zhengxie.lib.errors import DomainError
from zhengxie.lib.personal import normalize_phone
from zhengxie.org import services as org
from zhengxie.org.models import Committee, Member, Person, UnitContact
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.org.selectors import is_administrator

from . import services
from .models import ActivationCode, ApiToken, User

CODE = "code"
PASSWORD = "password"
KINDS = (CODE, PASSWORD)
# No 0/O, 1/I/L: read off paper or an SMS by elderly members.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
# A one-time password is 12 random characters (about 68 bits), so it needs no key stretching to
# resist guessing from its hash; a lighter PBKDF2 keeps opening a whole roster to seconds, and
# Django upgrades the hash at the first login, when the user must change the password anyway.
ONE_TIME_ITERATIONS = 20_000
CODE_FAILURE_LIMIT = 5
IP_FAILURE_LIMIT = 20
IP_WINDOW_SECONDS = 15 * 60
BATCH = 100
FAILED = "登录名或激活码不正确，或激活码已过期、已使用"


@dataclass(frozen=True)
class Credential:
    """What one person is told: where and as whom to log in, and the one-time secret."""

    user_id: int
    username: str
    name: str
    phone: str
    kind: str  # CODE or PASSWORD
    secret: str
    expires_at: datetime | None


# --- issuing ----------------------------------------------------------------------------------


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_code() -> str:
    raw = _random(_CODE_ALPHABET, 8)
    return f"{raw[:4]}-{raw[4:]}"


def new_one_time_password() -> str:
    while True:
        raw = _random(_PASSWORD_ALPHABET, 12)
        if any(c.isupper() for c in raw) and any(c.islower() for c in raw) and any(c.isdigit() for c in raw):
            return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _code_hash(user_id: int, code: str) -> str:
    return search_hash(f"activation:{user_id}:{_normalise_code(code)}")


def _normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _one_time_hash(password: str) -> str:
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=ONE_TIME_ITERATIONS)
    return hasher.encode(password, hasher.salt())  # a fresh salt for every account


def credential_issue(
    *, user: User, kind: str, by: Any, action: str = "account.credential_issued"
) -> Credential:
    """A new activation code or one-time password for `user`; earlier open codes are voided and the
    current password stops working. Never for an administrator (no administrator resets another)."""
    if kind not in KINDS:
        raise DomainError("请选择发放激活码或一次性初始密码")
    if not user.is_active:
        raise DomainError("该账号已停用，请先启用")
    if by is not None and is_administrator(user):
        raise DomainError("不能为管理员账号发放或重置密码")
    now = timezone.now()
    expires_at = None
    with transaction.atomic():
        ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if kind == CODE:
            secret = new_code()
            expires_at = now + timedelta(days=settings.ACTIVATION_CODE_DAYS)
            ActivationCode.objects.create(
                user=user,
                code_hash=_code_hash(user.pk, secret),
                created_by=by if getattr(by, "pk", None) else None,
                expires_at=expires_at,
            )
            user.set_unusable_password()
        else:
            secret = new_one_time_password()
            user.password = _one_time_hash(secret)
        user.must_change_password = True
        user.password_changed_at = now
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        record(action=action, obj=user, by=by, data={"kind": kind})
    return Credential(
        user_id=user.pk,
        username=user.username,
        name=user.display_name or user.username,
        phone=user.phone,
        kind=kind,
        secret=secret,
        expires_at=expires_at,
    )


def password_reset(*, user: User, by: Any, kind: str) -> Credential:
    """The system administrator's reset of a forgotten password: a new code or one-time password,
    a forced change at the next login. The caller checks that `user` is in `by`'s scope."""
    return credential_issue(user=user, kind=kind, by=by, action="account.password_reset")


# --- opening accounts from the lists ---------------------------------------------------------


def _require_sysadmin(by: Any, committee_id: int) -> None:
    if by is not None and not has_role(by, committee_id, Role.SYSADMIN):
        raise DomainError("只有本政协的系统管理员可以开通账号")


def _free_username(preferred: Sequence[str]) -> str:
    for candidate in preferred:
        if candidate and not User.objects.filter(username=candidate).exists():
            return candidate
    base = preferred[-1]
    n = 2
    while User.objects.filter(username=f"{base}_{n}").exists():
        n += 1
    return f"{base}_{n}"


def _free_phone(phone: str) -> str:
    """The login phone, unless another account already uses it (then login by name only)."""
    if not phone:
        return ""
    phone = normalize_phone(phone)
    return "" if User.objects.filter(phone_hash__in=search_hashes(phone)).exists() else phone


def account_open(
    *, username: str, display_name: str, phone: str, committee: Committee, by: Any, kind: str
) -> Credential:
    """An account without any role (staff, a unit's leader…) for the security administrator to
    grant roles to; the system administrator never learns a password he chose."""
    _require_sysadmin(by, committee.pk)
    with transaction.atomic():
        user = org.account_create(
            username=username,
            display_name=display_name,
            password=None,
            phone=phone,
            by=by,
            committee=committee,
        )
        return credential_issue(user=user, kind=kind, by=by)


def _open_for_person(person: Person, committee: Committee, by: Any, kind: str, fallback: str) -> User:
    phone = _free_phone(person.phone)
    user = org.account_create(
        username=_free_username([phone, fallback]),
        display_name=person.name,
        password=None,
        phone=phone,
        by=by,
        committee=committee,
    )
    # Compare-and-set: two administrators opening the same member at once link one account.
    if Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user) != 1:
        raise DomainError(f"{person.name}已有账号")
    person.user = user
    return user


@dataclass
class RosterResult:
    credentials: list[Credential]
    linked: int  # members who had an account elsewhere and now hold the member role here
    skipped: int  # inactive members, or already holding the role


def roster_accounts_open(
    *, committee: Committee, member_ids: Iterable[int], by: Any, kind: str, batch: int = BATCH
) -> RosterResult:
    """Accounts for members of `committee`'s roster who have none, linked to their records
    (`Person.user`), each with the member role by the roster rule and a first credential.

    A member whose person already has an account (e.g. opened by another committee he sits on)
    only gets the member role here. Runs in batches of `batch` members, each its own transaction,
    so that opening a whole province roster never holds the write lock for long."""
    _require_sysadmin(by, committee.pk)
    if kind not in KINDS:
        raise DomainError("请选择发放激活码或一次性初始密码")
    ids = sorted(set(member_ids))
    result = RosterResult(credentials=[], linked=0, skipped=0)
    for start in range(0, len(ids), batch):
        members = list(
            Member.objects.filter(committee=committee, pk__in=ids[start : start + batch])
            .select_related("person", "committee")
            .order_by("pk")
        )
        with transaction.atomic():
            for member in members:
                if not member.is_active:
                    result.skipped += 1
                    continue
                person = member.person
                if person.user_id is None:
                    _open_for_person(person, committee, by, kind, fallback=f"wy{person.pk:06d}")
                    org.member_role_from_roster(member=member, by=by)
                    result.credentials.append(credential_issue(user=person.user, kind=kind, by=by))  # type: ignore[arg-type]
                elif org.member_role_from_roster(member=member, by=by) is not None:
                    result.linked += 1
                else:
                    result.skipped += 1
    return result


def contact_account_open(*, contact: UnitContact, by: Any, kind: str) -> Credential:
    """An account for a handling unit's contact, linked to the contact, with the clerk role for
    that unit by the contact-list rule."""
    _require_sysadmin(by, contact.committee_id)
    if contact.user_id is not None:
        raise DomainError(f"{contact.name}已有账号")
    with transaction.atomic():
        phone = _free_phone(contact.phone)
        user = org.account_create(
            username=_free_username([phone, f"dw{contact.pk:06d}"]),
            display_name=contact.name,
            password=None,
            phone=phone,
            by=by,
            committee=contact.unit.committee,
        )
        if UnitContact.objects.filter(pk=contact.pk, user__isnull=True).update(user=user) != 1:
            raise DomainError(f"{contact.name}已有账号")
        contact.user = user
        org.clerk_role_from_contacts(contact=contact, by=by)
        return credential_issue(user=user, kind=kind, by=by)


# --- redeeming a code -------------------------------------------------------------------------


def _ip_key(ip: str) -> str:
    return f"zx-activation-failures:{ip}"


def _fail(*, username: str, ip: str, code: ActivationCode | None) -> DomainError:
    """Count a failed attempt (on the code, and per IP) and audit it, outside the caller's
    transaction so that the refusal does not roll the count back."""
    with transaction.atomic():
        if code is not None:
            code.failures += 1
            update = {"failures": code.failures}
            if code.failures >= CODE_FAILURE_LIMIT:
                update["revoked_at"] = timezone.now()  # type: ignore[assignment]
            ActivationCode.objects.filter(pk=code.pk).update(**update)
        record(
            action="account.activation_failed",
            success=False,
            actor_name=username[:150],
            ip=ip or None,
            data={"code_voided": bool(code and code.failures >= CODE_FAILURE_LIMIT)},
        )
    try:
        cache.incr(_ip_key(ip))
    except ValueError:
        cache.set(_ip_key(ip), 1, IP_WINDOW_SECONDS)
    return DomainError(FAILED)


def _find_user(identifier: str) -> User | None:
    identifier = identifier.strip()
    user = User.objects.filter(username=identifier).first()
    if user is None:
        try:
            phone = normalize_phone(identifier)
        except ValidationError:
            return None
        user = User.objects.filter(phone_hash__in=search_hashes(phone)).first()
    return user


def activation_redeem(*, username: str, code: str, password: str, ip: str = "") -> User:
    """Activate an account with its code and the person's own password. Wrong guesses count on
    the code (voided after CODE_FAILURE_LIMIT) and per IP address (IP_FAILURE_LIMIT per window)."""
    if (cache.get(_ip_key(ip)) or 0) >= IP_FAILURE_LIMIT:
        raise DomainError(f"尝试次数过多，请{IP_WINDOW_SECONDS // 60}分钟后再试")
    user = _find_user(username)
    now = timezone.now()
    open_code = (
        ActivationCode.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).first()
        if user is not None and user.is_active
        else None
    )
    if (
        user is None
        or open_code is None
        or not secrets.compare_digest(open_code.code_hash, _code_hash(user.pk, code))
    ):
        raise _fail(username=username, ip=ip, code=open_code)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages)) from exc
    with transaction.atomic():
        # Single use even when two requests race: only one UPDATE finds the code open.
        if ActivationCode.objects.filter(pk=open_code.pk, used_at__isnull=True).update(used_at=now) != 1:
            raise DomainError(FAILED)
        services.password_set(user=user, password=password, by=user)
        record(action="account.code_redeemed", obj=user, by=user, ip=ip or None)
    return user
