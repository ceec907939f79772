"""Production settings: `check --deploy` is clean, secrets are required, no asset comes from a CDN."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENGXIE_", "DJANGO_", "PYTEST"))}
    env.update(
        ZHENGXIE_SECRET_KEY=secrets.token_urlsafe(50),
        ZHENGXIE_DATA_KEY=secrets.token_hex(16),
        ZHENGXIE_ALLOWED_HOSTS="zx.example.gov.cn",
        DJANGO_SETTINGS_MODULE="zhengxie.settings",
    )
    env.update(extra)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets() -> None:
    env = _production_env()
    del env["ZHENGXIE_DATA_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ZHENGXIE_DATA_KEY" in result.stderr


def test_demo_data_cannot_be_loaded_into_a_production_database() -> None:
    result = _manage("load_demo", env=_production_env())
    assert result.returncode != 0


CDN = re.compile(
    r"https?://(cdn\.|unpkg\.com|cdnjs|jsdelivr|fonts\.googleapis|ajax\.googleapis|code\.jquery)"
)


def test_no_template_or_static_file_links_to_an_outside_host() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("templates", "static", "zhengxie")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".html", ".css", ".js", ".py"} and CDN.search(path.read_text(errors="ignore"))
    ]
    assert offenders == []
