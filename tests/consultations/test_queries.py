"""The lists run a fixed number of queries, the same for 2 rows as for 50."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.consultations import config
from zhengxie.consultations.models import Activity, Consultation, Invitation, Platform
from zhengxie.consultations.services import activities, plans
from zhengxie.org import services as org_services
from zhengxie.org.models import Member
from zhengxie.org.roles import Role

from .conftest import at

pytestmark = pytest.mark.django_db


def _members(p: Personas, n: int) -> list[Member]:
    start = Member.objects.count()
    out = []
    for i in range(start, start + n):
        person = org_services.person_find_or_create(name=f"委员{i}", gender="M", affiliation="群众", by=None)
        out.append(org_services.member_create(committee=p.city, person=person, sector=p.sector, by=None))
    return out


def test_consultation_list(client: Client, p: Personas) -> None:
    form = config.form_named(p.city.pk, "专题协商会")

    def add(n: int) -> None:
        for i in range(n):
            plans.consultation_create(
                committee_id=p.city.pk, by=p.activity_staff, title=f"议题{i}", form=form, lead=p.special,
                meeting_on=timezone.localdate() + timedelta(days=30),
            )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:index"), add, many=50)


def test_activity_list_and_calendar(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for i in range(n):
            activities.activity_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="research", title=f"调研{i}",
                starts_at=at(i % 20 + 1), ends_at=at(i % 20 + 1, 17), place=f"地点{i % 3}", organiser=p.special,
            )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:activity_list"), add, many=50)
    Activity.objects.all().delete()
    same_for_few_and_many(client, reverse("consultations:calendar"), add, many=50)


def test_invitation_list_on_the_activity_page(client: Client, p: Personas, meeting: Activity) -> None:
    def add(n: int) -> None:
        activities.invite(activity=meeting, by=p.activity_staff, members=_members(p, n))

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:activity_detail", args=[meeting.pk]), add, many=50)


def test_my_activities_and_member_load(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for i in range(n):
            a = activities.activity_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="training", title=f"培训{i}",
                starts_at=at(i + 1), ends_at=at(i + 1, 17), place="党校",
            )  # fmt: skip
            Invitation.objects.create(committee=p.city, activity=a, member=p.member_wang_record)

    client.force_login(p.member_wang)
    same_for_few_and_many(client, reverse("consultations:my_activities"), add, many=50)
    Invitation.objects.all().delete()
    members: list[Member] = []

    def add_members(n: int) -> None:
        members.extend(_members(p, n))
        a = Activity.objects.first()
        Invitation.objects.bulk_create(
            [Invitation(committee=p.city, activity=a, member=m) for m in members], ignore_conflicts=True
        )

    client.force_login(p.activity_staff)
    same_for_few_and_many(
        client, reverse("consultations:member_load") + f"?year={at(1).year}", add_members, many=50
    )


def test_platform_list(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        Platform.objects.bulk_create(
            [
                Platform(
                    committee=p.city, name=f"议事室{i}", level="village", township="城关镇", village=f"{i}村"
                )
                for i in range(n)
            ]
        )

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:platform_list"), add, many=50)


def test_deliberation_page(client: Client, p: Personas) -> None:
    from zhengxie.consultations.services import deliberation

    now = timezone.now()
    members = _members(p, 2)
    d = deliberation.deliberation_open(
        committee_id=p.city.pk, by=p.activity_staff, title="议题", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1), members=members,
    )  # fmt: skip

    def add(n: int) -> None:
        for i in range(n):
            deliberation.comment_post(
                deliberation=d, member=members[i % 2], by=p.activity_staff, body=f"意见{i}"
            )

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:deliberation_detail", args=[d.pk]), add, many=50)
    assert Consultation.objects.count() == 0


def test_home_page_with_consultation_items(client: Client, p: Personas) -> None:
    _user("both", "双重角色", p.city, Role.LEADER)
    client.force_login(p.activity_staff)
    assert client.get(reverse("home")).status_code == 200


def test_plan_page(client: Client, p: Personas) -> None:
    plan = plans.plan_create(committee_id=p.city.pk, year=2027, by=p.activity_staff)

    def add(n: int) -> None:
        for i in range(n):
            t = plans.topic_suggest(
                plan=plan,
                by=p.activity_staff,
                title=f"议题{i}",
                source_kind="special",
                special_committee=p.special,
            )
            plans.topic_decide(
                topic=t,
                by=p.activity_staff,
                include=True,
                form=config.forms_for(p.city.pk)[0],
                lead=p.special,
            )

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:plan_detail", args=[plan.pk]), add, many=50)


def test_consultation_page_with_outcomes_and_their_items(client: Client, p: Personas) -> None:
    from zhengxie.consultations.services import outcomes

    c = plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="议题", form=config.forms_for(p.city.pk)[2]
    )
    Consultation.objects.filter(pk=c.pk).update(state="tracking")
    c.refresh_from_db()

    def add(n: int) -> None:
        for i in range(n):
            o = outcomes.outcome_create(
                consultation=c, by=p.activity_staff, kind="minutes", title=f"纪要{i}", body="……"
            )
            outcomes.outcome_submit(outcome=o, by=p.activity_staff)
            if i % 5 == 0:
                for leader in ("市长", "副市长"):
                    outcomes.outcome_instruction(
                        outcome=o, by=p.activity_staff, instruction="落实", instructed_by=leader, lead_unit=p.unit,
                        due_on=timezone.localdate() + timedelta(days=30),
                    )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:consultation_detail", args=[c.pk]), add, many=50)


def test_deliberation_list_for_a_member(client: Client, p: Personas) -> None:
    from zhengxie.consultations.services import deliberation

    now = timezone.now()

    def add(n: int) -> None:
        for i in range(n):
            deliberation.deliberation_open(
                committee_id=p.city.pk, by=p.activity_staff, title=f"议题{i}", opens_at=now,
                closes_at=now + timedelta(days=3), members=[p.member_wang_record],
            )  # fmt: skip

    client.force_login(p.member_wang)
    same_for_few_and_many(client, reverse("consultations:deliberation_list"), add, many=50)


def test_platform_page_and_plan_list(client: Client, p: Personas) -> None:
    from zhengxie.consultations.services import quality

    platform = quality.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="议事室", level="township", township="城关镇"
    )

    def add(n: int) -> None:
        for i in range(n):
            quality.platform_activity_record(
                platform=platform, by=p.activity_staff, held_on=timezone.localdate(), topic=f"事项{i}",
                participants=10, problems_solved=1, members=[p.member_wang_record],
            )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:platform_detail", args=[platform.pk]), add, many=50)
    years = iter(range(2000, 2100))

    def add_plans(n: int) -> None:
        for _ in range(n):
            plans.plan_create(committee_id=p.city.pk, year=next(years), by=p.activity_staff)

    same_for_few_and_many(client, reverse("consultations:plan_list"), add_plans, many=50)


def test_attendance_api(client: Client, p: Personas, meeting: Activity) -> None:
    from tests.api.helpers import bearer

    def add(n: int) -> None:
        activities.invite(activity=meeting, by=p.activity_staff, members=_members(p, n))

    headers = bearer(p.activity_staff)
    url = f"/api/v1/consultations/activities/{meeting.pk}/attendance?limit=100"

    def count() -> int:
        client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=headers).status_code == 200
        return len(captured.captured_queries)

    add(2)
    few = count()
    add(48)
    assert count() == few
