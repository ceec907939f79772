"""Authentication endpoints and /me."""

from __future__ import annotations
