#!/usr/bin/env python
"""Benchmark (not a test): a topic group of 5 000 posts (every fifth a reply to one busy post) —
its first page, a page deep in it (keyset), the busy thread, the group list and the posts API —
against a bare baseline view, as the seeded top committee's staff (a moderator).

    python bench/groups.py --scale county --requests 200

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use and
grows the seeded group of the top committee to 5 000 posts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

POSTS = 5000
GROW_SNIPPET = """
from django.db.models import F
from zhengxie.groups.models import Post, TopicGroup
group = TopicGroup.objects.filter(committee_id={committee_id}).order_by("id").first()
have = Post.objects.filter(group=group).count()
root = Post.objects.filter(group=group, parent__isnull=True).order_by("id").first()
rows = [
    Post(group=group, committee_id=group.committee_id, author_id=group.created_by_id,
         parent=root if n % 5 == 4 else None, body=f"委员发言（{{n}}）" * 5)
    for n in range(have, {posts})
]
Post.objects.bulk_create(rows, batch_size=2000)
replies = sum(1 for r in rows if r.parent_id)
Post.objects.filter(pk=root.pk).update(reply_count=F("reply_count") + replies)
TopicGroup.objects.filter(pk=group.pk).update(post_count=Post.objects.filter(group=group).count())
middle = Post.objects.filter(group=group, parent__isnull=True).order_by("id")[{posts} // 3].pk
print("GROUP", group.pk, root.pk, middle, Post.objects.filter(group=group).count())
"""


def main() -> None:
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    output = manage(env, "shell", "-c", GROW_SNIPPET.format(committee_id=committee_id, posts=POSTS))
    _, group, root, middle, count = next(
        line for line in output.splitlines() if line.startswith("GROUP")
    ).split()
    with server(env) as port:
        print(
            f"\nscale={args.scale} posts in the group={count} requests={args.requests} "
            f"concurrency={args.concurrency} db={env['DATABASE_URL'].split(':')[0]}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("group list", "/groups/"),
            ("group page, first 20 posts", f"/groups/{group}/"),
            ("group page, deep (keyset after a post a third in)", f"/groups/{group}/?after={middle}"),
            ("busy thread (1 000 replies), first page", f"/groups/posts/{root}/"),
            ("posts API, 20 rows (JSON)", f"/api/v1/groups/{group}/posts"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
