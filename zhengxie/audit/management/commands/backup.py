from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengxie.audit.backup import create_backup, default_folder
from zhengxie.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite backup API or pg_dump -Fc), the uploaded files and the audit "
        "anchors into a new folder, while the platform runs. Restore: docs/deploy.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="新建的备份目录（默认 var/backups/zhengxie-时间）")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["output"] or default_folder()
        try:
            manifest = create_backup(folder)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"备份完成：{folder}（{'、'.join(manifest['files'])}）")
