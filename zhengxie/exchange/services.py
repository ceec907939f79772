"""Every write of group exchange: the office (or a member, for a research team when the committee
allows it) forms a group, the owner or the office adds and removes members, members send messages
with pictures and documents and mark what they have read, the office sets how long messages are
kept, and the periodic job deletes older messages with their files.

A new message sends no notice: in a busy group that would flood the inbox. Each person's unread
count (home page tile 未读消息, the menu badge, the phone app) tells instead."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F, Subquery, Value
from django.db.models.functions import Least
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workdays import add_months
from zhengxie.org.models import Committee, Member, RoleAssignment, Sector, SpecialCommittee
from zhengxie.org.scope import has_role

from .models import (
    BODY_MAX,
    DEFAULT_RETENTION_MONTHS,
    Attachment,
    ExchangeSettings,
    Group,
    GroupMember,
    Message,
)
from .permissions import OFFICE_ROLES, can_manage, is_office

MAX_ATTACHMENTS = 5
MAX_MEMBERS = 2000
RETENTION_RANGE = (1, 120)
PURGE_BATCH = 500


def settings_for(committee_id: int) -> ExchangeSettings:
    row, _ = ExchangeSettings.objects.get_or_create(committee_id=committee_id)
    return row


def settings_update(
    *, committee_id: int, by: Any, retention_months: int, members_may_create_teams: bool
) -> ExchangeSettings:
    if not has_role(by, committee_id, *OFFICE_ROLES):
        raise DomainError("只有政协机关工作人员可以修改组群交流设置")
    low, high = RETENTION_RANGE
    if not low <= retention_months <= high:
        raise DomainError(f"消息保存期限须在{low}至{high}个月之间")
    with transaction.atomic():
        row = settings_for(committee_id)
        before = {"retention_months": row.retention_months, "teams": row.members_may_create_teams}
        row.retention_months = retention_months
        row.members_may_create_teams = members_may_create_teams
        row.save(update_fields=["retention_months", "members_may_create_teams", "updated_at"])
        record(
            action="exchange.settings.updated",
            obj=row,
            by=by,
            committee_id=committee_id,
            data={"before": before, "retention_months": retention_months, "teams": members_may_create_teams},
        )
    return row


def _clean_name(name: str) -> str:
    name = strip_control(name or "").strip()
    if not name:
        raise DomainError("请填写群名称")
    if len(name) > 60:
        raise DomainError("群名称不能超过60个字")
    return name


def _member_row(user_id: int, committee_id: int) -> int | None:
    return (
        Member.objects.filter(committee_id=committee_id, person__user_id=user_id, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


def eligible_users(committee_id: int, user_ids: Iterable[int]) -> dict[int, int | None]:
    """Of `user_ids`, those who belong to the committee — an active member with an account, or a
    staff member or leader of the office — mapped to their member record (None for staff)."""
    ids = set(user_ids)
    members = dict(
        Member.objects.filter(committee_id=committee_id, is_active=True, person__user_id__in=ids).values_list(
            "person__user_id", "pk"
        )
    )
    staff = set(
        RoleAssignment.objects.filter(committee_id=committee_id, role__in=OFFICE_ROLES, user_id__in=ids)
        .values_list("user_id", flat=True)
        .distinct()
    )
    result: dict[int, int | None] = dict.fromkeys(staff - set(members))
    result.update(members)
    return result


def group_create(
    *,
    committee_id: int,
    by: Any,
    name: str,
    kind: str,
    sector: Sector | None = None,
    special_committee: SpecialCommittee | None = None,
    user_ids: Sequence[int] = (),
    topic: str = "",
) -> Group:
    """A new group with its creator as owner and first member. The office forms any kind (with a
    sector's or a special committee's members added at once); a member forms a research team when
    the committee allows it."""
    name = _clean_name(name)
    office = has_role(by, committee_id, *OFFICE_ROLES)
    if kind not in Group.Kind.values or kind == Group.Kind.OFFICE:
        raise DomainError("请选择群类型")
    if not office:
        if _member_row(by.pk, committee_id) is None:
            raise DomainError("只有本会委员和机关工作人员可以建群")
        if kind != Group.Kind.TEAM:
            raise DomainError("委员只能建立课题调研组")
        if not settings_for(committee_id).members_may_create_teams:
            raise DomainError("本会暂不允许委员自建课题调研组，请联系机关工作人员")
        if sector or special_committee:
            raise DomainError("委员建群时请逐一添加成员")
    if sector is not None and sector.committee_id != committee_id:
        raise DomainError("界别须是本政协的界别")
    if special_committee is not None and special_committee.committee_id != committee_id:
        raise DomainError("专委会须是本政协的专门委员会")
    wanted = set(user_ids)
    if sector is not None or special_committee is not None:
        rows = Member.objects.filter(committee_id=committee_id, is_active=True, person__user__isnull=False)
        if sector is not None:
            rows = rows.filter(sector=sector)
        if special_committee is not None:
            rows = rows.filter(special_committee=special_committee)
        wanted |= set(rows.values_list("person__user_id", flat=True)[: MAX_MEMBERS + 1])
    wanted.add(by.pk)
    if len(wanted) > MAX_MEMBERS:
        raise DomainError(f"一个群的成员不能超过{MAX_MEMBERS}人")
    eligible = eligible_users(committee_id, wanted)
    if set(user_ids) - set(eligible):
        raise DomainError("成员须是本会委员（已开通账号）或机关工作人员")
    with transaction.atomic():
        group = Group.objects.create(
            committee_id=committee_id, name=name, kind=kind, owner=by, topic=topic, member_count=len(eligible)
        )
        GroupMember.objects.bulk_create(
            GroupMember(group=group, user_id=u, member_id=m) for u, m in eligible.items()
        )
        record(
            action="exchange.group.created",
            obj=group,
            by=by,
            data={
                "kind": kind,
                "members": len(eligible),
                "sector": sector.pk if sector else None,
                "special_committee": special_committee.pk if special_committee else None,
            },
        )
    return group


def members_add(*, group: Group, by: Any, user_ids: Sequence[int]) -> int:
    """Add people of the group's committee; those already in are skipped. New members start with
    everything before their arrival read (they may still scroll back)."""
    if not can_manage(by, group):
        raise DomainError("只有群主或机关工作人员可以添加成员")
    if group.kind == Group.Kind.OFFICE and not is_office(by, group):
        raise DomainError("只有机关工作人员可以为联系机关的会话添加成员")
    if not user_ids:
        raise DomainError("请选择要添加的成员")
    eligible = eligible_users(group.committee_id, user_ids)
    if set(user_ids) - set(eligible):
        raise DomainError("成员须是本会委员（已开通账号）或机关工作人员")
    present = set(
        GroupMember.objects.filter(group=group, user_id__in=eligible).values_list("user_id", flat=True)
    )
    new = {u: m for u, m in eligible.items() if u not in present}
    if not new:
        return 0
    if group.member_count + len(new) > MAX_MEMBERS:
        raise DomainError(f"一个群的成员不能超过{MAX_MEMBERS}人")
    with transaction.atomic():
        last = Group.objects.filter(pk=group.pk).values_list("last_message_id", flat=True).get()
        GroupMember.objects.bulk_create(
            (GroupMember(group=group, user_id=u, member_id=m, last_read_id=last) for u, m in new.items()),
            ignore_conflicts=True,
        )
        count = GroupMember.objects.filter(group=group).count()
        Group.objects.filter(pk=group.pk).update(member_count=count)
        group.member_count = count
        record(action="exchange.member.added", obj=group, by=by, data={"users": sorted(new)})
    return len(new)


def member_remove(*, group: Group, by: Any, user_id: int) -> None:
    """The owner or the office removes a member; anyone may leave. The owner stays."""
    if user_id != by.pk and not can_manage(by, group):
        raise DomainError("只有群主或机关工作人员可以移除成员")
    if user_id == group.owner_id:
        raise DomainError("群主不能移出本群")
    with transaction.atomic():
        deleted, _ = GroupMember.objects.filter(group=group, user_id=user_id).delete()
        if not deleted:
            raise DomainError("此人不在本群中")
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
        record(
            action="exchange.member.left" if user_id == by.pk else "exchange.member.removed",
            obj=group,
            by=by,
            data={"user": user_id},
        )


def message_post(*, group: Group, by: Any, body: str, files: Sequence[UploadedFile] = ()) -> Message:
    """A message by a member of the group, with up to MAX_ATTACHMENTS pictures or documents."""
    body = strip_control(body or "").strip()
    if not body and not files:
        raise DomainError("请填写消息内容或添加附件")
    if len(body) > BODY_MAX:
        raise DomainError(f"消息不能超过{BODY_MAX}个字")
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(f"每条消息的附件不能超过{MAX_ATTACHMENTS}个")
    if not GroupMember.objects.filter(group=group, user_id=by.pk).exists():
        raise DomainError("您不在本群中，不能发消息")
    names = [check_attachment(f) for f in files]
    with transaction.atomic():
        message = Message.objects.create(group=group, committee_id=group.committee_id, author=by, body=body)
        for upload, name in zip(files, names, strict=True):
            Attachment.store(
                upload=upload, name=name, by=by, committee_id=group.committee_id, message=message
            )
        Group.objects.filter(pk=group.pk).update(
            last_message_id=message.pk, last_message_at=message.created_at
        )
        GroupMember.objects.filter(group=group, user_id=by.pk).update(last_read_id=message.pk)
        record(
            action="exchange.message.posted",
            obj=message,
            by=by,
            data={"group": group.pk, "attachments": len(names)},
        )
    return message


def mark_read(*, group: Group, by: Any, up_to: int | None = None) -> None:
    """Everything up to `up_to` (default: the latest message) is read; never moves backwards nor
    past the group's latest message. One UPDATE (a poll every few seconds makes it often).
    Not audited: reading changes no record, and a poll every few seconds would flood the log."""
    field: models.PositiveBigIntegerField[int, int] = models.PositiveBigIntegerField()
    last = Subquery(Group.objects.filter(pk=group.pk).values("last_message_id")[:1], output_field=field)
    target = last if up_to is None else Least(Value(up_to, output_field=field), last, output_field=field)
    GroupMember.objects.filter(group=group, user_id=by.pk, last_read_id__lt=target).update(
        last_read_id=target
    )


def _delete_files(paths: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for path in paths:
        storage.delete(path)


def _cutoff(months: int, now: datetime) -> datetime:
    day = add_months(timezone.localdate(now), -months)
    return timezone.make_aware(datetime.combine(day, time.min))


def purge_expired(now: datetime | None = None) -> int:
    """Delete messages older than each committee's retention period, with their files, in batches;
    one audit event per committee with the count. Safe to run twice (the second finds nothing)."""
    now = now or timezone.now()
    kept = dict(ExchangeSettings.objects.values_list("committee_id", "retention_months"))
    committees = set(Message.objects.order_by().values_list("committee_id", flat=True).distinct())
    total = 0
    for committee_id in sorted(committees):
        cutoff = _cutoff(kept.get(committee_id, DEFAULT_RETENTION_MONTHS), now)
        deleted = files = 0
        while True:
            ids = list(
                Message.objects.filter(committee_id=committee_id, created_at__lt=cutoff).values_list(
                    "pk", flat=True
                )[:PURGE_BATCH]
            )
            if not ids:
                break
            paths = list(Attachment.objects.filter(message_id__in=ids).values_list("file", flat=True))
            with transaction.atomic():
                Attachment.objects.filter(message_id__in=ids).delete()
                Message.objects.filter(pk__in=ids).delete()
            # The files go once the rows are gone for good (not if an outer transaction rolls back).
            transaction.on_commit(partial(_delete_files, paths))
            deleted += len(ids)
            files += len(paths)
        if deleted:
            record(
                action="exchange.messages.purged",
                by=None,
                committee_id=committee_id,
                obj=Committee.objects.get(pk=committee_id),
                data={"messages": deleted, "files": files, "before": cutoff.date().isoformat()},
            )
            total += deleted
    return total
