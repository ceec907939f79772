"""A verified phone on the public contribution form, where the committee requires it: a six-digit
code sent through the SMS gateway interface (notices.sms), kept only as a keyed hash, valid for
ten minutes, five attempts, used once. Sending is limited per phone and per address on top of
the form's own limits (challenge.py), so the form cannot be used to flood someone's phone.

The contribution is stored in the same transaction that uses the code: a refused contribution
leaves the code usable, a wrong code stores nothing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import search_hash
from zhengxie.lib.errors import DomainError
from zhengxie.lib.personal import normalize_phone
from zhengxie.notices.sms import get_sms_backend

from .. import challenge
from ..models import Campaign, ChannelSettings, Contribution, PhoneCode
from .campaigns import contribute_as_resident

VALID_MINUTES = 10
MAX_ATTEMPTS = 5
CODES_PER_PHONE_PER_HOUR = 3


def required(committee_id: int) -> bool:
    return ChannelSettings.objects.filter(committee_id=committee_id, public_phone_verify=True).exists()


def _code_hash(phone_hash: str, code: str) -> str:
    # Keyed by the site's secret and the phone: a table dump does not give the codes away.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def _phone(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except Exception as exc:
        raise DomainError("请填写11位手机号码") from exc


def send_code(*, campaign: Campaign, phone: str) -> None:
    """Send a code to `phone` (the caller has checked the form's challenge and address limit)."""
    if not campaign.is_open(timezone.localdate()):
        raise DomainError("该征集活动不在征集期内")
    number = _phone(phone)
    phone_hash = search_hash(number)
    if challenge.hits(f"zx:public:code:{phone_hash}", 3600) > CODES_PER_PHONE_PER_HOUR:
        raise DomainError("该手机号获取验证码过于频繁，请一小时后再试")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        row = PhoneCode.objects.create(
            committee_id=campaign.committee_id,
            phone_hash=phone_hash,
            code_hash=_code_hash(phone_hash, code),
            expires_at=timezone.now() + timedelta(minutes=VALID_MINUTES),
        )
        record(action="participation.phone_code.sent", obj=campaign, by=None, data={"code": row.pk})
    get_sms_backend().send(
        number,
        f"【智慧政协】您在“{campaign.title}”建言的验证码为{code}，{VALID_MINUTES}分钟内有效。如非本人操作，请忽略。",
        key=f"phone-code-{row.pk}",
    )


def contribute_verified(*, campaign: Campaign, name: str, phone: str, body: str, code: str) -> Contribution:
    """Check the code against the latest one sent to the phone and store the contribution with a
    verified phone; a wrong, expired or spent code stores nothing."""
    number = _phone(phone)
    phone_hash = search_hash(number)
    now = timezone.now()
    latest = (
        PhoneCode.objects.filter(
            committee_id=campaign.committee_id, phone_hash=phone_hash, used_at__isnull=True
        )
        .order_by("-id")
        .first()
    )
    if latest is None or latest.expires_at <= now:
        raise DomainError("请先获取短信验证码（验证码10分钟内有效）")
    # Count the attempt first, conditionally: parallel guesses cannot exceed the limit.
    if not PhoneCode.objects.filter(pk=latest.pk, attempts__lt=MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    ):
        raise DomainError("验证码错误次数过多，请重新获取")
    if not hmac.compare_digest(latest.code_hash, _code_hash(phone_hash, code.strip())):
        raise DomainError("短信验证码不正确")
    with transaction.atomic():
        if not PhoneCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now):
            raise DomainError("验证码已使用，请重新获取")
        row = contribute_as_resident(campaign=campaign, name=name, phone=number, body=body, verified=True)
    return row
