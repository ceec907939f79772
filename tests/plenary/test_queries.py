"""The plenary's lists and detail pages run the same number of queries for 2 rows as for 20."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.org import services as org_services
from zhengxie.org.models import Member
from zhengxie.plenary import services
from zhengxie.plenary.models import SpeechCall

pytestmark = pytest.mark.django_db


def _speeches(p: Personas, call: SpeechCall) -> object:
    def add(n: int) -> None:
        for i in range(n):
            services.speech_submit(
                call=call, by=p.activity_staff, author=p.member_wang_record, title=f"发言{i}", body="内容"
            )

    return add


def test_speech_lists(client: Client, p: Personas, call: SpeechCall) -> None:
    client.force_login(p.activity_staff)
    add = _speeches(p, call)
    same_for_few_and_many(client, reverse("plenary:speech_list"), add)  # type: ignore[arg-type]
    same_for_few_and_many(client, reverse("plenary:call_detail", args=[call.pk]), add)  # type: ignore[arg-type]


def test_my_speeches(client: Client, p: Personas, call: SpeechCall) -> None:
    client.force_login(p.member_wang)
    same_for_few_and_many(client, reverse("plenary:my_speeches"), _speeches(p, call))  # type: ignore[arg-type]


def test_plenary_page_with_groups_and_agenda(client: Client, p: Personas, plenary: Activity) -> None:
    group = services.group_create(activity=plenary, by=p.activity_staff, name="第一组", room="301")

    def add(n: int) -> None:
        start = Member.objects.count()
        for i in range(start, start + n):
            person = org_services.person_find_or_create(
                name=f"委员{i}", gender="M", affiliation="群众", by=None
            )
            m = org_services.member_create(committee=p.city, person=person, sector=p.sector, by=None)
            activities.invite(activity=plenary, by=p.activity_staff, members=[m])
            services.group_seat(group=group, by=p.activity_staff, members=[m])
            services.agenda_add(
                activity=plenary, by=p.activity_staff, kind="group", title=f"议程{i}",
                starts_at=plenary.starts_at + timedelta(minutes=i), ends_at=plenary.ends_at, place="礼堂",
            )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("plenary:plenary_detail", args=[plenary.pk]), add)


def test_plenary_list(client: Client, p: Personas) -> None:
    from tests.consultations.conftest import at

    def add(n: int) -> None:
        for i in range(n):
            activities.activity_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="plenary", title=f"全会{i}",
                starts_at=at(i + 1), ends_at=at(i + 1, 17), place="礼堂",
            )  # fmt: skip

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("plenary:plenary_list"), add)
