"""Online, consistent backups: the database, the uploaded files and the audit anchors, in one folder.

SQLite is copied with its backup API (a consistent snapshot while the site keeps writing);
PostgreSQL with `pg_dump -Fc` (one snapshot transaction; the password goes through PGPASSWORD, never
the command line). The restore procedure is in docs/deploy.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zhengxie.lib.errors import DomainError

from .anchors import anchor_path

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FILE = "media.tar"
ANCHOR_FILE = "audit-anchors.jsonl"


def default_folder() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups" / f"zhengxie-{timezone.localtime():%Y%m%d-%H%M%S}"


def create_backup(folder: Path) -> dict[str, Any]:
    """Write a backup into `folder` (which must not exist yet); return its manifest."""
    if folder.exists():
        raise DomainError(f"备份目录已存在：{folder}")
    folder.mkdir(parents=True)
    # The anchors first: each names an event committed before it was written, so the database
    # snapshot taken next holds every event they name and the restored copy verifies against them.
    anchors = anchor_path()
    if anchors is not None and anchors.exists():
        shutil.copyfile(anchors, folder / ANCHOR_FILE)
    if connection.vendor == "sqlite":
        _sqlite_backup(folder / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        _pg_dump(folder / POSTGRES_FILE)
    else:
        raise DomainError(f"不支持备份此种数据库：{connection.vendor}")
    # The uploads last: a file is stored before the row that names it is committed.
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "w") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "files": {path.name: _sha256(path) for path in sorted(folder.iterdir())},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_backup(target_path: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # all pages in one step: one consistent snapshot
    finally:
        target.close()


def _pg_dump(target_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        raise DomainError("找不到 pg_dump：请安装与数据库服务器同版本的 PostgreSQL 客户端")
    db = connection.settings_dict
    args = ["pg_dump", "--format=custom", "--no-password", "--file", str(target_path)]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    args += ["--dbname", str(db["NAME"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise DomainError(f"pg_dump 失败：{done.stderr.strip()}")
