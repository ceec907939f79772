"""Word documents open with python-docx and say what they should; the Excel export carries the
loop and keeps the units' phones for proposal staff."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.factories import closed_proposal, filed_proposal, replied_proposal
from tests.proposals.helpers import year_export, year_report_docx
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.models import LongTask
from zhengxie.proposals import documents
from zhengxie.proposals.models import Proposal, Rating, Reply
from zhengxie.proposals.stats import year_stats


def text_of(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_chinese_numbers_for_terms_and_sessions() -> None:
    assert [documents.chinese_number(n) for n in (3, 10, 14, 20, 21)] == [
        "三",
        "十",
        "十四",
        "二十",
        "二十一",
    ]


def test_proposal_form_has_the_filed_proposal(p: Personas, session, zhao, edu_unit) -> None:
    proposal = filed_proposal(p, cosigners=[zhao[1]], session=session)
    proposal.suggested_units.add(edu_unit)
    text = text_of(documents.proposal_form(proposal))
    for expected in (
        "测试市政协十四届三次会议提案", proposal.number, "王建国等", "赵晓梅", "社会建设",
        "关于加快老旧小区加装电梯的建议", "一、情况", "四千余栋", "三、建议", "市教育局", "同意公开",
    ):  # fmt: skip
        assert expected in text, expected


def test_reply_letter_names_sitting_number_category_leader_and_contact(p: Personas, session) -> None:
    proposal = replied_proposal(p, session=session, result="B")
    reply = Reply.objects.get(proposal=proposal)
    text = text_of(documents.reply_letter(reply))
    assert f"关于测试市政协十四届三次会议第{proposal.serial:03d}号提案的答复" in text
    for expected in ("B类", "签发人：张局长", "王建国委员", "资金分摊指引", "联系人：李科长", "13912345678"):
        assert expected in text, expected
    assert "市住房和城乡建设局" in text


def test_year_report_carries_the_figures(p: Personas) -> None:
    closed_proposal(p, title="关于甲的建议", result="A")
    replied_proposal(p, title="关于乙的建议", result="C")
    text = text_of(documents.year_report(year_stats(p.city.pk, 2026), "测试市政协"))
    assert "测试市政协2026年度提案工作情况统计" in text
    assert "共收到提案2件" in text and "立案率100.0%" in text and "A类1件、B类0件、C类1件" in text
    assert "市住房和城乡建设局" in text


def test_word_downloads_for_those_who_may_see(client: Client, p: Personas) -> None:
    proposal = replied_proposal(p)
    reply = Reply.objects.get(proposal=proposal)
    client.force_login(p.unit_clerk)
    response = client.get(reverse("proposals:reply_docx", args=[reply.pk]))
    assert response.status_code == 200 and "王建国委员" in text_of(response.content)
    client.force_login(p.county_b_staff)
    assert client.get(reverse("proposals:reply_docx", args=[reply.pk])).status_code == 404
    assert client.get(reverse("proposals:proposal_docx", args=[proposal.pk])).status_code == 404
    client.force_login(p.member_wang)
    assert client.get(reverse("proposals:proposal_docx", args=[proposal.pk])).status_code == 200


def test_the_year_report_is_built_in_the_worker_for_its_owner_only(
    client: Client, p: Personas, run_jobs, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    closed_proposal(p, title="关于甲的建议", result="A")
    client.force_login(p.leader)
    long_task, content = year_report_docx(client, run_jobs)
    assert long_task.result_name == "2026年度提案工作统计.docx" and long_task.params == {"year": 2026}
    assert f"{p.city.name}2026年度提案工作情况统计" in text_of(content) and "共收到提案1件" in text_of(
        content
    )
    client.force_login(p.proposal_staff)  # same committee, may build one too, but this file is not his
    assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 404
    assert client.get(reverse("proposals:stats") + "?year=2026").context["report_task"] is None


def test_the_old_year_report_address_opens_the_statistics_and_members_start_nothing(
    client: Client, p: Personas
) -> None:
    client.force_login(p.leader)
    response = client.get(reverse("proposals:stats_docx") + "?year=2025")
    assert response.status_code == 302 and response["Location"] == reverse("proposals:stats") + "?year=2025"
    for user in (p.member_wang, p.unit_clerk, p.county_b_staff):
        client.force_login(user)
        status = client.post(reverse("proposals:stats_docx"), {"year": "2026"}).status_code
        assert status == (302 if user == p.county_b_staff else 404), user
    # The county's staff build their own committee's report, not this one.
    assert list(LongTask.objects.values_list("owner_id", "committee_id")) == [
        (p.county_b_staff.pk, p.county_b.pk)
    ]


def _sheets(content: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def _export(client: Client, run_jobs: Any) -> bytes:
    return year_export(client, run_jobs)


def test_excel_export_has_every_part_and_phones_only_for_staff(
    client: Client, p: Personas, zhao, run_jobs, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    proposal = closed_proposal(p, cosigners=[zhao[1]])
    Rating.objects.create(
        committee=p.city, proposal=proposal, member=p.member_wang_record, work="satisfied", result="basic",
        by=p.member_wang,
    )  # fmt: skip
    client.force_login(p.proposal_staff)
    sheets = _sheets(_export(client, run_jobs))
    assert list(sheets) == ["提案", "联名人", "交办", "沟通", "会办意见", "延期", "答复", "评价"]
    assert sheets["提案"][1][:3] == [proposal.number, proposal.title, "王建国等"]
    assert sheets["提案"][1][5] == "已办结"
    assert sheets["联名人"][1][1] == "赵晓梅"
    assert sheets["答复"][0][-1] == "联系电话" and sheets["答复"][1][-1] == "13912345678"
    assert sheets["评价"][1][3:5] == ["满意", "基本满意"]
    client.force_login(p.leader)
    sheets = _sheets(_export(client, run_jobs))
    assert "联系电话" not in sheets["答复"][0]
    assert (
        AuditEvent.objects.filter(action="proposals.export.with_phones", actor=p.proposal_staff).count() == 1
    )
    assert "13912345678" not in str(sheets)


def test_someone_elses_export_is_a_404_and_a_get_starts_nothing(
    client: Client, p: Personas, run_jobs, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(p.proposal_staff)
    _export(client, run_jobs)
    long_task = LongTask.objects.get()
    client.force_login(p.leader)  # same committee, may export too, but this file is not his
    assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 404
    assert client.get(reverse("lib:longwork", args=[long_task.pk])).status_code == 404
    assert client.get(reverse("proposals:export") + "?year=2026").status_code == 302
    assert LongTask.objects.count() == 1
    client.force_login(p.member_wang)
    assert client.post(reverse("proposals:export"), {"year": "2026"}).status_code == 404
    assert LongTask.objects.count() == 1


def test_outputs_are_hidden_from_members_and_units(client: Client, p: Personas) -> None:
    for user in (p.member_wang, p.unit_clerk):
        client.force_login(user)
        for name in (
            "proposals:stats",
            "proposals:export",
            "proposals:stats_docx",
            "proposals:commendations",
        ):
            assert client.get(reverse(name)).status_code == 404, (user, name)


def test_another_committees_staff_see_only_their_own_figures(client: Client, p: Personas) -> None:
    replied_proposal(p)
    client.force_login(p.county_b_staff)
    response = client.get(reverse("proposals:stats") + "?year=2026")
    assert response.status_code == 200 and response.context["stats"].received == 0
    client.force_login(p.proposal_staff)
    assert client.get(reverse("proposals:stats") + "?year=2026").context["stats"].received == 1
    assert Proposal.objects.count() == 1


def test_a_unit_generates_the_letter_of_its_draft_reply_but_nobody_else_reads_it(
    client: Client, p: Personas
) -> None:
    proposal = replied_proposal(p)
    reply = Reply.objects.get(proposal=proposal)
    Reply.objects.filter(pk=reply.pk).update(state=Reply.State.DRAFT)  # still being written
    url = reverse("proposals:reply_docx", args=[reply.pk])
    client.force_login(p.unit_clerk)
    assert client.get(url).status_code == 200
    page = client.get(reverse("proposals:unit_assignment", args=[reply.assignment_id])).content.decode()
    assert url in page
    # The proposer sees the letter only once the reply is approved.
    client.force_login(p.member_wang)
    assert client.get(url).status_code == 404
    assert client.get(reverse("proposals:proposal_docx", args=[proposal.pk])).status_code == 200
