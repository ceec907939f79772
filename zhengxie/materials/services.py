"""Every write of meeting materials: the office keeps an activity's agenda, uploads its documents
and assigns seats and groups; opening a confidential document is audited; documents marked
“会后收回” stop being served when the activity ends (checked at every read) and a job then removes
their files."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.permissions import is_staff
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment
from zhengxie.search.index import reindex

from .models import Agenda, Material, Seat

MAX_SEAT_LINES = 3000


def _staff(activity: Activity, by: Any) -> None:
    if not is_staff(by, activity.committee_id):
        raise DomainError("只有会议活动工作人员可以管理会议材料")
    if activity.state == Activity.State.CANCELLED:
        raise DomainError("活动已取消")


def agenda_save(*, activity: Activity, by: Any, text: str) -> Agenda:
    _staff(activity, by)
    text = strip_control(text or "").strip()
    if not text:
        raise DomainError("请填写会议议程")
    if len(text) > 5000:
        raise DomainError("会议议程不能超过5000个字")
    with transaction.atomic():
        agenda, _ = Agenda.objects.update_or_create(
            activity=activity, defaults={"text": text, "updated_by": by}
        )
        record(action="materials.agenda.saved", obj=activity, by=by)
        reindex("materials", activity.pk)
    return agenda


def material_add(
    *, activity: Activity, by: Any, upload: UploadedFile, title: str, confidential: bool, withdraw_after: bool
) -> Material:
    _staff(activity, by)
    title = strip_control(title or "").strip()
    if not title:
        raise DomainError("请填写材料名称")
    if len(title) > 200:
        raise DomainError("材料名称不能超过200个字")
    if withdraw_after and activity.ends_at <= timezone.now():
        raise DomainError("会议已结束，会后收回的材料不能再上传")
    name = check_attachment(upload)
    with transaction.atomic():
        material: Material = Material.store(
            upload=upload,
            name=name,
            by=by,
            committee_id=activity.committee_id,
            activity=activity,
            title=title,
            confidential=confidential,
            withdraw_after=withdraw_after,
        )
        record(
            action="materials.material.added",
            obj=material,
            by=by,
            data={"activity": activity.pk, "confidential": confidential, "withdraw_after": withdraw_after},
        )
        reindex("materials", activity.pk)
    return material


def is_available(material: Material, now: datetime | None = None) -> bool:
    """Whether the document may still be read: not withdrawn, and not past the end of its meeting
    when marked to be withdrawn (the read-time check; the job only removes the file later)."""
    if material.withdrawn_at is not None:
        return False
    return not (material.withdraw_after and (now or timezone.now()) >= material.activity.ends_at)


def material_open(*, material: Material, by: Any) -> Material:
    """Check that the document can be read; a confidential one's reading is audited."""
    if not is_available(material):
        raise DomainError("该材料已于会后收回")
    if material.confidential:
        record(
            action="materials.material.downloaded",
            obj=material,
            by=by,
            data={"activity": material.activity_id, "title": material.title},
        )
    return material


SPLIT = re.compile(r"[\t,，、;；]+|\s{1,}")


def seats_assign(*, activity: Activity, by: Any, text: str) -> int:
    """Seats and groups from pasted lines "姓名 座位 分组" (tab, comma or spaces between), for members
    invited to the activity. Every line is checked first; all lines are stored or none. Returns the
    number of members assigned."""
    _staff(activity, by)
    lines = [strip_control(line).strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise DomainError("请粘贴座位表：每行“姓名 座位 分组”")
    if len(lines) > MAX_SEAT_LINES:
        raise DomainError(f"座位表不能超过{MAX_SEAT_LINES}行")
    invited: dict[str, list[int]] = {}
    for member_id, name in Invitation.objects.filter(activity=activity).values_list(
        "member_id", "member__person__name"
    ):
        invited.setdefault(name, []).append(member_id)
    problems: list[str] = []
    rows: dict[int, tuple[str, str]] = {}
    for n, line in enumerate(lines, start=1):
        parts = [p for p in SPLIT.split(line) if p]
        name, seat, group = [*parts, "", ""][:3]
        if len(parts) > 3:
            problems.append(f"第{n}行：多出的内容“{' '.join(parts[3:])}”")
        elif name not in invited:
            problems.append(f"第{n}行：{name}不在本次活动的邀请名单中")
        elif len(invited[name]) > 1:
            problems.append(f"第{n}行：邀请名单中有多位{name}，请在活动页面逐一安排")
        elif len(seat) > 30 or len(group) > 50:
            problems.append(f"第{n}行：座位不超过30字、分组不超过50字")
        elif invited[name][0] in rows:
            problems.append(f"第{n}行：{name}重复出现")
        else:
            rows[invited[name][0]] = (seat, group)
    if problems:
        raise DomainError("；".join(problems[:20]) + ("……" if len(problems) > 20 else ""))
    with transaction.atomic():
        Seat.objects.filter(activity=activity).delete()
        Seat.objects.bulk_create(
            Seat(activity=activity, member_id=m, seat=seat, group=group) for m, (seat, group) in rows.items()
        )
        record(action="materials.seats.assigned", obj=activity, by=by, data={"members": len(rows)})
    return len(rows)


def withdraw_due(now: datetime | None = None) -> int:
    """The job's work: documents marked “会后收回” whose meeting has ended are marked withdrawn
    (claimed with a conditional update, so two workers or a rerun withdraw each once) and their
    files removed."""
    now = now or timezone.now()
    due = Material.objects.filter(withdraw_after=True, withdrawn_at__isnull=True, activity__ends_at__lte=now)
    done = 0
    for material in due.select_related("activity").iterator(chunk_size=200):
        with transaction.atomic():
            if not Material.objects.filter(pk=material.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=now
            ):
                continue
            record(
                action="materials.material.withdrawn", obj=material, by=None, data={"title": material.title}
            )
            name = material.file.name
            storage = material.file.storage
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))  # type: ignore[misc]
        done += 1
    return done
