"""Proposal handling's pending items on the home page: assignments to sign for, replies due
soon or overdue, lead replies to co-sign (units); filed proposals to assign, objections, extension requests and replies to
review (proposal staff). A fixed number of queries whatever the counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import roles_in

from .models import Assignment, Extension, Objection, Proposal, Reply
from .permissions import user_units

A = Assignment.State
# How far ahead a reply deadline counts as "due soon".
DUE_SOON_DAYS = 15


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if roles & UNIT_ROLES:
        today = timezone.localdate()
        open_states = (A.PENDING, A.OBJECTING, A.HANDLING)
        counts = Assignment.objects.filter(
            committee_id=committee_id, unit_id__in=user_units(user, committee_id)
        ).aggregate(
            to_sign=Count("id", filter=Q(state=A.PENDING)),
            due_soon=Count(
                "id",
                filter=Q(
                    state__in=open_states,
                    due_on__gte=today,
                    due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
                ),
            ),
            overdue=Count("id", filter=Q(state__in=open_states, due_on__lt=today)),
        )
        inbox = reverse("proposals:unit_inbox")
        if counts["to_sign"]:
            result.append(PendingItem("待签收的提案", counts["to_sign"], f"{inbox}?bucket=to_sign"))
        if counts["due_soon"]:
            result.append(
                PendingItem(f"{DUE_SOON_DAYS}天内到期的提案", counts["due_soon"], f"{inbox}?bucket=handling")
            )
        if counts["overdue"]:
            result.append(
                PendingItem("已逾期未答复的提案", counts["overdue"], f"{inbox}?bucket=handling", urgent=True)
            )
        # A 会办 unit co-signs the lead's reply after sending its own opinion, when its share is
        # already under 已答复: point it there. Few replies wait for co-signing at once.
        mine = user_units(user, committee_id)
        waiting = Reply.objects.filter(
            committee_id=committee_id,
            state=Reply.State.COSIGNING,
            proposal__assignments__unit_id__in=mine,
            proposal__assignments__role=Assignment.Role.CO,
        ).values_list("cosigned_by", flat=True)[:200]
        to_cosign = sum(1 for signed in waiting if not mine & set(signed or []))
        if to_cosign:
            result.append(PendingItem("待会签的提案答复", to_cosign, f"{inbox}?bucket=replied"))
    if Role.PROPOSAL_STAFF in roles:
        for label, count, url in (
            (
                "待交办的提案",
                Proposal.objects.filter(committee_id=committee_id, state=Proposal.State.FILED).count(),
                "proposals:assign_batch",
            ),
            (
                "待审核的改办申请",
                Objection.objects.filter(committee_id=committee_id, state=Objection.State.PENDING).count(),
                "proposals:objection_list",
            ),
            (
                "待审批的提案延期申请",
                Extension.objects.filter(committee_id=committee_id, state=Extension.State.PENDING).count(),
                "proposals:extension_list",
            ),
            (
                "待审核的提案答复",
                Reply.objects.filter(committee_id=committee_id, state=Reply.State.REVIEWING).count(),
                "proposals:reply_list",
            ),
        ):
            if count:
                result.append(PendingItem(label, count, reverse(url)))
    return result
