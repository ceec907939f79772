"""Django's createsuperuser is switched off: there is no all-powerful account (三员分立)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Disabled: use `manage.py create_admin` to create a system, security or audit administrator."

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError("本平台不设超级管理员。请使用 manage.py create_admin 创建系统、安全或审计管理员。")
