"""Leaders' instructions on a consultation outcome: each one is kept as its own row with its own
supervision item (linked back to the row); when supervision accepts the item as done, the
instruction records the implementation result, the consultation page shows it and the
participants are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config
from zhengxie.consultations.models import Activity, Consultation, Instruction, Outcome
from zhengxie.consultations.services import activities, outcomes, plans
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome(p: Personas, meeting_now: Activity) -> Outcome:
    """A submitted special report of a consultation whose meeting 王委员 was invited to."""
    c = plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"),
    )  # fmt: skip
    Consultation.objects.filter(pk=c.pk).update(state="tracking")
    Activity.objects.filter(pk=meeting_now.pk).update(consultation=c)
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    c.refresh_from_db()
    o = outcomes.outcome_create(
        consultation=c, by=p.activity_staff, kind="special_report", title="关于推进城市更新的协商专报",
        body="一、基本情况",
    )  # fmt: skip
    return outcomes.outcome_submit(outcome=o, by=p.activity_staff)


def _instruct(p: Personas, o: Outcome, leader: str, text: str) -> Instruction:
    return outcomes.outcome_instruction(
        outcome=o, by=p.activity_staff, instruction=text, instructed_by=leader, lead_unit=p.unit,
        due_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip


def _accepted(p: Personas, item: Item, report: str) -> Item:
    """The supervision office approves and issues the item, the unit reports it done, the office
    accepts the report."""
    item = item_services.item_approve(item=item, by=p.leader)
    item = item_services.item_issue(item=item, by=p.supervision_staff)
    item = item_services.item_sign(item=item, by=p.unit_clerk)
    item_services.item_report_completion(item=Item.objects.get(pk=item.pk), by=p.unit_clerk, text=report)
    return item_services.item_verify(item=Item.objects.get(pk=item.pk), by=p.supervision_staff, accept=True)


def test_a_second_instruction_is_kept_beside_the_first_with_its_own_item(
    client: Client, p: Personas, outcome: Outcome
) -> None:
    first = _instruct(p, outcome, "市长", "请住建局牵头研究落实。")
    second = _instruct(p, outcome, "分管副市长", "请财政局予以资金保障。")
    rows = list(outcome.instructions.all())
    assert [(r.leader_name, r.text) for r in rows] == [
        ("市长", "请住建局牵头研究落实。"),
        ("分管副市长", "请财政局予以资金保障。"),
    ]
    instruction_type = ContentType.objects.get_for_model(Instruction)
    for row in (first, second):
        assert row.item is not None
        item = Item.objects.get(pk=row.item.pk)
        assert (item.link_type, item.link_id, item.content) == (instruction_type, row.pk, row.text)
    assert Item.objects.count() == 2
    client.force_login(p.activity_staff)
    page = client.get(reverse("consultations:consultation_detail", args=[outcome.consultation_id]))
    html = page.content.decode()
    assert "请住建局牵头研究落实。" in html and "请财政局予以资金保障。" in html
    assert first.item.number in html and second.item.number in html  # type: ignore[union-attr]


def test_an_instruction_needs_a_submitted_outcome_and_good_input(p: Personas, outcome: Outcome) -> None:
    draft = outcomes.outcome_create(
        consultation=outcome.consultation, by=p.activity_staff, kind="minutes", title="纪要", body="……"
    )
    with pytest.raises(DomainError, match="成果报送后才能登记批示"):
        _instruct(p, draft, "市长", "请研究。")
    with pytest.raises(DomainError, match="请填写批示内容"):
        _instruct(p, outcome, "市长", "  ")
    with pytest.raises(DomainError, match="请填写批示领导"):
        _instruct(p, outcome, " ", "请研究。")
    with pytest.raises(DomainError, match="不能晚于今天"):
        outcomes.outcome_instruction(
            outcome=outcome, by=p.activity_staff, instruction="请研究。", instructed_by="市长", lead_unit=p.unit,
            due_on=timezone.localdate() + timedelta(days=30), given_on=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip
    with pytest.raises(DomainError, match="不能早于成果报送日期"):
        outcomes.outcome_instruction(
            outcome=outcome, by=p.activity_staff, instruction="请研究。", instructed_by="市长", lead_unit=p.unit,
            due_on=timezone.localdate() + timedelta(days=30), given_on=timezone.localdate() - timedelta(days=1),
        )  # fmt: skip
    assert not Instruction.objects.exists() and not Item.objects.exists()


def test_only_activity_staff_record_instructions_on_the_page(
    client: Client, p: Personas, outcome: Outcome
) -> None:
    url = reverse("consultations:outcome_act", args=[outcome.pk, "instruction"])
    form = {
        "instructed_by": "市长",
        "instruction": "请研究。",
        "lead_unit": p.unit.pk,
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    for user in (p.member_wang, p.supervision_staff, p.county_b_staff):
        client.force_login(user)
        assert client.post(url, form).status_code == 404
    assert not Instruction.objects.exists()


def test_an_accepted_item_feeds_the_result_back_to_the_instruction_and_the_participants(
    client: Client, p: Personas, outcome: Outcome
) -> None:
    first = _instruct(p, outcome, "市长", "请住建局牵头研究落实。")
    second = _instruct(p, outcome, "分管副市长", "请财政局予以资金保障。")
    assert first.item is not None and second.item is not None
    report = "已出台城市更新实施办法，首批12个片区启动改造。"
    item = _accepted(p, first.item, report)
    first.refresh_from_db()
    assert first.result == report and first.result_at == Item.objects.get(pk=item.pk).done_at
    second.refresh_from_db()
    assert second.result == "" and second.result_at is None
    event = AuditEvent.objects.get(action="consultations.instruction.implemented")
    assert event.object_id == str(first.pk) and event.data["item"] == item.pk
    notice = Notice.objects.get(recipient=p.member_wang, key=f"consultations.instruction.{first.pk}")
    assert "市长" in notice.body and "12个片区" in notice.body
    client.force_login(p.member_wang)
    html = client.get(reverse("consultations:consultation_detail", args=[outcome.consultation_id])).content
    assert report in html.decode() and "请财政局予以资金保障。" in html.decode()


def test_an_item_sent_back_records_no_result(p: Personas, outcome: Outcome) -> None:
    row = _instruct(p, outcome, "市长", "请住建局牵头研究落实。")
    assert row.item is not None
    item = item_services.item_approve(item=row.item, by=p.leader)
    item = item_services.item_sign(
        item=item_services.item_issue(item=item, by=p.supervision_staff), by=p.unit_clerk
    )
    item_services.item_report_completion(
        item=Item.objects.get(pk=item.pk), by=p.unit_clerk, text="已基本完成相关工作。"
    )
    item_services.item_verify(
        item=Item.objects.get(pk=item.pk), by=p.supervision_staff, accept=False, note="请补充佐证材料"
    )
    row.refresh_from_db()
    assert (
        row.result == "" and not Notice.objects.filter(key__startswith="consultations.instruction.").exists()
    )
