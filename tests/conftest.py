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
