"""/api/v1/surveys/: a member lists, reads and answers on the phone; the office reads results;
outsiders 404; bad input refused with a Chinese message and nothing stored."""

from __future__ import annotations

from django.test import Client

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.surveys.models import Participation, Response

from .conftest import SV


def test_a_member_answers_through_the_api(client: Client, p: Personas, sv: SV) -> None:
    wang = bearer(p.member_wang)
    listed = client.get("/api/v1/surveys/", headers=wang).json()
    assert [(i["id"], i["answered"], i["public"]) for i in listed["items"]] == [(sv.survey.pk, False, False)]
    detail = client.get(f"/api/v1/surveys/{sv.survey.pk}", headers=wang).json()
    assert detail["can_answer"] and [q["kind"] for q in detail["questions"]] == [
        "single",
        "text",
        "multiple",
        "scale",
    ]
    assert detail["questions"][1]["show_if"] == sv.overall.pk
    body = {
        "answers": [
            {"question": sv.overall.pk, "values": ["2"]},
            {"question": sv.used.pk, "values": ["1", "2"]},
            {"question": sv.speed.pk, "values": ["5"]},
        ]
    }
    answered = client.post(
        f"/api/v1/surveys/{sv.survey.pk}/answers", body, content_type="application/json", headers=wang
    )
    assert answered.status_code == 201 and answered.json()["answered"]
    again = client.post(
        f"/api/v1/surveys/{sv.survey.pk}/answers", body, content_type="application/json", headers=wang
    )
    assert again.status_code == 400 and again.json()["message"] == "您已填写过本问卷"
    assert Response.objects.get().respondent_id is None
    assert client.get(f"/api/v1/surveys/{sv.survey.pk}/results", headers=wang).status_code == 403
    results = client.get(f"/api/v1/surveys/{sv.survey.pk}/results", headers=bearer(p.activity_staff)).json()
    assert results["responses"] == 1 and results["results"][0]["rows"][1] == {
        "label": "基本满意",
        "count": 1,
        "percent": 100,
    }


def test_outsiders_and_bad_input(client: Client, p: Personas, sv: SV) -> None:
    li = bearer(p.member_county)
    assert client.get("/api/v1/surveys/", headers=li).json()["items"] == []
    assert client.get(f"/api/v1/surveys/{sv.survey.pk}", headers=li).status_code == 404
    body = {"answers": [{"question": sv.overall.pk, "values": ["1"]}]}
    assert (
        client.post(
            f"/api/v1/surveys/{sv.survey.pk}/answers", body, content_type="application/json", headers=li
        ).status_code
        == 404
    )
    wang = bearer(p.member_wang)
    bad = client.post(
        f"/api/v1/surveys/{sv.survey.pk}/answers",
        {"answers": [{"question": sv.overall.pk, "values": ["7"]}]},
        content_type="application/json",
        headers=wang,
    )
    assert bad.status_code == 400 and "选项无效" in bad.json()["message"]
    malformed = client.post(
        f"/api/v1/surveys/{sv.survey.pk}/answers",
        {"answers": "x"},
        content_type="application/json",
        headers=wang,
    )
    assert malformed.status_code == 422
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_the_api_says_whether_a_survey_is_also_asked_of_the_public(client: Client, p: Personas) -> None:
    from .conftest import build_survey

    public = build_survey(p, public=True, all_members=True).survey
    detail = client.get(f"/api/v1/surveys/{public.pk}", headers=bearer(p.member_wang)).json()
    assert detail["public"] is True and detail["anonymous"] is True
