"""Building proposals at the handling stage for the tests: a filed proposal without the review
service (moved to FILED through lib.workflow.transition as proposal staff would), then assigned,
signed and replied through the handling services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.lib.workflow import transition
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.models import Assignment, HandlingMode, Proposal, Reply
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import replies
from zhengxie.proposals.services import submission as sub
from zhengxie.proposals.workflow import LABELS, TABLE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
P = Proposal.State


def today() -> date:
    return timezone.localdate()


def in_days(n: int) -> date:
    return today() + timedelta(days=n)


def pdf(name: str = "答复件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def filed_proposal(p: Personas, *, by: Any = None, **kw: Any) -> Proposal:
    """王委员's submitted proposal, filed with a number and category. Keyword arguments go to
    complete_data(), except `is_key`, `key_leader` and `number`."""
    extra = {k: kw.pop(k) for k in ("is_key", "key_leader", "number") if k in kw}
    proposal = sub.proposal_create(committee_id=p.city.pk, by=by or p.member_wang, data=complete_data(**kw))
    sub.proposal_submit(proposal=proposal, by=by or p.member_wang)
    proposal = Proposal.objects.get(pk=proposal.pk)
    serial = Proposal.objects.filter(committee=p.city).exclude(number="").count() + 1
    transition(
        proposal,
        table=TABLE,
        to=P.FILED,
        by=p.proposal_staff,
        roles={"proposal_staff"},
        state_labels=LABELS,
        fields={
            "number": extra.get("number", f"14-3-{serial:04d}"),
            "serial": serial,
            "category": proposal.category or "社会建设",
            "filed_at": timezone.now(),
            "is_key": extra.get("is_key", False),
            "key_leader": extra.get("key_leader"),
        },
    )
    return Proposal.objects.get(pk=proposal.pk)


def assigned(
    p: Personas,
    mode: str = HandlingMode.LEAD,
    units: list[HandlingUnit] | None = None,
    co_units: list[HandlingUnit] | None = None,
    **kw: Any,
) -> Proposal:
    proposal = filed_proposal(p, **kw)
    handling.proposal_assign(
        proposal=proposal, by=p.proposal_staff, mode=mode, units=units or [p.unit], co_units=co_units or []
    )
    return Proposal.objects.get(pk=proposal.pk)


def assignment_of(proposal: Proposal, unit: HandlingUnit) -> Assignment:
    return (
        Assignment.objects.select_related("proposal", "unit")
        .exclude(state=Assignment.State.WITHDRAWN)
        .get(proposal=proposal, unit=unit)
    )


def signed(p: Personas, clerk: Any = None, unit: HandlingUnit | None = None, **kw: Any) -> Assignment:
    """The lead unit (住建局) has signed for a freshly assigned proposal."""
    proposal = assigned(p, **kw)
    assignment = assignment_of(proposal, unit or p.unit)
    handling.assignment_sign(assignment=assignment, by=clerk or p.unit_clerk)
    return assignment_of(proposal, unit or p.unit)


def reply_data(**overrides: Any) -> replies.ReplyData:
    values: dict[str, Any] = {
        "category": "A",
        "text": "经研究，我局已简化加装电梯审批流程，出台资金分摊指引，并设立财政补贴专项资金。",
        "summary": "已简化审批、出台指引、设立补贴。",
        "signing_leader": "张局长",
        "contact_name": "刘科长",
        "contact_phone": "0571-88886666",
        "public_scope": "full",
    }
    values.update(overrides)
    return replies.ReplyData(**values)


def submitted_reply(p: Personas, assignment: Assignment, clerk: Any = None, **overrides: Any) -> Reply:
    reply = replies.reply_save(assignment=assignment, by=clerk or p.unit_clerk, data=reply_data(**overrides))
    return replies.reply_submit(reply=fresh_reply(reply), by=clerk or p.unit_clerk)


def fresh_reply(reply: Reply) -> Reply:
    return Reply.objects.select_related("assignment__proposal", "assignment__unit", "proposal").get(
        pk=reply.pk
    )


def fresh_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_related("proposal", "unit").get(pk=assignment.pk)


def fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.get(pk=proposal.pk)


def year_export(client: Client, run_jobs: Any, year: int = 2026) -> bytes:
    """Start the year's Excel export on the statistics page, let the worker build it, download it."""
    with run_jobs():
        started = client.post(reverse("proposals:export"), {"year": str(year)})
    page = client.get(started["Location"])
    long_task = page.context["long_task"]
    assert (
        long_task.state == "done"
        and reverse("lib:longwork_download", args=[long_task.pk]) in page.content.decode()
    )
    response = client.get(reverse("lib:longwork_download", args=[long_task.pk]))
    return bytes(response.getvalue())


def year_report_docx(client: Client, run_jobs: Any, year: int = 2026) -> tuple[Any, bytes]:
    """Start the year's Word report on the statistics page, let the worker build it, download it;
    returns the finished task and the file."""
    with run_jobs():
        started = client.post(reverse("proposals:stats_docx"), {"year": str(year)})
    page = client.get(started["Location"])
    long_task = page.context["report_task"]
    download = reverse("lib:longwork_download", args=[long_task.pk])
    assert long_task.state == "done" and download in page.content.decode()
    return long_task, bytes(client.get(download).getvalue())
