"""Creating and reading notices. `notify()` is idempotent on (recipient, key), so a job that runs
twice, or two workers that overlap, create one notice and send one e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notice
from .selectors import unread_cache_key


def forget_unread(user: Any) -> None:
    """Drop the cached unread count of `user` (a user or a user id) and the count memoised on
    the user object of this request."""
    user_id = user if isinstance(user, int) else user.pk
    if not isinstance(user, int) and hasattr(user, "_zx_unread"):
        del user._zx_unread
    key = unread_cache_key(user_id)
    # Now, and again at commit: a page rendered meanwhile may have cached the count before it.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def notify(
    *,
    recipient: Any,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    committee_id: int | None = None,
    email: bool = False,
    sms: bool = False,
) -> Notice:
    existing = Notice.objects.filter(recipient=recipient, key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                recipient=recipient,
                key=key,
                title=title,
                body=body,
                url=url,
                committee_id=committee_id,
                want_email=email,
                want_sms=sms,
            )
    except IntegrityError:
        # Another worker created it between our read and our insert.
        return Notice.objects.get(recipient=recipient, key=key)
    forget_unread(notice.recipient_id)
    if email or sms:
        from .tasks import deliver_pending

        transaction.on_commit(lambda: deliver_pending.enqueue())
    return notice


def notice_mark_read(*, notice: Notice) -> None:
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.read_at = timezone.now()
        forget_unread(notice.recipient_id)


def notices_mark_all_read(*, user: Any) -> int:
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(user)
    return count


def absolute_url(url: str) -> str:
    """A notice's link as a mail reader needs it: "/proposals/3/" → "https://zx.example.cn/proposals/3/"
    (settings.ZHENGXIE_SITE_URL). Links that are already absolute, and empty ones, stay as they are."""
    if not url or "://" in url:
        return url
    return f"{settings.ZHENGXIE_SITE_URL}/{url.lstrip('/')}"


def email_text(notice: Notice) -> str:
    """The body of a notice's e-mail: its text, then the absolute link to the record."""
    link = absolute_url(notice.url)
    return "\n\n".join(part for part in (notice.body, f"查看详情：{link}" if link else "") if part)
