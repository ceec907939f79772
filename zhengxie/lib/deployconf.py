"""Settings for running on more than one server, read from the environment by settings.py: the
shared cache, the session engine and the attachments' storage. No Django imports beyond the
exception, so settings.py can use it before apps load."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# The table `db://` uses unless the URL names another; the lib app's migration creates it, so no
# extra `createcachetable` is needed for the default name.
CACHE_TABLE = "zhengxie_cache"


def cache_from_url(url: str) -> dict[str, Any]:
    """`locmem://` (one process), `db://[table]` (the database, shared by every server) or
    `redis://host:port/db` (Redis; needs the `redis` package) -> a CACHES["default"] entry."""
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhengxie"}
    if scheme == "db":
        table = url.split("://", 1)[1].strip("/") or CACHE_TABLE
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"ZHENGXIE_CACHE_URL={url!r}: use locmem://, db:// or redis://host:port/db")


def cache_is_shared(cache: dict[str, Any]) -> bool:
    return not cache["BACKEND"].endswith("LocMemCache")


def session_engine(name: str, *, shared_cache: bool) -> str:
    """Sessions live in the database (seen by every server) unless told otherwise; with a shared
    cache in front, `cached_db` saves the session read on most requests. Never a per-process
    cache: a logout on one server would not end the session on another."""
    name = name or ("cached_db" if shared_cache else "db")
    engines = {
        "db": "django.contrib.sessions.backends.db",
        "cached_db": "django.contrib.sessions.backends.cached_db",
        "cache": "django.contrib.sessions.backends.cache",
    }
    if name not in engines:
        raise ImproperlyConfigured(f"ZHENGXIE_SESSION_ENGINE={name!r}: use db, cached_db or cache")
    if name != "db" and not shared_cache:
        raise ImproperlyConfigured(
            f"ZHENGXIE_SESSION_ENGINE={name} needs a shared ZHENGXIE_CACHE_URL (db:// or redis://)"
        )
    return engines[name]


def storage_from_env(backend: str, options: str) -> dict[str, Any]:
    """STORAGES["default"]: the filesystem under MEDIA_ROOT unless a dotted backend path is given
    (e.g. `storages.backends.s3.S3Storage`), with its options as a JSON object."""
    entry: dict[str, Any] = {"BACKEND": backend or "django.core.files.storage.FileSystemStorage"}
    if options:
        try:
            parsed = json.loads(options)
        except ValueError as exc:
            raise ImproperlyConfigured(f"ZHENGXIE_STORAGE_OPTIONS is not JSON: {exc}") from exc
        if not isinstance(parsed, dict):
            raise ImproperlyConfigured("ZHENGXIE_STORAGE_OPTIONS must be a JSON object")
        entry["OPTIONS"] = parsed
    return entry
