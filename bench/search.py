#!/usr/bin/env python
"""Benchmark (not a test): the one search index on proposals with realistic bodies (800–3 000
characters, ZHENGXIE_SEED_LONG_BODIES=1): the rebuild's time and the index's size, p50/p95 of
queries of 1, 2, 3 and 6 characters and of several words, in one committee and over the seeded
top committee's subtree, duplicate detection, the cost indexing adds to a save, and the first
query of a fresh process, next to a bare baseline query measured in the same run.

    python bench/search.py --scale county
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zx_bench_search python bench/search.py --scale city

Uses DATABASE_URL if set, else the SQLite file var/bench_search.sqlite3 (its own file: the other
benchmarks' seed has short bodies). Seeds the data on first use. SEARCH_BENCH_REBUILD=0 skips the
timed rebuild and measures the index as it is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, arguments, bench_env, manage

MEASURE = r"""
import json, statistics, time
from pathlib import Path
from django.utils import timezone
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from zhengxie.org.models import Committee
from zhengxie.search.index import rebuild, index_document, Doc
from zhengxie.search.models import Document
from zhengxie.search.query import search
from zhengxie.search.similar import SCORE_MIN, similar

top = Committee.objects.get(code="SEED-{scale}")
user = get_user_model().objects.get(username="seed_seed-{scale}")
rounds = {rounds}

def timed(fn, n=rounds):
    fn()
    out = []
    for _ in range(n):
        t = time.perf_counter(); fn(); out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[min(len(out) - 1, int(len(out) * 0.95))]

if {rebuild}:
    t = time.perf_counter(); n = rebuild(); print(f"REBUILD {{n}} documents in {{time.perf_counter() - t:.1f}} s")
print("DOCS", Document.objects.count(), "BODY_AVG", int(sum(len(b) for b in Document.objects.values_list("body", flat=True)[:2000]) / 2000))
with connection.cursor() as c:
    if connection.vendor == "postgresql":
        c.execute("SELECT pg_total_relation_size('search_document'), pg_relation_size('search_document_tsv')")
        total, gin = c.fetchone(); print(f"SIZE table+indexes {{total / 2**20:.0f}} MiB, GIN {{gin / 2**20:.0f}} MiB")
    else:
        try:
            c.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name")
            sizes = dict(c.fetchall())
            fts = sum(v for k, v in sizes.items() if k.startswith("search_fts"))
            print(f"SIZE search_document {{sizes.get('search_document', 0) / 2**20:.0f}} MiB, FTS5 {{fts / 2**20:.0f}} MiB")
        except Exception as exc:
            print("SIZE unavailable:", exc)

def base():
    with connection.cursor() as c:
        c.execute("SELECT 1")
print("baseline SELECT 1                    p50 %.2f ms  p95 %.2f ms" % timed(base))
queries = [("1 char", "补"), ("2 chars", "资金"), ("2 chars, rare", "移民"), ("3 chars", "养老服"), ("6 chars", "老旧小区改造"), ("multi-word", "财政补贴 考核 -试点")]
for label, q in queries:
    one = timed(lambda: search(user, q, committee_id=top.pk, home_committee_id=top.pk))
    print(f"{{label:<14}} {{q:<12}} one committee  p50 %.1f ms  p95 %.1f ms" % one)
    if label != "1 char":
        sub = timed(lambda: search(user, q))
        print(f"{{label:<14}} {{q:<12}} subtree        p50 %.1f ms  p95 %.1f ms" % sub)
doc = Document.objects.filter(kind="proposal", committee=top).order_by("-id").first()
county = Committee.objects.filter(parent=top).order_by("code").first() or top
for where in dict.fromkeys([top, county]):
    texts = list(Document.objects.filter(kind="proposal", committee=where).order_by("-id").values_list("title", "body")[:rounds])
    times = []
    for title, body in texts:
        t = time.perf_counter(); similar(kind="proposal", committee_id=where.pk, title=title, text=body[:1500]); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"similar, seeded texts, {{where.code:<13}}  p50 %.1f ms  p95 %.1f ms" % (statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]))
