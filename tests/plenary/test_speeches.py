"""大会发言: a member submits, staff return it, the member revises and resubmits, staff select it
for oral or written delivery; delivery scores M05 and a written speech adopted scores M06, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Activity
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.models import Member, ParticipatingUnit
from zhengxie.plenary import selectors, services
from zhengxie.plenary.documents import collection_document
from zhengxie.plenary.models import Speech, SpeechCall

pytestmark = pytest.mark.django_db
T = Speech.State
BODY = "建议加快推进老旧小区改造。\n一是摸清底数。二是分类施策。"


def _points(member: Member, code: str) -> list[str]:
    return [str(e.points) for e in PointEntry.objects.filter(member=member, rule__code=code).standing()]


def test_call_notifies_invited_members_through_a_job(p: Personas, plenary: Activity, run_jobs: Any) -> None:
    with run_jobs():
        call = services.call_open(
            activity=plenary, by=p.activity_staff, title="十届三次会议大会发言征集", guidance="",
            closes_at=plenary.starts_at - timedelta(days=3),
        )  # fmt: skip
    assert Notice.objects.filter(recipient=p.member_wang, key=f"plenary.call.{call.pk}").count() == 1
    before = Notice.objects.count()
    services.call_tell_invited(call.pk)  # a rerun sends nothing twice
    assert Notice.objects.count() == before


def test_returned_speech_is_revised_resubmitted_and_delivered_for_m05(p: Personas, call: SpeechCall) -> None:
    wang = p.member_wang_record
    s = services.speech_submit(
        call=call, by=p.member_wang, author=wang, title="关于老旧小区改造的建议", body=BODY
    )
    assert s.state == T.SUBMITTED
    services.speech_decide(speech=s, by=p.activity_staff, decision=T.RETURNED, note="请补充数据")
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="退回修改").exists()
    services.speech_edit(
        speech=s, by=p.member_wang, title="关于老旧小区改造的建议（修改稿）", body=BODY + "三是加强监管。"
    )
    services.speech_resubmit(speech=s, by=p.member_wang)
    services.speech_decide(speech=s, by=p.activity_staff, decision=T.ORAL, order=2)
    s.refresh_from_db()
    assert (s.state, s.order) == (T.ORAL, 2)
    assert _points(wang, "M05") == []
    services.speech_deliver(speech=s, by=p.activity_staff)
    assert _points(wang, "M05") == ["8.00"]
    assert AuditEvent.objects.filter(action="plenary.speech.delivered").count() == 1


def test_written_speech_adopted_feeds_m06_automatically(p: Personas, call: SpeechCall) -> None:
    wang = p.member_wang_record
    s = services.speech_submit(call=call, by=p.member_wang, author=wang, title="书面发言", body=BODY)
    services.speech_decide(speech=s, by=p.activity_staff, decision=T.WRITTEN)
    assert _points(wang, "M06") == ["4.00"]


def test_oral_speech_not_delivered_becomes_written_and_scores_m06(p: Personas, call: SpeechCall) -> None:
    s = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="口头", body=BODY
    )
    services.speech_decide(speech=s, by=p.activity_staff, decision=T.ORAL)
    services.speech_to_written(speech=s, by=p.activity_staff)
    assert _points(p.member_wang_record, "M06") == ["4.00"]
    assert _points(p.member_wang_record, "M05") == []


def test_unit_speech_names_the_unit_and_its_author(p: Personas, call: SpeechCall) -> None:
    party = ParticipatingUnit.objects.create(committee=p.city, name="民革市委会", kind="party")
    s = services.speech_submit(
        call=call,
        by=p.member_wang,
        author=p.member_wang_record,
        title="民革市委会发言",
        body=BODY,
        unit=party,
    )
    assert s.on_behalf == "民革市委会"


def test_staff_register_a_paper_speech_for_a_member(
    p: Personas, call: SpeechCall, member_zhao: Member
) -> None:
    s = services.speech_submit(call=call, by=p.activity_staff, author=member_zhao, title="纸质稿", body=BODY)
    assert s.author == member_zhao


def test_a_member_cannot_submit_in_another_members_name(
    p: Personas, call: SpeechCall, member_zhao: Member
) -> None:
    with pytest.raises(NotAllowed):
        services.speech_submit(call=call, by=p.member_wang, author=member_zhao, title="冒名", body=BODY)
    assert not Speech.objects.exists()


def test_submission_after_the_deadline_is_refused(p: Personas, call: SpeechCall) -> None:
    SpeechCall.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    with pytest.raises(DomainError, match="已截止"):
        services.speech_submit(
            call=call, by=p.member_wang, author=p.member_wang_record, title="迟到", body=BODY
        )


def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(p: Personas, call: SpeechCall) -> None:
    with pytest.raises(DomainError, match=r"请填写题目.*请填写发言稿"):
        services.speech_submit(call=call, by=p.member_wang, author=p.member_wang_record, title=" ", body="")
    assert not Speech.objects.exists()


def test_wrong_state_gives_a_clear_error(p: Personas, call: SpeechCall) -> None:
    s = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="题目", body=BODY
    )
    with pytest.raises(DomainError, match="待审核"):
        services.speech_deliver(speech=s, by=p.activity_staff)
    services.speech_decide(speech=s, by=p.activity_staff, decision=T.NOT_SELECTED)
    with pytest.raises(DomainError, match="不能修改"):
        services.speech_edit(speech=s, by=p.member_wang, title="再改", body=BODY)
    with pytest.raises(DomainError, match="审核意见"):
        services.speech_decide(
            speech=services.speech_submit(
                call=call, by=p.member_wang, author=p.member_wang_record, title="二", body=BODY
            ),
            by=p.activity_staff,
            decision=T.RETURNED,
        )


def test_a_member_cannot_decide_and_staff_cannot_withdraw(p: Personas, call: SpeechCall) -> None:
    s = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="题目", body=BODY
    )
    with pytest.raises(NotAllowed):
        services.speech_decide(speech=s, by=p.member_wang, decision=T.ORAL)
    with pytest.raises(NotAllowed):
        services.speech_withdraw(speech=s, by=p.activity_staff)
    services.speech_withdraw(speech=s, by=p.member_wang)
    assert Speech.objects.get(pk=s.pk).state == T.WITHDRAWN


def test_one_call_per_plenary_and_only_for_a_plenary(
    p: Personas, call: SpeechCall, plenary: Activity
) -> None:
    with pytest.raises(DomainError, match="已发布"):
        services.call_open(
            activity=plenary, by=p.activity_staff, title="再次", guidance="", closes_at=call.closes_at
        )
    Activity.objects.filter(pk=plenary.pk).update(kind=Activity.Kind.STANDING)
    plenary.refresh_from_db()
    with pytest.raises(DomainError, match="只有全体会议"):
        services.agenda_add(
            activity=plenary, by=p.activity_staff, kind="assembly", title="开幕", starts_at=plenary.starts_at,
            ends_at=plenary.ends_at, place="礼堂",
        )  # fmt: skip


def test_collection_lists_oral_speeches_in_order_then_written(
    p: Personas, call: SpeechCall, member_zhao: Member
) -> None:
    a = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="书面甲", body=BODY
    )
    b = services.speech_submit(call=call, by=p.activity_staff, author=member_zhao, title="口头乙", body=BODY)
    c = services.speech_submit(call=call, by=p.activity_staff, author=member_zhao, title="口头丙", body=BODY)
    services.speech_submit(call=call, by=p.activity_staff, author=member_zhao, title="待审丁", body=BODY)
    services.speech_decide(speech=a, by=p.activity_staff, decision=T.WRITTEN)
    services.speech_decide(speech=b, by=p.activity_staff, decision=T.ORAL, order=2)
    services.speech_decide(speech=c, by=p.activity_staff, decision=T.ORAL, order=1)
    speeches = selectors.collection(call)
    assert [s.title for s in speeches] == ["口头丙", "口头乙", "书面甲"]
    text = "\n".join(par.text for par in collection_document(call, speeches, "市政协").document.paragraphs)
    assert "市政协十届三次会议大会发言汇编" in text and "一、大会口头发言" in text and "二、书面发言" in text
    assert "待审丁" not in text
