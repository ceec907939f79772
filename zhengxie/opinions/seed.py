"""Synthetic 社情民意 for `manage.py seed` (benchmarks, via settings.SEEDERS): about 60 items per
committee this year in every step of the workflow, each with its first version and authors;
published items in numbered issues with their 本级 adoption; items reported up arrive at the
parent committee as copies that keep the chain, and half of those are adopted there. Rows are
bulk-created without audit events (benchmark data, not anyone's action); the seeded staff
account of each committee also becomes its information centre."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import Committee, Member, RoleAssignment
from zhengxie.org.roles import Role

from .models import Adoption, Author, Issue, Level, Opinion, Report, Revision

BATCH = 2000
PER_COMMITTEE = 60
S = Opinion.State
STATES = (
    [S.RECEIVED] * 3
    + [S.EDITING] * 2
    + [S.SIGNOFF, S.SIGNED]
    + [S.ISSUED] * 3
    + [S.REPORTED] * 4
    + [S.ARCHIVED]
)
TOPICS = ("乡村医生", "农村养老", "校外托管", "城市内涝", "新能源充电", "就业帮扶", "老旧小区", "食品安全")
BODY = "【情况】群众反映较为集中。\n【分析】政策落实存在堵点。\n【建议】建议有关部门研究解决。"
LEVEL_OF = {"city": Level.CITY, "province": Level.PROVINCE, "national": Level.NATIONAL}


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    committees = {c.pk: c for c in result.committees if c.pk in staff}
    members: dict[int, list[int]] = {}
    for committee_id, member_id in (
        Member.objects.filter(committee_id__in=committees).order_by("id").values_list("committee_id", "id")
    ):
        members.setdefault(committee_id, []).append(member_id)
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        RoleAssignment.objects.bulk_create(
            (RoleAssignment(user_id=u, committee_id=c, role=Role.INFO_STAFF) for c, u in staff.items()),
            batch_size=BATCH,
        )
        issues = {
            c: Issue.objects.create(
                committee_id=c,
                series=Issue.Series.BULLETIN,
                year=today.year,
                number=1,
                published_on=today,
                published_by_id=staff[c],
            )
            for c in committees
        }
        items: list[Opinion] = []
        for committee_id in committees:
            if not members.get(committee_id):
                continue
            for n in range(PER_COMMITTEE):
                state = rng.choice(STATES)
                published = state in (S.ISSUED, S.REPORTED)
                items.append(
                    Opinion(
                        committee_id=committee_id,
                        title=f"关于{rng.choice(TOPICS)}问题的建议（{n + 1}）",
                        body=BODY,
                        state=state,
                        year=today.year,
                        issue=issues[committee_id] if published else None,
                        issued_at=now if published else None,
                        submitted_at=now,
                        created_by_id=staff[committee_id],
                    )
                )
        Opinion.objects.bulk_create(items, batch_size=BATCH)
        authors = [
            Author(opinion_id=o.pk, member_id=m, order=i)
            for o in items
            for i, m in enumerate(
                rng.sample(members[o.committee_id], min(len(members[o.committee_id]), rng.choice((1, 1, 2))))
            )
        ]
        Author.objects.bulk_create(authors, batch_size=BATCH)
        _revisions(items)
        adoptions = [
            Adoption(
                committee_id=o.committee_id, opinion_id=o.pk, origin_id=o.pk, level=Level.LOCAL, recipient="本级政协",
                adopted_on=today, issue_label=str(issues[o.committee_id]), recorded_by_id=o.created_by_id,
            )
            for o in items
            if o.issue_id
        ]  # fmt: skip
        _reported_up(items, committees, staff, authors, adoptions, rng)
        Adoption.objects.bulk_create(adoptions, batch_size=BATCH)


def _revisions(items: list[Opinion]) -> None:
    Revision.objects.bulk_create(
        (
            Revision(
                opinion_id=o.pk,
                number=1,
                title=o.title,
                body=o.body,
                note="原稿",
                edited_by_id=o.created_by_id,
            )
            for o in items
        ),
        batch_size=BATCH,
    )


def _reported_up(
    items: list[Opinion],
    committees: dict[int, Committee],
    staff: dict[int, int],
    authors: list[Author],
    adoptions: list[Adoption],
    rng: random.Random,
) -> None:
    """Reports to the parent committee and the copies that arrive there."""
    today = timezone.localdate()
    parent_of: dict[int, int] = {
        pk: c.parent_id
        for pk, c in committees.items()
        if c.parent_id is not None and c.parent_id in committees
    }
    going = [o for o in items if o.state == S.REPORTED and o.committee_id in parent_of]
    reports = [
        Report(
            committee_id=o.committee_id,
            opinion_id=o.pk,
            target=Report.Target.PARENT,
            target_name=committees[parent_of[o.committee_id]].name,
            parent_committee_id=parent_of[o.committee_id],
            status=rng.choice(
                (Report.Status.PENDING, Report.Status.ADOPTED, Report.Status.ADOPTED, Report.Status.NOT_USED)
            ),
            reported_by_id=o.created_by_id,
        )
        for o in going
    ]
    Report.objects.bulk_create(reports, batch_size=BATCH)
    upstream_state = {
        Report.Status.PENDING: S.RECEIVED,
        Report.Status.ADOPTED: S.ISSUED,
        Report.Status.NOT_USED: S.ARCHIVED,
    }
    copies = [
        Opinion(
            committee_id=parent_of[o.committee_id],
            title=o.title,
            body=o.body,
            channel=Opinion.Channel.LOWER,
            origin_id=o.pk,
            reported_via_id=r.pk,
            state=upstream_state[r.status],  # type: ignore[index]
            year=o.year,
            submitted_at=o.submitted_at,
            created_by_id=staff[parent_of[o.committee_id]],
        )
        for o, r in zip(going, reports, strict=True)
    ]
    Opinion.objects.bulk_create(copies, batch_size=BATCH)
    by_item: dict[int, list[int]] = {}
    for a in authors:
        by_item.setdefault(a.opinion_id, []).append(a.member_id)
    Author.objects.bulk_create(
        (
            Author(opinion_id=c.pk, member_id=m, order=i)
            for c in copies
            for i, m in enumerate(by_item.get(c.origin_id or 0, []))
        ),
        batch_size=BATCH,
    )
    _revisions(copies)
    for copy, origin in zip(copies, going, strict=True):
        if copy.state == S.ISSUED:
            parent = committees[copy.committee_id]
            adoptions.append(
                Adoption(
                    committee_id=copy.committee_id, opinion_id=copy.pk, origin_id=origin.pk,
                    level=LEVEL_OF.get(parent.level, Level.CITY), recipient=parent.name, adopted_on=today,
                    recorded_by_id=copy.created_by_id,
                )
            )  # fmt: skip