# The paraphrase set (tests/data/paraphrases.json) among the seeded documents of the top
# committee, in a rolled-back transaction: recall at five and false warnings at scale.
pairs = json.loads((Path("tests") / "data" / "paraphrases.json").read_text())["pairs"]
with transaction.atomic():
    year = timezone.localdate().year
    for i, pair in enumerate(pairs):
        index_document(Doc(kind="proposal", object_id=10**12 + i, committee_id=top.pk, title=pair["original"]["title"], body=pair["original"]["text"], year=year, url="/"))
    hits = warned = 0
    times = []
    for i, pair in enumerate(pairs):
        for side in ("rewording", "negative"):
            t = time.perf_counter()
            found = similar(kind="proposal", committee_id=top.pk, title=pair[side]["title"], text=pair[side]["text"], min_score=0.0)
            times.append((time.perf_counter() - t) * 1000)
            if side == "rewording":
                hits += any(s.doc.object_id == 10**12 + i and s.score >= SCORE_MIN for s in found)
            else:
                warned += bool(found) and found[0].score >= SCORE_MIN
    times.sort()
    print(f"similar, paraphrase set among the seed  p50 %.1f ms  p95 %.1f ms; recall at 5 {{hits}}/{{len(pairs)}}, false warnings {{warned}}/{{len(pairs)}}" % (statistics.median(times), times[int(len(times) * 0.95)]))
    transaction.set_rollback(True)
def save():
    with transaction.atomic():
        index_document(Doc(kind="bench", object_id=1, committee_id=top.pk, title=doc.title, body=doc.body, year=doc.year, url="/"))
        transaction.set_rollback(True)
print("index_document (one save)           p50 %.1f ms  p95 %.1f ms" % timed(save))
"""

FIRST = r"""
import time
# A fresh process as a server worker starts it: the WSGI module loads the URL configuration and
# the search providers at start (timed apart), then the first search.
t = time.perf_counter()
import zhengxie.wsgi
print(f"WORKER start (zhengxie.wsgi, URL configuration and search providers) {{(time.perf_counter() - t) * 1000:.0f}} ms")
from django.contrib.auth import get_user_model
from zhengxie.search.query import search
user = get_user_model().objects.get(username="seed_seed-{scale}")
t = time.perf_counter(); search(user, "资金"); print(f"FIRST query of a fresh process {{(time.perf_counter() - t) * 1000:.0f}} ms")
from zhengxie.org.models import Committee
from zhengxie.search.models import Document
from zhengxie.search.similar import similar
top = Committee.objects.get(code="SEED-{scale}")
title, body = Document.objects.filter(kind="proposal", committee=top).values_list("title", "body").first()
t = time.perf_counter(); similar(kind="proposal", committee_id=top.pk, title=title, text=body[:1500]); print(f"FIRST duplicate check of a fresh process {{(time.perf_counter() - t) * 1000:.0f}} ms")
"""


def main() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_search.sqlite3'}")
    args = arguments(__doc__)
    env = bench_env()
    env["ZHENGXIE_SEED_LONG_BODIES"] = "1"
    (ROOT / "var").mkdir(exist_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    print(manage(env, "seed", "--scale", args.scale).strip().splitlines()[-1])
    print(f"scale={args.scale} db={env['DATABASE_URL'].split(':')[0]}")
    rounds = max(5, min(args.requests // 8, 50))
    # SEARCH_BENCH_REBUILD=0 measures the index as it is (the seed ends with a rebuild).
    rebuild = os.environ.get("SEARCH_BENCH_REBUILD", "1") != "0"
    print(manage(env, "shell", "-c", MEASURE.format(scale=args.scale, rounds=rounds, rebuild=rebuild)))
    print(manage(env, "shell", "-c", FIRST.format(scale=args.scale)))


if __name__ == "__main__":
    main()
