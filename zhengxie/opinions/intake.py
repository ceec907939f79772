"""Items that arrive from other apps. The proposals app sits on the same import row and cannot
import opinions, so it calls `receive_referral` through `settings.REFERRAL_RECEIVERS["opinion"]`
when a proposal is not filed and goes to 社情民意 instead (转社情民意)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member
from zhengxie.search.index import reindex

from .models import Author, Opinion, Revision
from .services.common import text_problems
from .services.submission import received


def receive_referral(
    *,
    committee_id: int,
    title: str,
    body: str,
    author_member_ids: list[int],
    source: models.Model,
    source_label: str,
    source_url: str,
    by: Any,
    channel: str = Opinion.Channel.REFERRAL,
) -> Opinion:
    """An incoming item (提案转来, or a topic group's suggestion with `channel` 主题议政) in the
    committee's queue, crediting the source's authors and linking back to it. Calling again for the
    same source returns the first item."""
    link_type = ContentType.objects.get_for_model(source)
    existing = Opinion.objects.filter(
        committee_id=committee_id, link_type=link_type, link_id=source.pk
    ).first()
    if existing is not None:
        return existing
    problems = text_problems(title, body[:5000])
    if problems:
        raise DomainError("；".join(problems))
    members = {m.pk: m for m in Member.objects.filter(committee_id=committee_id, pk__in=author_member_ids)}
    if len(members) != len(set(author_member_ids)):
        raise DomainError("转来的提案人须是本政协委员")
    try:
        with transaction.atomic():
            opinion = Opinion.objects.create(
                committee_id=committee_id,
                title=title.strip()[:200],
                body=body.strip()[:5000],
                channel=channel,
                state=Opinion.State.RECEIVED,
                link_type=link_type,
                link_id=source.pk,
                link_label=(source_label or str(source))[:200],
                link_url=source_url[:300],
                year=timezone.localdate().year,
                created_by=by,
                submitted_at=timezone.now(),
            )
            order = list(dict.fromkeys(author_member_ids))
            Author.objects.bulk_create(
                Author(opinion=opinion, member=members[m], order=i) for i, m in enumerate(order)
            )
            Revision.objects.create(
                opinion=opinion,
                number=1,
                title=opinion.title,
                body=opinion.body,
                note=Opinion.Channel(channel).label,
                edited_by=by,
            )
            reindex("opinion", opinion.pk)
            record(
                action="opinions.opinion.referred"
                if channel == Opinion.Channel.REFERRAL
                else "opinions.opinion.from_group",
                obj=opinion,
                by=by,
                data={"source": f"{link_type.app_label}.{link_type.model}:{source.pk}", "authors": order},
            )
            received(opinion, by)
    except IntegrityError:
        found = Opinion.objects.filter(
            committee_id=committee_id, link_type=link_type, link_id=source.pk
        ).first()
        if found is None:
            raise
        return found
    return opinion
