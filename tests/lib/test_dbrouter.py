"""The replica router: reads go to the replica only inside `from_replica()`, writes and
migrations never; with no replica configured everything stays on the primary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from zhengxie.lib import dbrouter
from zhengxie.lib.dbrouter import REPLICA, ReplicaRouter, from_replica, replica_alias
from zhengxie.org.models import Committee

router = ReplicaRouter()


def test_without_a_replica_everything_uses_the_primary() -> None:
    assert replica_alias() == "default"
    with from_replica():
        assert router.db_for_read(Committee) is None  # Django's default database
        assert router.db_for_write(Committee) == "default"


def test_with_a_replica_only_marked_reads_go_there(monkeypatch: Any) -> None:
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    assert replica_alias() == REPLICA
    assert router.db_for_read(Committee) is None
    with from_replica():
        assert router.db_for_read(Committee) == REPLICA
        assert router.db_for_write(Committee) == "default"
    assert router.db_for_read(Committee) is None

    @from_replica
    def report() -> str | None:
        return router.db_for_read(Committee)

    assert report() == REPLICA
    assert router.db_for_read(Committee) is None


def test_migrations_only_on_the_primary() -> None:
    assert router.allow_migrate("default", "org")
    assert not router.allow_migrate(REPLICA, "org")


@pytest.fixture
def replica(monkeypatch: Any, transactional_db: Any) -> Iterator[None]:
    """A second connection to the test database, as a streaming replica would be (the test
    database's writes are committed, so the second connection sees them)."""
    settings_dict = dict(connections["default"].settings_dict)
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
    connections[REPLICA] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, REPLICA)
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    yield
    connections[REPLICA].close()
    del connections[REPLICA]


def test_reads_inside_from_replica_run_on_the_replica_and_writes_on_the_primary(replica: None) -> None:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as secondary,
    ):
        with from_replica():
            Committee.objects.create(code="9901", name="测试政协", level="city")
            names = list(Committee.objects.filter(code="9901").values_list("name", flat=True))
        outside = Committee.objects.filter(code="9901").count()
    assert names == ["测试政协"]
    assert outside == 1
    assert any(q["sql"].startswith("INSERT") for q in primary.captured_queries)
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in secondary.captured_queries)
    assert [q for q in secondary.captured_queries if "9901" in q["sql"] and q["sql"].startswith("SELECT")]


def test_lag_note_only_when_a_replica_is_configured(replica: None, monkeypatch: Any) -> None:
    page = Template("{% load replica %}{% replica_lag_note %}")
    assert "数据可能有0秒延迟" in page.render(Context())
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: False)
    assert page.render(Context()) == ""
