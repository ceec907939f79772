"""The SMS gateway interface. Each deployment plugs in its operator's gateway by dotted path
(settings.SMS_BACKEND); the default only logs, so nothing is sent by accident.

Delivery is at least once (notices.tasks): a worker that dies after the gateway accepted a message
but before it recorded "sent" sends it again after the lease. Every call therefore carries an
idempotency `key` (one per notice and channel, e.g. "notice-42-sms") that stays the same on every
retry; a gateway adapter passes it as the operator's client message id / dedup key (most Chinese
SMS platforms accept one, e.g. an "outId" or "SerialNo") so the operator sends the message once.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from zhengxie.lib.personal import mask_phone

logger = logging.getLogger("zhengxie.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str, *, key: str) -> None:
        """Send `text` to `phone`; raise on failure (the notice is retried with backoff). `key` is
        the same on every retry of the same notice: the gateway deduplicates on it."""


class LoggingSmsBackend:
    def send(self, phone: str, text: str, *, key: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text, extra={"sms_key": key})


def get_sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
