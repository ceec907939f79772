"""Democratic supervision (民主监督): special supervisors (特约监督员) appointed to departments, and
findings — from a supervision item of the plan or a supervisor's report — sent to the department
with a deadline, its reply, the office's rating, and a supervision item where a leader instructs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit, Member, RoleAssignment
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import has_role, unit_ids
from zhengxie.search.index import reindex
from zhengxie.supervision import config as supervision_config
from zhengxie.supervision.models import Item as SupervisionItem
from zhengxie.supervision.services.items import ItemData, item_register

from .models import Finding, Item, Supervisor

S = Finding.State


def _staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def supervisor_appoint(*, committee_id: int, by: Any, member: Member, unit: HandlingUnit) -> Supervisor:
    _staff(by, committee_id)
    if member.committee_id != committee_id or unit.committee_id != committee_id:
        raise DomainError("委员和部门须属于本政协")
    try:
        with transaction.atomic():
            row = Supervisor.objects.create(
                committee_id=committee_id, member=member, unit=unit, appointed_on=timezone.localdate()
            )
            record(action="workplans.supervisor.appointed", obj=row, by=by, data={"unit": unit.pk})
    except IntegrityError:
        raise DomainError("该委员已是此部门的特约监督员") from None
    return row


def finding_send(
    *, committee_id: int, by: Any, unit: HandlingUnit, title: str, body: str, due_on: date,
    item: Item | None = None, supervisor: Supervisor | None = None,
) -> Finding:  # fmt: skip
    _staff(by, committee_id)
    title, body = title.strip(), body.strip()
    problems = []
    if unit.committee_id != committee_id:
        problems.append("部门不属于本政协")
    if not title or len(title) > 200:
        problems.append("请填写标题（不超过200个字）")
    if not body or len(body) > 10000:
        problems.append("请填写监督意见（不超过10000个字）")
    if due_on <= timezone.localdate():
        problems.append("答复期限须晚于今天")
    if item is not None and (item.committee_id != committee_id or item.plan != Item.Plan.SUPERVISION):
        problems.append("所选项目不是本政协民主监督计划的项目")
    if supervisor is not None and supervisor.committee_id != committee_id:
        problems.append("特约监督员不属于本政协")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        finding = Finding.objects.create(
            committee_id=committee_id, item=item, supervisor=supervisor, unit=unit, title=title, body=body,
            due_on=due_on, created_by=by,
        )  # fmt: skip
        record(action="workplans.finding.sent", obj=finding, by=by, data={"unit": unit.pk, "due_on": due_on})
        reindex("finding", finding.pk)
        clerks = RoleAssignment.objects.filter(
            committee_id=committee_id, handling_unit=unit, role__in=UNIT_ROLES
        ).select_related("user")
        for ra in clerks:
            notify(
                recipient=ra.user, key=f"workplans.finding.{finding.pk}", title=f"民主监督意见：{title}",
                body=f"请于{due_on:%Y-%m-%d}前答复", url=reverse("workplans:finding", args=[finding.pk]),
                committee_id=committee_id,
            )  # fmt: skip
    return finding


def finding_reply(*, finding: Finding, by: Any, reply: str) -> Finding:
    """The department replies (its clerk or leader)."""
    if finding.unit_id not in unit_ids(by, finding.committee_id):
        raise NotAllowed()
    reply = reply.strip()
    if not reply or len(reply) > 10000:
        raise DomainError("请填写答复（不超过10000个字）")
    if finding.state != S.SENT:
        raise DomainError("该意见已答复")
    with transaction.atomic():
        updated = Finding.objects.filter(pk=finding.pk, state=S.SENT, version=finding.version).update(
            state=S.REPLIED, reply=reply, replied_at=timezone.now(), version=F("version") + 1
        )
        if updated != 1:
            raise Conflict()
        record(
            action="workplans.finding.replied",
            obj=finding,
            by=by,
            data={"late": timezone.localdate() > finding.due_on},
        )
        reindex("finding", finding.pk)
        for ra in RoleAssignment.objects.filter(
            committee_id=finding.committee_id, role=Role.ACTIVITY_STAFF
        ).select_related("user"):
            notify(
                recipient=ra.user, key=f"workplans.finding.replied.{finding.pk}", title=f"部门已答复：{finding.title}",
                url=reverse("workplans:finding", args=[finding.pk]), committee_id=finding.committee_id,
            )  # fmt: skip
    finding.refresh_from_db()
    return finding


def finding_rate(*, finding: Finding, by: Any, rating: str, note: str = "") -> Finding:
    _staff(by, finding.committee_id)
    if rating not in Finding.Rating.values:
        raise DomainError("请选择评价：满意、基本满意或不满意")
    note = note.strip()
    if rating == Finding.Rating.UNSATISFIED and not note:
        raise DomainError("不满意请填写意见")
    if finding.state != S.REPLIED:
        raise DomainError("部门答复后才能评价")
    with transaction.atomic():
        updated = Finding.objects.filter(pk=finding.pk, state=S.REPLIED).update(
            state=S.RATED, rating=rating, rating_note=note[:300], version=F("version") + 1
        )
        if updated != 1:
            raise Conflict()
        record(action="workplans.finding.rated", obj=finding, by=by, data={"rating": rating})
        reindex("finding", finding.pk)
    finding.refresh_from_db()
    return finding


def finding_instruct(
    *, finding: Finding, by: Any, leader_name: str, instruction: str, due_on: date
) -> Finding:
    """A leader instructed on the finding: a supervision item follows it up with the department."""
    _staff(by, finding.committee_id)
    leader_name, instruction = leader_name.strip(), instruction.strip()
    if not leader_name or len(leader_name) > 50:
        raise DomainError("请填写批示领导")
    if not instruction:
        raise DomainError("请填写批示内容")
    if finding.sup_item_id is not None:
        raise DomainError("已转督办")
    with transaction.atomic():
        item = item_register(
            committee_id=finding.committee_id, by=by,
            data=ItemData(
                title=f"落实{leader_name}对民主监督意见《{finding.title}》的批示"[:200],
                source=supervision_config.source_named(finding.committee_id, "领导批示"), due_on=due_on,
                lead_unit=finding.unit, content=instruction, category="民主监督",
            ),
            link=finding, link_label=f"民主监督意见《{finding.title}》"[:200],
            link_url=reverse("workplans:finding", args=[finding.pk]),
        )  # fmt: skip
        Finding.objects.filter(pk=finding.pk).update(sup_item=item)
        record(
            action="workplans.finding.instructed",
            obj=finding,
            by=by,
            data={"item": item.pk, "leader": leader_name},
        )
    finding.refresh_from_db()
    return finding


def finding_item_done(*, item: SupervisionItem, by: Any) -> Finding:
    """settings.SUPERVISION_DONE_RECEIVERS["workplans.finding"]: the office accepted the item
    following up a leader's instruction on the finding. The department's completion report becomes
    the finding's 落实情况; a finding still waiting for the department's reply takes that report as
    its reply (the department has answered through the item), so it stops counting as overdue and
    goes to the office for rating. The office and the special supervisor who reported it are told.
    Runs inside the acceptance's transaction: the item is not accepted unless this succeeds."""
    if item.link_id is None:
        raise ValueError(f"supervision item {item.pk} follows up no finding")
    finding = Finding.objects.select_related("supervisor__member__person__user").get(pk=item.link_id)
    # Read what the acceptance just wrote rather than trust the caller's copy of the item.
    text, done_at = SupervisionItem.objects.filter(pk=item.pk).values_list("completion_text", "done_at").get()
    done_at = done_at or timezone.now()
    text = text or "督办事项已办结"
    with transaction.atomic():
        fields: dict[str, Any] = {"result": text, "result_at": done_at, "version": F("version") + 1}
        answered = finding.state == S.SENT
        if answered:
            fields.update(state=S.REPLIED, reply=text, replied_at=done_at)
        Finding.objects.filter(pk=finding.pk).update(**fields)
        record(
            action="workplans.finding.implemented",
            obj=finding,
            by=by,
            data={"item": item.pk, "answered": answered},
        )
        url = reverse("workplans:finding", args=[finding.pk])
        recipients = [
            ra.user
            for ra in RoleAssignment.objects.filter(
                committee_id=finding.committee_id, role=Role.ACTIVITY_STAFF
            ).select_related("user")
        ]
        supervisor = finding.supervisor
        if supervisor is not None and supervisor.member.person.user is not None:
            recipients.append(supervisor.member.person.user)
        for user in recipients:
            notify(
                recipient=user, key=f"workplans.finding.implemented.{finding.pk}",
                title=f"批示落实情况：{finding.title}", body=text[:200], url=url,
                committee_id=finding.committee_id,
            )  # fmt: skip
    finding.refresh_from_db()
    return finding
