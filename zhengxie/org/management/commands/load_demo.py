from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhengxie.org.demo import DEMO_PASSWORD, demo_accounts, load_demo


class Command(BaseCommand):
    help = "Load the fictional demo committee and its demo accounts (demo mode only; kept on rerun)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--address", default="http://127.0.0.1:8000", help="where the site is served")

    def handle(self, *args: Any, address: str = "http://127.0.0.1:8000", **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("演示数据只能在演示模式（ZHENGXIE_DEMO=1）下加载，不能写入生产数据库。")
        created = load_demo()
        self.stdout.write("已加载演示数据" if created else "演示数据已存在，保留现有数据")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}，无需第二因素）：")
        for account in demo_accounts():
            self.stdout.write(
                f"  {account.username:<24} {account.name:<8} {account.role:<12} {account.committee}"
            )
        self.stdout.write(f"\n请访问 {address}\n")
