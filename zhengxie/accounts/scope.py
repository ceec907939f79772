"""Which lockouts a security administrator sees: those of his committee's and its subtree's
accounts, whatever identifier (login name or phone, in any spelling) was typed."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from zhengxie.lib.crypto import search_hash
from zhengxie.lib.personal import normalize_phone
from zhengxie.org.models import Committee

from .models import User

# Lockout rows are few (recent failures only); beyond this many the oldest are not considered.
SCAN_LIMIT = 5000


def _phone_hash(identifier: str) -> str | None:
    try:
        return search_hash(normalize_phone(identifier))
    except ValidationError:
        return None


def lockouts_in_scope(users: QuerySet[Any], committee_id: int) -> QuerySet[AccessAttempt]:
    """Attempts whose identifier names an account in `users`. Identifiers that name no account at
    all (password spraying over made-up names) go to the security administrator of the top
    committee of the deployment, who watches the platform as a whole."""
    attempts = list(AccessAttempt.objects.order_by("-id").values_list("pk", "username")[:SCAN_LIMIT])
    if not attempts:
        return AccessAttempt.objects.none()
    names = {name for _, name in attempts if name}
    phones = {name: _phone_hash(name) for name in names}
    known_names = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    known_phones = set(
        User.objects.filter(phone_hash__in={h for h in phones.values() if h}).values_list(
            "phone_hash", flat=True
        )
    )
    mine_names = set(users.filter(username__in=names).values_list("username", flat=True))
    mine_phones = set(
        users.filter(phone_hash__in={h for h in phones.values() if h}).values_list("phone_hash", flat=True)
    )
    is_top = Committee.objects.filter(pk=committee_id, parent__isnull=True).exists()
    visible = []
    for pk, name in attempts:
        if (
            name in mine_names
            or (phones.get(name) in mine_phones)
            or (is_top and name not in known_names and phones.get(name) not in known_phones)
        ):
            visible.append(pk)
    return AccessAttempt.objects.filter(pk__in=visible)
