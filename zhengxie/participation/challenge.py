"""The public form's self-hosted challenge and rate limits (no outside service).

The challenge is a small sum written in Chinese numerals; the form carries the expected answer
signed with the site's key (django.core.signing) and a time stamp, so the server keeps no state,
an answer cannot be forged, and a token expires after `MAX_AGE`. Rate limits count attempts per
client address and per phone number in Django's cache (shared between servers when the cache is)."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

from zhengxie.lib.crypto import search_hash

SALT = "participation.challenge"
MAX_AGE = 30 * 60
DIGITS = "零一二三四五六七八九十"
PER_IP_PER_HOUR = 5
PER_PHONE_PER_DAY = 3


def new() -> tuple[str, str]:
    """(question, signed token) for the form."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = f"{DIGITS[a]}加{DIGITS[b]}等于几？（请填阿拉伯数字）"
    token = signing.dumps({"s": a + b, "n": secrets.token_hex(4)}, salt=SALT)
    return question, token


def passed(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return str(answer).strip() == str(data.get("s"))


def hits(key: str, timeout: int) -> int:
    """Count one more under `key` for `timeout` seconds and return the count."""
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def ip_allowed(ip: str | None) -> bool:
    """Count one attempt from this address; False once over the hourly limit."""
    return hits(f"zx:public:ip:{ip or 'unknown'}", 3600) <= PER_IP_PER_HOUR


def phone_allowed(phone: str) -> bool:
    return hits(f"zx:public:phone:{search_hash(phone)}", 24 * 3600) <= PER_PHONE_PER_DAY
