"""Validation and masking of personal identifiers (mainland mobile numbers, 18-digit ID numbers)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

_PHONE = re.compile(r"^1[3-9]\d{9}$")
_ID = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def normalize_phone(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not _PHONE.match(phone):
        raise ValidationError("手机号码格式不正确，应为11位大陆手机号")
    return phone


def looks_like_phone(raw: str) -> bool:
    return bool(_PHONE.match(re.sub(r"[\s-]", "", raw or "")))


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw: str) -> str:
    """Return the upper-cased 18-digit ID number or raise with a message saying what is wrong."""
    number = (raw or "").strip().upper()
    if not _ID.match(number):
        raise ValidationError("身份证号码应为18位（最后一位可为X）")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError("身份证号码中的出生日期无效") from exc
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError("身份证号码校验位不正确")
    return number


def birth_date_from_id(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    return number[:3] + "*" * (len(number) - 7) + number[-4:] if len(number) > 7 else "****"
