"""/api/v1/consultations/: a member's phone lists invitations, registers, asks leave and signs in
with the scanned token, and reads the outcomes of the consultations he took part in; staff read and
correct attendance; scope and bad input as on the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.consultations import config
from zhengxie.consultations.models import Activity, Instruction, Invitation, Outcome
from zhengxie.consultations.services import activities, outcomes, plans
from zhengxie.duty.models import PointEntry

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultations/"


def _activity(p: Personas, *, days: float = 7, title: str = "专题协商会") -> Activity:
    start = timezone.now() + timedelta(days=days)
    return activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title=title,
        starts_at=start, ends_at=start + timedelta(hours=3), place="市政协三楼会议室",
    )  # fmt: skip


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def test_member_registers_asks_leave_and_signs_in(client: Client, p: Personas) -> None:
    later = _activity(p)
    now = _activity(p, days=-1 / 24, title="双周协商座谈会")
    for a in (later, now):
        activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    headers = bearer(p.member_wang)
    listed = client.get(BASE + "invitations", headers=headers).json()
    assert [i["title"] for i in listed["items"]] == ["双周协商座谈会", "专题协商会"]
    inv = Invitation.objects.get(activity=later)
    assert _post(client, f"{BASE}invitations/{inv.pk}/register", headers).json()["reply"] == "registered"
    refused = _post(client, f"{BASE}invitations/{inv.pk}/leave", headers, {"reason": " "})
    assert refused.status_code == 400 and refused.json()["message"] == "请填写请假事由"
    assert (
        _post(client, f"{BASE}invitations/{inv.pk}/leave", headers, {"reason": "出差"}).json()["reply"]
        == "leave"
    )

    signed = _post(client, BASE + "sign-in", headers, {"token": activities.sign_in_token(now)})
    assert signed.status_code == 200 and signed.json()["attendance"] == "present"
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="M04").exists()
    mine = client.get(BASE + "activities", headers=headers).json()
    assert [i["title"] for i in mine["items"]] == ["双周协商座谈会"]


def test_forged_token_and_other_peoples_invitations(client: Client, p: Personas) -> None:
    a = _activity(p)
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.get()
    forged = _post(client, BASE + "sign-in", bearer(p.member_wang), {"token": "eyJhIjoxfQ:forged"})
    assert forged.status_code == 400 and "无效" in forged.json()["message"]
    other = _post(client, f"{BASE}invitations/{inv.pk}/register", bearer(p.member_county))
    assert other.status_code == 404
    assert client.get(f"{BASE}activities/{a.pk}/attendance", headers=bearer(p.member_wang)).status_code == 404
    assert (
        client.get(f"{BASE}activities/{a.pk}/attendance", headers=bearer(p.county_b_staff)).status_code == 404
    )


def test_staff_reads_and_corrects_attendance(client: Client, p: Personas) -> None:
    a = _activity(p, days=-1 / 24)
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.get()
    headers = bearer(p.activity_staff)
    changed = _post(client, f"{BASE}invitations/{inv.pk}/attendance", headers, {"status": "unexcused"})
    assert changed.json()["attendance"] == "unexcused"
    bad = _post(client, f"{BASE}invitations/{inv.pk}/attendance", headers, {"status": "late"})
    assert bad.status_code == 400
    listed = client.get(f"{BASE}activities/{a.pk}/attendance", headers=headers).json()
    assert [(r["name"], r["attendance"]) for r in listed["items"]] == [("王建国", "unexcused")]
    assert (
        _post(
            client, f"{BASE}invitations/{inv.pk}/attendance", bearer(p.leader), {"status": "present"}
        ).status_code
        == 404
    )


def test_invitation_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)

    def add(n: int) -> None:
        for i in range(n):
            a = _activity(p, days=i + 1, title=f"活动{i}")
            Invitation.objects.create(committee=p.city, activity=a, member=p.member_wang_record)

    def count() -> int:
        client.get(BASE + "invitations", headers=headers)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(BASE + "invitations", {"limit": "100"}, headers=headers).status_code == 200
        return len(captured.captured_queries)

    add(2)
    few = count()
    add(48)
    assert count() == few


def _outcomes(p: Personas, *, n: int = 1, submitted: bool = True, title: str = "城市更新") -> list[Outcome]:
    """A consultation whose meeting 王委员 was invited to, with `n` outcomes."""
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title=title,
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    a = _activity(p, title=f"{title}协商会")
    Activity.objects.filter(pk=a.pk).update(consultation=c)
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    when = timezone.now() if submitted else None
    return [
        Outcome.objects.create(
            committee=p.city,
            consultation=c,
            kind="recommendation",
            title=f"关于{title}的建议案{i}",
            body="正文",
            submitted_at=when,
            created_by=p.activity_staff,
        )
        for i in range(n)
    ]


def test_a_participant_reads_the_outcomes_with_adoption_and_instructions(client: Client, p: Personas) -> None:
    [o] = _outcomes(p)
    _outcomes(p, submitted=False, title="老旧小区")  # the office's draft is not shown
    outcomes.outcome_feedback(outcome=o, by=p.activity_staff, adoption="adopted", feedback="已纳入年度计划")
    outcomes.outcome_instruction(
        outcome=o, by=p.activity_staff, instruction="请住建局研究落实。", instructed_by="市长",
        lead_unit=p.unit, due_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    Instruction.objects.filter(outcome=o).update(result="已出台实施办法", result_at=timezone.now())
    listed = client.get(BASE + "outcomes", headers=bearer(p.member_wang)).json()
    [item] = listed["items"]
    assert (item["title"], item["consultation_title"], item["adoption_label"]) == (
        "关于城市更新的建议案0",
        "城市更新",
        "采纳",
    )
    assert item["feedback"] == "已纳入年度计划" and listed["next_after"] is None
    [instruction] = item["instructions"]
    assert (instruction["leader_name"], instruction["text"], instruction["result"]) == (
        "市长",
        "请住建局研究落实。",
        "已出台实施办法",
    )
    # Someone who took no part (another committee's member) sees none of it.
    assert client.get(BASE + "outcomes", headers=bearer(p.member_county)).json()["items"] == []


def test_outcome_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)

    def add(n: int) -> None:
        for o in _outcomes(p, n=n, title=f"议题{Outcome.objects.count()}"):
            for leader in ("市长", "副市长"):
                Instruction.objects.create(
                    committee=p.city, outcome=o, leader_name=leader, text="请研究",
                    given_on=timezone.localdate(), recorded_by=p.activity_staff,
                )  # fmt: skip

    def count() -> int:
        client.get(BASE + "outcomes", headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(BASE + "outcomes", {"limit": "100"}, headers=headers)
            assert response.status_code == 200
        return len(captured.captured_queries)

    add(2)
    few = count()
    add(30)
    assert count() == few
    assert len(client.get(BASE + "outcomes", {"limit": "100"}, headers=headers).json()["items"]) == 32
