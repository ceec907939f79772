"""Rebuild the search index from the records (every provider in settings.SEARCH_PROVIDERS)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxie.org.models import Committee
from zhengxie.org.selectors import subtree_ids
from zhengxie.search.index import kind_label, rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（可只重建某个政协及其下级）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--committee", help="政协代码或编号；同时重建其下级政协")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = None
        if options["committee"]:
            raw = options["committee"]
            committee = Committee.objects.filter(code=raw).first()
            if committee is None and str(raw).isdigit():
                committee = Committee.objects.filter(pk=int(raw)).first()
            if committee is None:
                raise CommandError(f"没有代码或编号为 {raw} 的政协")
            scope = subtree_ids(committee.pk)
            self.stdout.write(f"重建 {committee.name} 及下级共 {len(scope)} 个政协的索引")
        started = time.monotonic()

        def progress(kind: str, done: int) -> None:
            self.stdout.write(
                f"  {kind_label(kind) or kind}：已写入 {done} 条（{time.monotonic() - started:.1f} 秒）"
            )

        total = rebuild(committee_ids=scope, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"完成：共 {total} 条，用时 {time.monotonic() - started:.1f} 秒")
        )
