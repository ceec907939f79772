"""Personal data at rest: SM4-GCM encryption, HMAC-SM3 search hashes, SM3 digests.

One master key (settings.DATA_KEY) is split by HMAC-SM3 into an encryption key and a hashing key,
so a leaked search hash never helps decrypt, and rotating means re-deriving both.

Keys are versioned so they can be rotated while the platform runs (docs/deploy.md): the current
key is DATA_KEY with its number DATA_KEY_VERSION, earlier keys stay readable through
DATA_KEYS_OLD ("1:hex,2:hex"). A ciphertext names the version that wrote it
(`sm4gcm1:k2:...`); one without a version (written before versions existed) is version 1.
Search hashes cannot name their key, so during a rotation lookups try the hash under every
configured key (`search_hashes`), and `manage.py rotate_data_key` rewrites ciphertexts and
hashes under the current key (lib/keyrotation.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.db import models

_PREFIX = "sm4gcm1:"
_NONCE_BYTES = 12
_TAG_BYTES = 16


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[bytes, bytes]:
    master = bytes.fromhex(master_hex)
    if len(master) != 16:
        raise ValueError("ZHENGXIE_DATA_KEY must be 32 hex digits (a 128-bit SM4 key)")
    enc = hmac.new(master, b"zhengxie field encryption", "sm3").digest()[:16]
    mac = hmac.new(master, b"zhengxie search hash", "sm3").digest()
    return enc, mac


_VERSIONED = re.compile(r"k(\d{1,6}):")


def current_key_version() -> int:
    return int(getattr(settings, "DATA_KEY_VERSION", 1) or 1)


@lru_cache(maxsize=8)
def _parse_old_keys(raw: str) -> dict[int, str]:
    """ "1:hex,v2:hex" -> {1: hex, 2: hex}."""
    keys: dict[int, str] = {}
    for item in raw.split(","):
        if not item.strip():
            continue
        version, sep, key = item.strip().partition(":")
        version = version.strip().lstrip("vV")
        if not sep or not version.isdigit():
            raise ValueError("ZHENGXIE_DATA_KEYS_OLD must read like 1:hex,2:hex")
        keys[int(version)] = key.strip()
    return keys


def key_ring() -> dict[int, str]:
    """Every configured master key by version, the current one included (and winning)."""
    old = getattr(settings, "DATA_KEYS_OLD", "") or ""
    ring = dict(_parse_old_keys(old)) if isinstance(old, str) else {int(k): v for k, v in dict(old).items()}
    ring[current_key_version()] = settings.DATA_KEY
    return ring


def _master_for(version: int) -> str:
    master = key_ring().get(version)
    if master is None:
        raise ValueError(f"personal data was written with key version {version}, which is not configured")
    return master


def key_version_of(token: str) -> int:
    """The key version a ciphertext was written with (1 for tokens older than versions)."""
    if not token.startswith(_PREFIX):
        raise ValueError("not an SM4-GCM token")
    match = _VERSIONED.match(token, len(_PREFIX))
    return int(match.group(1)) if match else 1


def encrypt(plaintext: str) -> str:
    version = current_key_version()
    enc_key, _ = _keys(settings.DATA_KEY)
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"{_PREFIX}k{version}:" + base64.b64encode(nonce + body + encryptor.tag).decode()


def decrypt(token: str) -> str:
    version = key_version_of(token)
    match = _VERSIONED.match(token, len(_PREFIX))
    enc_key, _ = _keys(_master_for(version))
    raw = base64.b64decode(token[match.end() if match else len(_PREFIX) :])
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise ValueError("personal data failed its integrity check") from exc


def search_hash(value: str) -> str:
    """Keyed hash of a normalised value: equal inputs match, the table alone reveals nothing."""
    _, mac_key = _keys(settings.DATA_KEY)
    return hmac.new(mac_key, value.strip().upper().encode(), "sm3").hexdigest()


def search_hashes(value: str) -> list[str]:
    """The value's search hash under the current key first, then under every older configured
    key: lookups filter with `__in` so that rows not yet rotated are still found."""
    normalised = value.strip().upper().encode()
    ring = key_ring()
    order = [current_key_version(), *sorted((v for v in ring if v != current_key_version()), reverse=True)]
    return [hmac.new(_keys(ring[v])[1], normalised, "sm3").hexdigest() for v in order]


class EncryptedTextField(models.TextField):
    """A text column stored as SM4-GCM ciphertext; Python code sees plaintext.

    It cannot be filtered on: pair it with a `<name>_hash` column filled from `search_hash()`
    (the key rotation finds the pair by that name) and look it up with `search_hashes()`.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


# --- Audit log keys --------------------------------------------------------------------------
# The audit chain is keyed so that someone who can write to the database but does not hold the key
# cannot re-hash a rewritten log. The key lives in the environment, never in the database.


@lru_cache(maxsize=4)
def _audit_key(audit_key_hex: str, data_key_hex: str) -> bytes:
    if audit_key_hex:
        key = bytes.fromhex(audit_key_hex)
        if len(key) < 16:
            raise ValueError("ZHENGXIE_AUDIT_KEY must be at least 32 hex digits (128 bits)")
        return key
    # Without a key of its own the audit key is derived from the data key, labelled apart from the
    # personal-data keys so that neither helps to find the other.
    return hmac.new(bytes.fromhex(data_key_hex), b"zhengxie audit chain", "sm3").digest()


def audit_key() -> bytes:
    """The HMAC-SM3 key of the audit chain: ZHENGXIE_AUDIT_KEY, else derived from the data key."""
    return _audit_key(getattr(settings, "AUDIT_KEY", ""), settings.DATA_KEY)


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, "sm3").hexdigest()
