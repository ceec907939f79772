"""`manage.py backup`: a restored copy is complete and its audit log verifies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.audit.tampering import sql
from zhengxie.audit.anchors import write_anchors
from zhengxie.audit.services import record

ROOT = Path(__file__).resolve().parent.parent.parent


def _verify_restored(database_url: str, anchor_file: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py verify_audit` against the restored database, as an operator runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENGXIE_", "DJANGO_", "PYTEST"))}
    env.update(
        DATABASE_URL=database_url,
        ZHENGXIE_TESTING="1",
        ZHENGXIE_DATA_KEY=settings.DATA_KEY,
        ZHENGXIE_AUDIT_KEY=settings.AUDIT_KEY,
        ZHENGXIE_AUDIT_ANCHOR_FILE=str(anchor_file),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def live_log(transactional_db, settings, tmp_path):
    """A committed audit log with anchors, and an upload."""
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "live-anchors.jsonl")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "proposals").mkdir(parents=True)
    (tmp_path / "media" / "proposals" / "附件.txt").write_text("正文")
    events = [record(action=f"test.{i}", committee_id=i % 3) for i in range(9)]
    write_anchors()
    return events


def test_a_backup_holds_database_uploads_and_anchors(live_log, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path / "backup"))
    assert "备份完成" in capsys.readouterr().out
    names = {p.name for p in (tmp_path / "backup").iterdir()}
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert names == {database, "media.tar", "audit-anchors.jsonl", "manifest.json"}
    with tarfile.open(tmp_path / "backup" / "media.tar") as archive:
        assert "media/proposals/附件.txt" in archive.getnames()
    with pytest.raises(CommandError, match="备份目录已存在"):
        call_command("backup", "--output", str(tmp_path / "backup"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite restore")
def test_a_restored_sqlite_backup_verifies(live_log, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup"))
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(tmp_path / "backup" / "database.sqlite3", restored)  # the restore procedure
    result = _verify_restored(f"sqlite:///{restored}", tmp_path / "backup" / "audit-anchors.jsonl")
    assert result.returncode == 0, result.stderr
    assert "审计日志完整：3 条审计链，已校验 9 条事件" in result.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite restore")
def test_a_restored_backup_with_a_tampered_event_fails_verification(live_log, tmp_path):
    sql("UPDATE audit_event SET action = 'test.x' WHERE id = %s", [live_log[4].pk])
    call_command("backup", "--output", str(tmp_path / "backup"))
    result = _verify_restored(
        f"sqlite:///{tmp_path / 'backup' / 'database.sqlite3'}", tmp_path / "backup" / "audit-anchors.jsonl"
    )
    assert result.returncode != 0
    assert f"事件 #{live_log[4].pk} 内容与其哈希不符" in result.stderr


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_restore"), reason="PostgreSQL restore"
)
def test_a_restored_postgresql_backup_verifies(live_log, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup"))
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{os.getpid()}"
    client = [
        "--host",
        db["HOST"] or "127.0.0.1",
        "--port",
        str(db["PORT"] or 5432),
        "--username",
        db["USER"],
    ]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    subprocess.run(["createdb", *client, "-T", "template0", "-E", "UTF8", name], check=True, env=env)
    try:
        subprocess.run(
            ["pg_restore", *client, "--no-owner", "-d", name, str(tmp_path / "backup" / "database.pgdump")],
            check=True,
            env=env,
        )
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        result = _verify_restored(url, tmp_path / "backup" / "audit-anchors.jsonl")
        assert result.returncode == 0, result.stderr
        assert "审计日志完整：3 条审计链，已校验 9 条事件" in result.stdout
    finally:
        subprocess.run(["dropdb", *client, "--if-exists", name], check=True, env=env)
