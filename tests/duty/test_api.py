"""/api/v1/duty/: the member's own record and activity reports, scoped to his committees."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.helpers import bearer
from tests.duty.helpers import PDF
from tests.personas import Personas
from zhengxie.duty import services
from zhengxie.duty.models import ActivityReport, YearSettings

TODAY = date.today()


def _report(p: Personas, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "committee": p.city.pk,
        "code": "A01",
        "title": "专题视察",
        "happened_on": TODAY.isoformat(),
        "description": "全程参加",
    }
    data.update(extra)
    return data


def test_member_reads_his_record_with_totals_minimums_and_entries(client: Client, p: Personas) -> None:
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None)
    entry = services.record_points(member=p.member_wang_record, code="A01", source=p.sector, by=None)
    services.entry_reverse(entry=entry, by=p.activity_staff, reason="未全程参加")
    YearSettings.objects.filter(committee=p.city).update(publish_ranks=True)
    body = client.get("/api/v1/duty/me", {"committee": p.city.pk}, headers=bearer(p.member_wang)).json()
    assert body["name"] == "王建国" and body["year"] == TODAY.year
    assert body["total"] == "20.00" and body["grade"] == "不称职" and body["sector_rank"] == 1
    assert body["categories"] == [
        {"category": "会议", "points": "20.00"},
        {"category": "活动", "points": "0.00"},
    ]
    assert body["minimums"][0] == {
        "label": "出席全体会议",
        "required": 1,
        "done": 1,
        "met": True,
        "reportable": False,
    }
    reversal, original, plenary = body["entries"]
    assert reversal["is_reversal"] and reversal["source"] == "未全程参加"
    assert original["reversed"] and not plenary["reversed"] and plenary["code"] == "M01"


def test_record_pages_by_after(client: Client, p: Personas) -> None:
    for code in ("M01", "A01", "P01"):
        services.record_points(member=p.member_wang_record, code=code, source=p.unit, by=None)
    headers = bearer(p.member_wang)
    first = client.get("/api/v1/duty/me", {"committee": p.city.pk, "limit": 2}, headers=headers).json()
    assert len(first["entries"]) == 2 and first["next_after"]
    rest = client.get(
        "/api/v1/duty/me", {"committee": p.city.pk, "limit": 2, "after": first["next_after"]}, headers=headers
    ).json()
    assert [e["code"] for e in rest["entries"]] == ["M01"] and rest["next_after"] is None


def test_sibling_county_and_non_members_get_404(client: Client, p: Personas) -> None:
    for user in (p.member_county, p.county_b_staff, p.activity_staff):
        headers = bearer(user)
        assert client.get("/api/v1/duty/me", {"committee": p.city.pk}, headers=headers).status_code == 404
        assert (
            client.get("/api/v1/duty/reports", {"committee": p.city.pk}, headers=headers).status_code == 404
        )
        response = client.post(
            "/api/v1/duty/reports", _report(p), content_type="application/json", headers=headers
        )
        assert response.status_code == 404
    assert not ActivityReport.objects.exists()
    # The county member's own committee works.
    own = client.get("/api/v1/duty/me", {"committee": p.county_a.pk}, headers=bearer(p.member_county))
    assert own.status_code == 200 and own.json()["name"] == "李淑芬"


def test_member_submits_and_lists_reports_as_json(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    response = client.post(
        "/api/v1/duty/reports", _report(p), content_type="application/json", headers=headers
    )
    assert response.status_code == 201 and response.json()["state_label"] == "待审核"
    report_id = response.json()["id"]
    listing = client.get("/api/v1/duty/reports", {"committee": p.city.pk}, headers=headers).json()
    assert [r["id"] for r in listing["items"]] == [report_id]
    assert client.get(f"/api/v1/duty/reports/{report_id}", headers=headers).json()["title"] == "专题视察"
    assert client.get(f"/api/v1/duty/reports/{report_id}", headers=bearer(p.member_county)).status_code == 404
    rules = client.get("/api/v1/duty/rules", {"committee": p.city.pk}, headers=headers).json()
    assert "A01" in [r["code"] for r in rules] and "M01" not in [r["code"] for r in rules]


def test_json_submission_of_a_rule_that_needs_evidence_is_refused_in_chinese(
    client: Client, p: Personas
) -> None:
    response = client.post(
        "/api/v1/duty/reports",
        _report(p, code="C01"),
        content_type="application/json",
        headers=bearer(p.member_wang),
    )
    assert response.status_code == 400 and "须上传证明材料" in response.json()["message"]
    bad = client.post(
        "/api/v1/duty/reports",
        _report(p, quantity=0),
        content_type="application/json",
        headers=bearer(p.member_wang),
    )
    assert bad.status_code == 422
    assert not ActivityReport.objects.exists()


def test_multipart_submission_with_evidence(client: Client, p: Personas) -> None:
    data = {**_report(p, code="C01"), "evidence": SimpleUploadedFile("接待记录.pdf", PDF)}
    response = client.post("/api/v1/duty/reports/upload", data, headers=bearer(p.member_wang))
    assert response.status_code == 201 and response.json()["has_evidence"]
    assert ActivityReport.objects.get().evidence_name == "接待记录.pdf"
    fake = {**_report(p, code="C01"), "evidence": SimpleUploadedFile("x.pdf", b"not a pdf")}
    refused = client.post("/api/v1/duty/reports/upload", fake, headers=bearer(p.member_wang))
    assert refused.status_code == 400 and "附件内容与文件类型不符" in refused.json()["message"]
    assert ActivityReport.objects.count() == 1
