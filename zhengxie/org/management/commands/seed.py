from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zhengxie.org.seed import SCALES, SEED_PASSWORD, seed_exists, seed_org


class Command(BaseCommand):
    help = "Generate synthetic data (fictional names) at county, city or province scale for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")

    def handle(self, *args: Any, scale: str, **options: Any) -> None:
        if seed_exists(scale):
            self.stdout.write(f"{scale} 规模的模拟数据已存在，未重复生成")
            return
        result = seed_org(scale)
        for label, seconds in result.timings.items():
            self.stdout.write(f"  {label:<16} {seconds:7.1f} s")
        self.stdout.write(
            f"已生成 {scale} 规模模拟数据：{len(result.committees)} 个政协；"
            f"每个政协一名提案干部账号 seed_<代码>，密码 {SEED_PASSWORD}"
        )
