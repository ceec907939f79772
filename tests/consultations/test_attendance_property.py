"""Whatever order sign-ins, staff corrections and closing come in, the duty ledger ends up saying
exactly what the member's attendance says — once, speeches included."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personas import Personas
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError

pytestmark = pytest.mark.django_db

EXPECTED = {"present": {"M04": Decimal(4)}, "unexcused": {"D04": Decimal(-2)}, "excused": {}, "": {}}
STEPS = st.lists(
    st.sampled_from(["sign_in", "present", "excused", "unexcused", "", "close", "speech"]),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_ledger_follows_the_last_attendance(p: Personas, steps: list[str]) -> None:
    now = timezone.now()
    activity = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.CONSULTATION, title="协商会",
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1), place="会议室",
    )  # fmt: skip
    activities.invite(activity=activity, by=p.activity_staff, members=[p.member_wang_record])
    for step in steps:
        inv = Invitation.objects.select_related("activity", "member").get(activity=activity)
        try:
            if step == "sign_in":
                activities.sign_in(activity=activity, member=p.member_wang_record, by=p.member_wang)
            elif step == "close":
                activities.activity_close(activity=activity, by=p.activity_staff)
            elif step == "speech":
                activities.speech_record(invitation=inv, by=p.activity_staff)
            else:
                activities.attendance_set(invitation=inv, by=p.activity_staff, status=step)
        except DomainError:
            pass  # refused steps (a speech by an absent member, closing twice) change nothing
    inv = Invitation.objects.get(activity=activity)
    standing: dict[str, Decimal] = {}
    for e in (
        PointEntry.objects.filter(source_id=activity.pk, member=p.member_wang_record)
        .standing()
        .select_related("rule")
    ):
        if e.source_type is not None and e.source_type.model == "activity":
            standing[e.rule.code] = standing.get(e.rule.code, Decimal(0)) + e.points
    speeches = standing.pop("M08", None)
    assert standing == EXPECTED[inv.attendance]
    # Speeches count only while the member is recorded present.
    assert (speeches or 0) == (3 * inv.speeches if inv.attendance == "present" else 0)
