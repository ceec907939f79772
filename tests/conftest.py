from __future__ import annotations

import os
from typing import Any

import pytest

from tests.personas import Personas, build

# Playwright's sync API runs an event loop in the test thread; the live server and the ORM calls
# made by the test itself are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
