"""The pages: who may open them (404 otherwise), the QR sign-in a member's phone opens, the Word
outcome, the plan approved through the page, deliberation posts and moderation, platforms."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from tests.personas import Personas
from zhengxie.consultations import config
from zhengxie.consultations.models import (
    Activity,
    Comment,
    Instruction,
    Invitation,
    Outcome,
    Plan,
    Platform,
)
from zhengxie.consultations.services import activities, deliberation, outcomes, plans
from zhengxie.duty.models import PointEntry
from zhengxie.org.models import Member
from zhengxie.supervision.models import Item

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "consultations:index",
    "consultations:plan_list",
    "consultations:activity_list",
    "consultations:calendar",
    "consultations:member_load",
    "consultations:platform_list",
    "consultations:ratings",
    "consultations:activity_create",
    "consultations:consultation_create",
    "consultations:deliberation_create",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_open_for_activity_staff_and_are_404_for_others(
    client: Client, p: Personas, name: str
) -> None:
    client.force_login(p.activity_staff)
    assert client.get(reverse(name)).status_code == 200
    for outsider in (p.member_wang, p.unit_clerk, p.county_b_staff):
        client.force_login(outsider)
        assert client.get(reverse(name)).status_code == 404


def test_a_member_sees_only_activities_he_is_invited_to(
    client: Client, p: Personas, meeting: Activity, meeting_now: Activity
) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.member_wang)
    assert client.get(reverse("consultations:activity_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("consultations:activity_detail", args=[meeting_now.pk])).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("consultations:activity_detail", args=[meeting.pk])).status_code == 404


def test_member_registers_on_the_page_and_cannot_act_on_anothers_invitation(
    client: Client, p: Personas, meeting: Activity, member_zhao: Member
) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record, member_zhao])
    mine = Invitation.objects.get(member=p.member_wang_record)
    theirs = Invitation.objects.get(member=member_zhao)
    client.force_login(p.member_wang)
    client.post(reverse("consultations:invitation_act", args=[mine.pk, "register"]))
    assert Invitation.objects.get(pk=mine.pk).reply == "registered"
    assert (
        client.post(reverse("consultations:invitation_act", args=[theirs.pk, "register"])).status_code == 404
    )
    assert (
        client.post(
            reverse("consultations:invitation_act", args=[mine.pk, "attendance"]), {"status": "present"}
        ).status_code
        == 404
    )


def test_qr_page_and_sign_in_link(client: Client, p: Personas, meeting_now: Activity) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.activity_staff)
    page = client.get(reverse("consultations:activity_qr", args=[meeting_now.pk]))
    assert b"<svg" in page.content
    link = page.context["url"]
    client.force_login(p.member_wang)
    confirm = client.get(link)
    assert "确认签到" in confirm.content.decode()
    done = client.post(link)
    assert "签到成功" in done.content.decode()
    assert Invitation.objects.get().attendance == "present"
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="M04").exists()
    # the member's duty record shows the activity
    record = client.get(reverse("duty:my_record"))
    assert f"会议活动：{meeting_now.title}" in record.content.decode()


def test_a_tampered_sign_in_link_is_refused_with_a_message(
    client: Client, p: Personas, meeting_now: Activity
) -> None:
    client.force_login(p.member_wang)
    token = activities.sign_in_token(meeting_now)
    response = client.post(reverse("consultations:sign_in", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "签到二维码无效" in response.content.decode()
    assert not Invitation.objects.filter(signed_in_at__isnull=False).exists()


def test_the_plan_is_approved_on_its_page_by_a_leader(client: Client, p: Personas) -> None:
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, by=p.activity_staff)
    client.force_login(p.activity_staff)
    client.post(
        reverse("consultations:plan_detail", args=[plan.pk]),
        {"title": "推进城市更新", "source_kind": "special", "special_committee": p.special.pk},
    )
    topic = plan.topics.get()
    form = config.form_named(p.city.pk, "专题协商会")
    client.post(
        reverse("consultations:topic_decide", args=[topic.pk]),
        {"include": "1", "form": form.pk, "lead": p.special.pk, "planned_month": "9"},
    )
    client.post(reverse("consultations:plan_act", args=[plan.pk, "submit"]))
    client.post(reverse("consultations:plan_act", args=[plan.pk, "approve"]))  # staff: refused
    assert Plan.objects.get().state == "submitted"
    client.force_login(p.leader)
    client.post(reverse("consultations:plan_act", args=[plan.pk, "approve"]), {"note": "市委常委会议审定"})
    assert Plan.objects.get().state == "approved"
    assert plan.consultations.get().title == "推进城市更新"


def test_outcome_in_word_and_instruction_opens_a_supervision_item(client: Client, p: Personas) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"),
        meeting_on=timezone.localdate(),
    )
    for _ in range(3):
        plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="方案", body="……")
        plans.document_add(consultation=c, by=p.activity_staff, kind="research", title="报告", body="……")
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    assert c.state == "meeting"
    client.force_login(p.activity_staff)
    client.post(
        reverse("consultations:consultation_act", args=[c.pk, "outcome"]),
        {
            "kind": "special_report",
            "title": "关于推进城市更新的协商专报",
            "addressee": "中共市委",
            "body": "一、基本情况\n正文",
        },
    )
    o = Outcome.objects.get()
    response = client.get(reverse("consultations:outcome_docx", args=[o.pk]))
    text = "\n".join(par.text for par in WordDocument(io.BytesIO(response.content)).paragraphs)
    assert "协商专报" in text and "关于推进城市更新的协商专报" in text
    assert "领导批示" not in text  # nothing to annex before anyone has instructed
    client.post(reverse("consultations:outcome_act", args=[o.pk, "submit"]))
    client.post(
        reverse("consultations:outcome_act", args=[o.pk, "instruction"]),
        {
            "instructed_by": "市长",
            "instruction": "请住建局认真研究落实。",
            "lead_unit": p.unit.pk,
            "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    item = Item.objects.get()
    instruction = Instruction.objects.get()
    assert item.source.name == "协商成果" and item.link_id == instruction.pk and instruction.item == item
    assert instruction.outcome == o and instruction.given_on == timezone.localdate()
    page = client.get(reverse("consultations:consultation_detail", args=[c.pk]))
    assert item.number in page.content.decode()
    assert "进入“召开会议”" in page.content.decode()  # the history, from the audit log
    # The archive copy carries the instruction, its result once known, and the adoption.
    outcomes.outcome_feedback(
        outcome=Outcome.objects.get(pk=o.pk),
        by=p.activity_staff,
        adoption="partly",
        feedback="部分建议已纳入规划",
    )
    Instruction.objects.filter(pk=instruction.pk).update(result="已出台城市更新实施办法")
    word = WordDocument(io.BytesIO(client.get(reverse("consultations:outcome_docx", args=[o.pk])).content))
    text = "\n".join(par.text for par in word.paragraphs)
    assert "附件：领导批示及采纳落实情况" in text and "采纳情况：部分采纳。部分建议已纳入规划" in text
    # A submitted 协商专报 carries its issue number, and its annex starts on a new page.
    assert f"{timezone.localdate().year}年第1期" in text
    xml = word.element.body.xml
    assert 'w:type="page"' in xml and xml.index('w:type="page"') < xml.index("附件：领导批示及采纳落实情况")
    [table] = word.tables
    assert [c.text for c in table.rows[1].cells][1:] == [
        "市长",
        f"{timezone.localdate():%Y-%m-%d}",
        "请住建局认真研究落实。",
        "已出台城市更新实施办法",
    ]


def test_feedback_is_shown_to_participants(client: Client, p: Personas, meeting_now: Activity) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    Activity.objects.filter(pk=meeting_now.pk).update(consultation=c)
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    from zhengxie.consultations.models import Consultation

    Consultation.objects.filter(pk=c.pk).update(state="outcome")
    c.refresh_from_db()
    o = outcomes.outcome_create(consultation=c, by=p.activity_staff, kind="minutes", title="纪要", body="……")
    outcomes.outcome_submit(outcome=o, by=p.activity_staff)
    outcomes.outcome_feedback(outcome=o, by=p.activity_staff, adoption="partly", feedback="市政府已部分采纳")
    outcomes.outcome_create(
        consultation=c, by=p.activity_staff, kind="minutes", title="内部草稿", body="未报送"
    )
    client.force_login(p.member_wang)
    page = client.get(reverse("consultations:consultation_detail", args=[c.pk])).content.decode()
    assert "市政府已部分采纳" in page and "内部草稿" not in page
    assert (
        "市政府已部分采纳"
        in client.get(reverse("consultations:activity_detail", args=[meeting_now.pk])).content.decode()
    )


def test_deliberation_posts_replies_moderation_and_useful_speech(
    client: Client, p: Personas, member_zhao: Member
) -> None:
    now = timezone.now()
    d = deliberation.deliberation_open(
        committee_id=p.city.pk, by=p.activity_staff, title="优化营商环境", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3), members=[p.member_wang_record],
    )  # fmt: skip
    client.force_login(p.member_wang)
    url = reverse("consultations:deliberation_detail", args=[d.pk])
    client.post(url, {"body": "建议推行一网通办。"})
    first = Comment.objects.get()
    client.post(url, {"body": "补充：并联审批。", "parent": first.pk})
    assert Comment.objects.filter(parent=first).count() == 1
    with pytest.raises(Exception, match="受邀名单"):
        deliberation.comment_post(deliberation=d, member=member_zhao, by=member_zhao.person.user, body="x")
    client.force_login(p.activity_staff)
    client.post(reverse("consultations:comment_act", args=[first.pk, "useful"]))
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="A03").standing().count() == 1
    reply = Comment.objects.get(parent=first)
    client.post(reverse("consultations:comment_act", args=[reply.pk, "hide"]), {"reason": ""})
    assert not Comment.objects.get(pk=reply.pk).hidden  # a reason is required
    client.post(reverse("consultations:comment_act", args=[reply.pk, "hide"]), {"reason": "与议题无关"})
    client.force_login(p.member_wang)
    assert "补充：并联审批" not in client.get(url).content.decode()


def test_platform_bad_input_gets_a_chinese_message_and_stores_nothing(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("consultations:platform_list"),
        {"name": "有事好商量议事室", "level": "village", "township": "城关镇"},
    )
    assert "请填写所在村（社区）" in response.content.decode()
    assert not Platform.objects.exists()
    client.post(
        reverse("consultations:platform_list"),
        {"name": "城关镇协商议事室", "level": "township", "township": "城关镇"},
    )
    platform = Platform.objects.get()
    client.post(
        reverse("consultations:platform_detail", args=[platform.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "topic": "停车难",
            "participants": "25",
            "problems_solved": "3",
        },
    )
    assert platform.activities.get().problems_solved == 3


def test_calendar_warns_about_crowding(client: Client, p: Personas, meeting: Activity) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    other = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="research", title="乡村振兴调研",
        starts_at=meeting.starts_at, ends_at=meeting.ends_at, place="市政协三楼会议室",
    )  # fmt: skip
    activities.invite(activity=other, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.activity_staff)
    day = timezone.localtime(meeting.starts_at)
    page = client.get(
        reverse("consultations:calendar"), {"year": day.year, "month": day.month}
    ).content.decode()
    assert "地点“市政协三楼会议室”同日安排2项活动" in page
    assert "1名委员同日受邀参加多项活动：王建国" in page
    detail = client.get(reverse("consultations:activity_detail", args=[meeting.pk])).content.decode()
    assert "同日受邀" in detail
    load = client.get(reverse("consultations:member_load"), {"year": day.year}).content.decode()
    assert "王建国" in load


def test_member_load_counts_invitations_and_reads_names_only(p: Personas, meeting: Activity) -> None:
    from zhengxie.consultations.selectors import member_load

    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    [row] = member_load(p.city.pk, timezone.localtime(meeting.starts_at).year)
    assert (row.person.name, row.invited, row.attended) == ("王建国", 1, 0)  # type: ignore[attr-defined]
    # The encrypted phone and ID number are not loaded (and so not decrypted) for the list.
    assert {"phone", "id_number"} <= row.person.get_deferred_fields()


def test_ratings_are_averaged_and_compared_by_year(
    client: Client, p: Personas, second_leader: object
) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    from zhengxie.consultations.models import Consultation

    Consultation.objects.filter(pk=c.pk).update(state="feedback")
    rubric = config.rubric_for(p.city.pk)
    client.force_login(p.leader)
    url = reverse("consultations:consultation_act", args=[c.pk, "rate"])
    client.post(url, {f"score_{r.pk}": str(r.max_points) for r in rubric})
    client.force_login(second_leader)  # type: ignore[arg-type]
    client.post(
        url,
        {
            f"score_{r.pk}": str(r.max_points - 2) if i < 5 else str(r.max_points)
            for i, r in enumerate(rubric)
        },
    )
    client.post(url, {f"score_{r.pk}": "999" for r in rubric})  # refused: over the item's points
    page = client.get(reverse("consultations:consultation_detail", args=[c.pk])).content.decode()
    assert "95.0" in page
    years = client.get(reverse("consultations:ratings")).context["years"]
    assert years[0]["average"] == 95 and years[0]["consultations"] == 1


def test_a_leader_reads_and_rates_but_does_not_do_the_offices_work(
    client: Client, p: Personas, meeting: Activity
) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    client.force_login(p.leader)
    assert client.get(reverse("consultations:consultation_detail", args=[c.pk])).status_code == 200
    assert (
        client.post(reverse("consultations:consultation_act", args=[c.pk, "document"]), {}).status_code == 404
    )
    assert client.post(reverse("consultations:activity_act", args=[meeting.pk, "close"])).status_code == 404
    assert client.get(reverse("consultations:activity_detail", args=[meeting.pk])).status_code == 200


def test_an_htmx_filter_gets_only_the_list(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    response = client.get(
        reverse("consultations:index"), {"state": "overdue"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body


def test_the_sign_in_link_refuses_someone_who_is_not_a_member_there(
    client: Client, p: Personas, meeting_now: Activity
) -> None:
    link = reverse("consultations:sign_in", args=[activities.sign_in_token(meeting_now)])
    client.force_login(p.member_county)  # a member of 甲县, not of the city
    response = client.post(link)
    assert response.status_code == 404 and "不是本次活动所属政协的委员" in response.content.decode()
    client.logout()
    assert client.get(link).status_code == 302  # to the login page, and back here afterwards


def test_an_outcome_is_submitted_once(p: Personas) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    with pytest.raises(Exception, match="会议召开后"):
        outcomes.outcome_create(consultation=c, by=p.activity_staff, kind="minutes", title="纪要", body="……")
    from zhengxie.consultations.models import Consultation

    Consultation.objects.filter(pk=c.pk).update(state="outcome")
    c.refresh_from_db()
    o = outcomes.outcome_create(consultation=c, by=p.activity_staff, kind="minutes", title="纪要", body="……")
    outcomes.outcome_submit(outcome=o, by=p.activity_staff)
    with pytest.raises(Exception, match="已报送"):
        outcomes.outcome_submit(outcome=o, by=p.activity_staff)


def test_attendance_exports_to_excel_and_cancelling_tells_the_invited(
    client: Client, p: Personas, meeting: Activity
) -> None:
    from openpyxl import load_workbook

    from zhengxie.notices.models import Notice

    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.activity_staff)
    response = client.get(reverse("consultations:attendance_export", args=[meeting.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and [c.value for c in sheet[2]][:4] == [
        "王建国",
        "经济界",
        "经济委员会",
        "待回复",
    ]
    response = client.post(
        reverse("consultations:activity_act", args=[meeting.pk, "cancel"]), {"reason": ""}, follow=True
    )
    assert "请填写取消原因" in response.content.decode()
    client.post(reverse("consultations:activity_act", args=[meeting.pk, "cancel"]), {"reason": "因故改期"})
    assert Activity.objects.get(pk=meeting.pk).state == "cancelled"
    assert Notice.objects.filter(recipient=p.member_wang, title__startswith="活动取消").exists()
    client.force_login(p.member_wang)
    assert client.get(reverse("consultations:attendance_export", args=[meeting.pk])).status_code == 404


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_step_document_is_uploaded_checked_by_content_and_downloaded_by_the_office(
    client: Client, p: Personas, settings: object, tmp_path: object
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhengxie.consultations.models import Document

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    client.force_login(p.activity_staff)
    url = reverse("consultations:consultation_act", args=[c.pk, "document"])
    fake = SimpleUploadedFile("方案.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"kind": "scheme", "title": "工作方案", "upload": fake}, follow=True)
    assert "不是有效的PDF文件" in response.content.decode() and not Document.objects.exists()
    real = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    client.post(url, {"kind": "scheme", "title": "工作方案", "upload": real})
    doc = Document.objects.get()
    assert doc.file_name == "方案.pdf" and "方案" not in doc.file.name  # stored under a random name
    download = client.get(reverse("consultations:document_download", args=[doc.pk]))
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    client.force_login(p.member_wang)
    assert client.get(reverse("consultations:document_download", args=[doc.pk])).status_code == 404


def test_a_deliberation_is_opened_to_a_special_committee_from_the_page(client: Client, p: Personas) -> None:
    from zhengxie.consultations.models import Deliberation

    now = timezone.localtime()
    client.force_login(p.activity_staff)
    form = {
        "title": "优化营商环境",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("consultations:deliberation_create"), form)
    assert "请选择受邀委员" in response.content.decode() and not Deliberation.objects.exists()
    client.post(reverse("consultations:deliberation_create"), {**form, "specials": [p.special.pk]})
    assert list(Deliberation.objects.get().members.all()) == [p.member_wang_record]


def test_members_are_not_offered_the_sign_in_button_before_the_window_opens(
    client: Client, p: Personas, meeting: Activity
) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    link = reverse("consultations:sign_in", args=[activities.sign_in_token(meeting)])
    client.force_login(p.member_wang)
    page = client.get(link).content.decode()
    assert "确认签到" not in page and "签到尚未开始" in page
    assert activities.sign_in_opens_at(meeting).astimezone().strftime("%Y-%m-%d") in page
    # The refusal is the same as a forced POST's: nothing is recorded.
    assert "签到尚未开始" in client.post(link).content.decode()
    assert not Invitation.objects.filter(signed_in_at__isnull=False).exists()
