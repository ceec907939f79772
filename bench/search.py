#!/usr/bin/env python
"""Benchmark (not a test): the one search index on proposals with realistic bodies (800–3 000
characters, ZHENGXIE_SEED_LONG_BODIES=1): the rebuild's time and the index's size, p50/p95 of
queries of 1, 2, 3 and 6 characters and of several words, in one committee and over the seeded
top committee's subtree, duplicate detection, the cost indexing adds to a save, and the first
query of a fresh process, next to a bare baseline query measured in the same run.

    python bench/search.py --scale county
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zx_bench_search python bench/search.py --scale city

Uses DATABASE_URL if set, else the SQLite file var/bench_search.sqlite3 (its own file: the other
benchmarks' seed has short bodies). Seeds the data on first use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, arguments, bench_env, manage

MEASURE = r"""
import statistics, time
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from zhengxie.org.models import Committee
from zhengxie.search.index import rebuild, index_document, Doc
from zhengxie.search.models import Document
from zhengxie.search.query import search
from zhengxie.search.similar import similar

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
print("similar (top committee)             p50 %.1f ms  p95 %.1f ms" % timed(
    lambda: similar(kind="proposal", committee_id=top.pk, title=doc.title, text=doc.body[:1500])))
def save():
    with transaction.atomic():
        index_document(Doc(kind="bench", object_id=1, committee_id=top.pk, title=doc.title, body=doc.body, year=doc.year, url="/"))
        transaction.set_rollback(True)
print("index_document (one save)           p50 %.1f ms  p95 %.1f ms" % timed(save))
"""

FIRST = r"""
import time
t0 = time.perf_counter()
from django.contrib.auth import get_user_model
from zhengxie.search.query import search
user = get_user_model().objects.get(username="seed_seed-{scale}")
t = time.perf_counter(); search(user, "资金"); print(f"FIRST query of a fresh process {{(time.perf_counter() - t) * 1000:.0f}} ms")
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
    print(manage(env, "shell", "-c", MEASURE.format(scale=args.scale, rounds=rounds, rebuild=True)))
    print(manage(env, "shell", "-c", FIRST.format(scale=args.scale)))


if __name__ == "__main__":
    main()
