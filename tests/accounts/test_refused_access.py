"""Refused state-changing requests are audited, at most once per user and path a minute."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.accounts.middleware import REFUSED_PER_MINUTE
from zhengxie.accounts.tokens import api_token_create
from zhengxie.audit.models import AuditEvent

SECURITY = reverse("accounts:security")


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _refused() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="access.refused").order_by("id"))


def test_a_refused_post_is_audited_with_path_method_and_status(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(SECURITY, {"action": "unlock", "attempt": "1"})
    assert response.status_code == 404
    [event] = _refused()
    assert event.actor == p.member_wang and event.success is False
    assert event.data == {"path": SECURITY, "method": "POST", "status": 404}
    assert event.committee_id == p.city.pk


def test_repeats_within_a_minute_are_one_event(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            assert client.post(SECURITY, {"action": "unlock"}).status_code == 404
    assert len(_refused()) == 1
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.post(SECURITY, {"action": "unlock"})
    assert len(_refused()) == 2


def test_probing_many_paths_is_capped_per_user(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    for i in range(REFUSED_PER_MINUTE + 10):
        assert client.post(f"/proposals/{900000 + i}/no-such-step/").status_code == 404
    assert len(_refused()) == REFUSED_PER_MINUTE
    # Another user's refusals are counted apart.
    client.force_login(p.member_county)
    client.post(SECURITY)
    assert _refused()[-1].actor == p.member_county


def test_reads_and_anonymous_requests_are_not_audited(client: Client, p: Personas) -> None:
    client.post(SECURITY)  # anonymous: sent to the login page, nothing to attribute
    client.force_login(p.member_wang)
    assert client.get(SECURITY).status_code == 404
    assert _refused() == []


def test_an_api_refusal_is_audited_for_the_tokens_user(client: Client, p: Personas) -> None:
    others, _ = api_token_create(user=p.leader, name="领导的")
    url = f"/api/v1/auth/tokens/{others.pk}"
    response = client.delete(url, headers=bearer(p.member_wang))
    assert response.status_code == 404
    [event] = _refused()
    assert event.actor == p.member_wang
    assert event.data == {"path": url, "method": "DELETE", "status": 404}


def test_a_forbidden_post_is_audited(p: Personas) -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(p.member_wang)
    assert csrf_client.post(reverse("accounts:profile"), {"action": "reveal_id"}).status_code == 403
    [event] = _refused()
    assert event.data["status"] == 403 and event.data["method"] == "POST"
