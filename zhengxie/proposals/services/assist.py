"""协助审查修改 (issue 22): a member asks the proposal office to help with a proposal for an upper
level's session; the office answers once with its comments and an edited text; the member is
told and keeps both with the request."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..models import AssistRequest

S = AssistRequest.State


def assist_request(*, committee_id: int, by: Any, upper_level: str, title: str, text: str) -> AssistRequest:
    if Role.MEMBER not in roles_in(by, committee_id):
        raise NotAllowed("只有本政协委员可以申请协助审查修改")
    member = Member.objects.filter(committee_id=committee_id, person__user_id=by.pk).first()
    if member is None:
        raise NotAllowed("只有本政协委员可以申请协助审查修改")
    upper_level, title, text = upper_level.strip(), title.strip(), text.strip()
    problems = []
    if not upper_level:
        problems.append("请填写拟提交的上级政协会议")
    if not title:
        problems.append("请填写案由")
    if len(text) < 20:
        problems.append("请填写提案稿（至少20个字）")
    if len(upper_level) > 100 or len(title) > 200 or len(text) > 20000:
        problems.append("内容过长")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        row = AssistRequest.objects.create(
            committee_id=committee_id,
            member=member,
            upper_level=upper_level,
            title=title,
            text=text,
            created_by=by,
        )
        record(action="proposals.assist.requested", obj=row, by=by, data={"upper_level": upper_level})
        reindex("assist", row.pk)
    return row


def assist_answer(*, row: AssistRequest, by: Any, comments: str, edited_text: str = "") -> AssistRequest:
    if Role.PROPOSAL_STAFF not in roles_in(by, row.committee_id):
        raise NotAllowed("只有本政协提案工作人员可以反馈审查修改意见")
    if row.state != S.SUBMITTED:
        raise DomainError("该申请已反馈，不能再次反馈")
    comments, edited_text = comments.strip(), edited_text.strip()
    if len(comments) < 5:
        raise DomainError("请填写审查修改意见（至少5个字）")
    if len(comments) > 5000 or len(edited_text) > 20000:
        raise DomainError("内容过长")
    now = timezone.now()
    with transaction.atomic():
        updated = AssistRequest.objects.filter(pk=row.pk, state=S.SUBMITTED).update(
            state=S.ANSWERED, comments=comments, edited_text=edited_text, answered_by=by, answered_at=now
        )
        if updated != 1:
            raise Conflict()
        row.state, row.comments, row.edited_text, row.answered_by, row.answered_at = (
            S.ANSWERED,
            comments,
            edited_text,
            by,
            now,
        )
        record(action="proposals.assist.answered", obj=row, by=by, data={"edited": bool(edited_text)})
        reindex("assist", row.pk)
    transaction.on_commit(
        lambda: notify(
            recipient=row.created_by,
            key=f"proposals.assist.{row.pk}",
            title=f"提案审查修改意见已反馈：{row.title}"[:200],
            body=f"您拟提交{row.upper_level}的提案，提案委已反馈审查修改意见。",
            url=reverse("proposals:assist_detail", args=[row.pk]),
            committee_id=row.committee_id,
        )
    )
    return row
