"""The SMS gateway interface. Each deployment plugs in its operator's gateway by dotted path
(settings.SMS_BACKEND); the default only logs, so nothing is sent by accident."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from zhengxie.lib.personal import mask_phone

logger = logging.getLogger("zhengxie.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def get_sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
