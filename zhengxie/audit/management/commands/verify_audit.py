from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxie.audit.anchors import anchor_path, write_anchors
from zhengxie.audit.verify import ChainSummary, chain_label, verify_all


class Command(BaseCommand):
    help = (
        "Verify every audit chain (keyed hashes, links, numbering, heads, outside anchors); print a "
        "line per chain and exit non-zero at the first problem. On success, anchor the heads."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(summary: ChainSummary) -> None:
            if summary.problem is None:
                anchored = f"，与 {summary.anchors} 个库外锚点一致" if summary.anchors else ""
                self.stdout.write(f"{chain_label(summary.chain)}：{summary.events} 条事件完整{anchored}")

        summaries = verify_all(on_chain=report)
        failed = next((s for s in summaries if s.problem), None)
        checked = sum(s.events for s in summaries)
        if failed and failed.problem:
            problem = failed.problem
            where = f"事件 #{problem.event_id} " if problem.event_id else ""
            raise CommandError(
                f"审计日志校验失败：{chain_label(failed.chain)}：{where}{problem.reason}"
                f"（已校验 {checked} 条事件）"
            )
        written = write_anchors()
        if anchor_path() is None:
            anchors = "未配置锚点文件（ZHENGXIE_AUDIT_ANCHOR_FILE），链尾只写入日志"
        else:
            anchors = f"已将 {written} 条链的链尾写入锚点文件"
        self.stdout.write(f"审计日志完整：{len(summaries)} 条审计链，已校验 {checked} 条事件；{anchors}")
