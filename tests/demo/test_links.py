"""Every page a demo account reaches from its home page by following links opens: no link that
the platform shows to a role leads to an error or to a page that role may not see.

The demo holds records of every app in every state, so this walks the pages people actually use,
a few clicks deep, as each of them."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from zhengxie.accounts.models import User

HREF = re.compile(r'href="(/[^"#]*)')
# Not pages: files, the API's own docs, and the admin (its own test suite covers it).
SKIP = ("/static/", "/media/", "/api/", "/admin/")
DEPTH = 2
PER_ACCOUNT = 120


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in HREF.findall(html) if not h.startswith(SKIP)]


def _walk(client: Client) -> tuple[int, list[str]]:
    """Breadth-first from the home page; returns the pages opened and the problems found."""
    problems = []
    opened = 0
    seen = {"/"}
    queue: deque[tuple[str, int]] = deque([("/", 0)])
    while queue and len(seen) <= PER_ACCOUNT:
        url, depth = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code not in (200, 302):
            problems.append(f"{url} → {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        if depth >= DEPTH or response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        for link in _links(response.content.decode()):
            # One page per path shape is enough: /proposals/7/ stands for /proposals/8/.
            shape = re.sub(r"\d+", "N", link.split("?")[0])
            if link not in seen and shape not in seen:
                seen.update((link, shape))
                queue.append((link, depth + 1))
    return opened, problems


@pytest.mark.django_db(transaction=False)
def test_every_link_a_demo_account_sees_opens(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)
    problems, opened = [], 0
    for user in User.objects.filter(username__startswith="demo_").order_by("username"):
        client = Client()
        client.force_login(user)
        pages, found = _walk(client)
        opened += pages
        problems += [f"{user.username}: {p}" for p in found]
    assert problems == []
    # The walk really went through the platform (about 400 pages), not just the home pages.
    assert opened > 250
