"""Personal data at rest: SM4-GCM encryption, HMAC-SM3 search hashes, SM3 digests.

One master key (settings.DATA_KEY) is split by HMAC-SM3 into an encryption key and a hashing key,
so a leaked search hash never helps decrypt, and rotating means re-deriving both.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
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


def encrypt(plaintext: str) -> str:
    enc_key, _ = _keys(settings.DATA_KEY)
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return _PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an SM4-GCM token")
    enc_key, _ = _keys(settings.DATA_KEY)
    raw = base64.b64decode(token[len(_PREFIX) :])
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


class EncryptedTextField(models.TextField):
    """A text column stored as SM4-GCM ciphertext; Python code sees plaintext.

    It cannot be filtered on: pair it with a `*_hash` column filled from `search_hash()`.
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
