from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    # Uploaded evidence and reports go to a throwaway folder.
    settings.MEDIA_ROOT = tmp_path / "media"
