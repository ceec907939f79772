from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxie.audit.services import record
from zhengxie.org.models import Committee


class Command(BaseCommand):
    help = "Create a committee (a new deployment's first one, or a lower level under --parent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--code", required=True, help="unique code, e.g. an administrative division code")
        parser.add_argument("--name", required=True, help="e.g. 青州市政协")
        parser.add_argument("--level", required=True, choices=Committee.Level.values)
        parser.add_argument("--parent", help="code of the committee one level up")

    def handle(
        self, *args: Any, code: str, name: str, level: str, parent: str | None, **options: Any
    ) -> None:
        if Committee.objects.filter(code=code).exists():
            raise CommandError(f"代码为 {code} 的政协已存在")
        parent_committee = None
        if parent:
            parent_committee = Committee.objects.filter(code=parent).first()
            if parent_committee is None:
                raise CommandError(f"没有代码为 {parent} 的上级政协")
        committee = Committee.objects.create(code=code, name=name, level=level, parent=parent_committee)
        record(action="committee.created", obj=committee, data={"code": code, "via": "command"})
        self.stdout.write(f"已创建 {name}（{code}）")
