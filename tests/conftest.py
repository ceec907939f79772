from __future__ import annotations

import os
from typing import Any

import pytest

from tests.personas import Personas, build

# Playwright's sync API runs an event loop in the test thread; the live server and the ORM calls
# made by the test itself are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    """The worker recycles old database connections between rounds, as it must in production. In a
    test that would close the one connection holding the test's transaction (on PostgreSQL, once
    CONN_MAX_AGE has passed since it opened), so the worker code run by tests leaves it alone."""
    import django_tasks_db.management.commands.db_worker as db_worker

    from zhengxie.lib.management.commands import worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Most tests are about something other than the second factor; 2FA tests switch it back on.
    settings.REQUIRE_2FA = False


@pytest.fixture
def p(db: Any) -> Personas:
    """The personas (see tests/personas.py)."""
    return build()


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks: Any) -> Any:
    """`with run_jobs(): <request>` — the request's after-commit callbacks run (enqueueing its
    jobs), then `manage.py worker --once --queue-only` runs the queued jobs as production would."""
    from contextlib import contextmanager

    from django.core.management import call_command

    @contextmanager
    def runner() -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        call_command("worker", "--once", "--queue-only")

    return runner
