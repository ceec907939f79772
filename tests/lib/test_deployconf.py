"""Reading the multi-server settings: cache URLs, the session engine, the storage backend."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhengxie.lib.deployconf import (
    CACHE_TABLE,
    cache_from_url,
    cache_is_shared,
    session_engine,
    storage_from_env,
)


def test_cache_urls() -> None:
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("db://") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
    }
    assert cache_from_url("db://other_cache")["LOCATION"] == "other_cache"
    redis = cache_from_url("redis://10.0.0.5:6379/1")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.0.0.5:6379/1",
    }
    assert not cache_is_shared(cache_from_url("locmem://"))
    assert cache_is_shared(cache_from_url("db://")) and cache_is_shared(redis)
    with pytest.raises(ImproperlyConfigured, match="ZHENGXIE_CACHE_URL"):
        cache_from_url("memcached://x")


def test_sessions_in_the_database_unless_a_shared_cache_fronts_them() -> None:
    assert session_engine("", shared_cache=False) == "django.contrib.sessions.backends.db"
    assert session_engine("", shared_cache=True) == "django.contrib.sessions.backends.cached_db"
    assert session_engine("db", shared_cache=True) == "django.contrib.sessions.backends.db"
    # A per-process cache would keep a session alive on one server after logout on another.
    with pytest.raises(ImproperlyConfigured, match="shared"):
        session_engine("cached_db", shared_cache=False)
    with pytest.raises(ImproperlyConfigured):
        session_engine("file", shared_cache=True)


def test_storage_defaults_to_the_filesystem_and_takes_json_options() -> None:
    assert storage_from_env("", "") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = storage_from_env(
        "storages.backends.s3.S3Storage", '{"bucket_name": "zx", "endpoint_url": "https://oss"}'
    )
    assert s3["OPTIONS"] == {"bucket_name": "zx", "endpoint_url": "https://oss"}
    with pytest.raises(ImproperlyConfigured, match="JSON"):
        storage_from_env("x.Y", "{bucket")
    with pytest.raises(ImproperlyConfigured, match="object"):
        storage_from_env("x.Y", "[1]")


@pytest.mark.django_db
def test_the_database_cache_table_exists_after_migrate(settings: object) -> None:
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache(CACHE_TABLE, {})
    cache.set("k", "值", 60)
    assert cache.get("k") == "值"
