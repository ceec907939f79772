"""URLs of the audit write benchmark (bench/audit_writes.py) only: the platform's URLs plus three
tiny POST views. Never part of a deployment."""

from __future__ import annotations

import random

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from zhengxie.audit.services import record

COMMITTEES = 150  # a province: every request writes for one of them


@csrf_exempt
def bare(request: HttpRequest) -> HttpResponse:
    """The same request without its audit event: the baseline."""
    with transaction.atomic():
        pass
    return HttpResponse("ok")


@csrf_exempt
def commit_only(request: HttpRequest) -> HttpResponse:
    """The same transaction made durable (a transaction id, so COMMIT flushes the WAL), no event:
    what any write costs before the audit log's own share."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()")
    return HttpResponse("ok")


@csrf_exempt
def per_committee(request: HttpRequest) -> HttpResponse:
    """One audited write for a committee drawn at random: chains per committee."""
    with transaction.atomic():
        record(action="bench.write", committee_id=random.randrange(COMMITTEES), data={"n": 1})
    return HttpResponse("ok")


@csrf_exempt
def one_chain(request: HttpRequest) -> HttpResponse:
    """Every write on the same chain: what every write did when the log had one chain."""
    with transaction.atomic():
        record(action="bench.write", actor_name="bench", data={"n": 1})
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare", bare),
    path("bench/commit", commit_only),
    path("bench/audit", per_committee),
    path("bench/audit-one-chain", one_chain),
    path("", include("zhengxie.urls")),
]
