"""The pages: each role reaches its micro-suggestion work from the home page and takes its step
through a form; wrong roles get 404; bad input a Chinese message with nothing stored; every list
and detail page costs the same number of queries for 2 rows and 20."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.participation.conftest import png_bytes, submit
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.participation.models import MicroSuggestion, Reception, Studio
from zhengxie.participation.services import micro as svc
from zhengxie.participation.services import studios as studio_svc

pytestmark = pytest.mark.django_db
S = MicroSuggestion.State


def test_member_submits_on_the_form_with_a_photo(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    home = client.get("/").content.decode()
    assert reverse("participation:micro_submit") in home
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("participation:micro_submit"),
        {
            "title": "幸福路井盖破损",
            "body": "井盖破损下陷，建议更换。",
            "place": "幸福路",
            "topic": "城乡建设",
            "photos": [SimpleUploadedFile("井盖.png", png_bytes(), content_type="image/png")],
        },
    )
    micro = MicroSuggestion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "participation:micro_detail", args=[micro.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "待甄别" in page and "井盖.png" in page


def test_too_long_text_is_refused_on_the_form(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(
        reverse("participation:micro_submit"),
        {"title": "太长", "body": "长" * 301, "place": "幸福路", "topic": "城乡建设"},
    )
    assert response.status_code == 400 and "不能超过300个字" in response.content.decode()
    assert not MicroSuggestion.objects.exists()


def test_office_routes_unit_answers_member_rates_through_pages(client: Client, p: Personas) -> None:
    micro = submit(p)
    client.force_login(p.proposal_staff)
    home = client.get("/").content.decode()
    assert "待甄别交办的微建议" in home
    listing = client.get(reverse("participation:micro_office") + "?task=to_screen").content.decode()
    assert micro.title in listing
    client.post(reverse("participation:micro_act", args=[micro.pk, "route"]), {"unit": p.unit.pk, "note": ""})
    micro.refresh_from_db()
    assert micro.state == S.ROUTED

    client.force_login(p.unit_clerk)
    assert "待答复的微建议" in client.get("/").content.decode()
    assert micro.title in client.get(reverse("participation:micro_unit") + "?task=to_answer").content.decode()
    client.post(reverse("participation:micro_act", args=[micro.pk, "answer"]), {"answer": "已更换"})
    micro.refresh_from_db()
    assert micro.state == S.ANSWERED

    client.force_login(p.member_wang)
    assert "待评价的微建议答复" in client.get("/").content.decode()
    client.post(
        reverse("participation:micro_act", args=[micro.pk, "rate"]), {"rating": "basic", "comment": ""}
    )
    micro.refresh_from_db()
    assert micro.state == S.RATED and micro.rating == "basic"

    client.force_login(p.leader)
    stats = client.get(reverse("participation:micro_stats")).content.decode()
    assert p.unit.name in stats and "100%" in stats


def test_wrong_state_action_shows_the_message(client: Client, p: Personas) -> None:
    micro = submit(p)
    svc.micro_decline(micro=micro, by=p.proposal_staff, reason="不属于政府职能")
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("participation:micro_act", args=[micro.pk, "route"]), {"unit": p.unit.pk}, follow=True
    )
    assert "不能执行此操作" in response.content.decode()


def test_pages_outside_the_role_are_404(client: Client, p: Personas) -> None:
    micro = submit(p)
    client.force_login(p.unit_clerk)
    assert client.get(reverse("participation:micro_detail", args=[micro.pk])).status_code == 404
    assert client.get(reverse("participation:micro_office")).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("participation:micro_detail", args=[micro.pk])).status_code == 404
    client.force_login(p.member_wang)
    assert client.get(reverse("participation:micro_unit")).status_code == 404
    assert client.get(reverse("participation:micro_settings")).status_code == 404
    assert client.post(reverse("participation:micro_act", args=[micro.pk, "nonsense"])).status_code == 404


def test_office_sets_the_deadlines(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    client.post(reverse("participation:micro_settings"), {"screen_days": 2, "answer_days": 7})
    conf = svc.settings_for(p.city.pk)
    assert (conf.screen_days, conf.answer_days) == (2, 7)


def _add_micros(p: Personas, *, routed: bool = False) -> Any:
    def add(n: int) -> None:
        for i in range(n):
            m = submit(p, title=f"微建议{MicroSuggestion.objects.count()}")
            if routed or i % 2:
                svc.micro_route(micro=m, by=p.proposal_staff, unit=p.unit)

    return add


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("member_wang", "participation:micro_mine"),
        ("proposal_staff", "participation:micro_office"),
        ("unit_clerk", "participation:micro_unit"),
        ("leader", "participation:micro_stats"),
    ],
)
def test_micro_lists_query_count_does_not_grow(client: Client, p: Personas, who: str, url: str) -> None:
    client.force_login(getattr(p, who))
    assert same_for_few_and_many(client, reverse(url), _add_micros(p, routed=who == "unit_clerk")) <= 25


def test_micro_detail_query_count_does_not_grow_with_photos(client: Client, p: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    micro = submit(p)
    client.force_login(p.proposal_staff)
    url = reverse("participation:micro_detail", args=[micro.pk])

    def add(n: int) -> None:
        for _ in range(n):
            from zhengxie.participation.models import MicroPhoto

            MicroPhoto.store(
                upload=SimpleUploadedFile("a.png", png_bytes()),
                name="a.png",
                by=p.member_wang,
                committee_id=p.city.pk,
                suggestion=micro,
            )

    assert same_for_few_and_many(client, url, add, few=1, many=3) <= 25


def _studio(p: Personas) -> Studio:
    return studio_svc.studio_save(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=studio_svc.StudioData(
            name="城东委员工作室", place="城东街道", opening="每周三", members=[p.member_wang_record]
        ),
    )


def _reception(p: Personas, studio: Studio, **kwargs: Any) -> Reception:
    from django.utils import timezone

    return studio_svc.reception_record(
        studio=studio,
        by=p.member_wang,
        data=studio_svc.ReceptionData(received_on=timezone.localdate(), problem="路灯坏了", **kwargs),
    )


def test_studio_pages_query_count_does_not_grow(client: Client, p: Personas) -> None:
    studio = _studio(p)
    client.force_login(p.activity_staff)

    def add(n: int) -> None:
        for _ in range(n):
            _reception(p, studio)

    assert same_for_few_and_many(client, reverse("participation:studio_detail", args=[studio.pk]), add) <= 25
    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("participation:reception_mine"), add) <= 25

    def add_studios(n: int) -> None:
        for _ in range(n):
            _studio(p)

    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("participation:studio_list"), add_studios) <= 25


def test_reception_page_masks_the_resident_until_asked(client: Client, p: Personas) -> None:
    studio = _studio(p)
    reception = _reception(p, studio, visitor_name="张秀英", visitor_phone="13912345678")
    client.force_login(p.member_wang)
    page = client.get(reverse("participation:reception_detail", args=[reception.pk])).content.decode()
    assert "139****5678" in page and "13912345678" not in page and "张秀英" not in page
    shown = client.get(
        reverse("participation:reception_detail", args=[reception.pk]) + "?show=1"
    ).content.decode()
    assert "13912345678" in shown
    client.force_login(p.unit_clerk)
    assert client.get(reverse("participation:reception_detail", args=[reception.pk])).status_code == 404
