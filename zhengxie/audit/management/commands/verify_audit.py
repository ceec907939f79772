from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxie.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the SM3 hash chain of the audit log; exit non-zero at the first bad event."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = verify_chain()
        if problem:
            raise CommandError(
                f"审计日志校验失败：事件 #{problem.event_id} {problem.reason}（已校验 {checked} 条）"
            )
        self.stdout.write(f"审计日志完整：已校验 {checked} 条事件")
