"""Who can submit, through which channel; a unit's liaison screens first; merging credits every
author; the proposals app's referral arrives linked and only once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import Personas
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.opinions.intake import receive_referral
from zhengxie.opinions.models import Attachment, Author, Opinion, Revision
from zhengxie.opinions.services import editing, submission
from zhengxie.org.models import Term

from .conftest import Info
from .helpers import BODY, submitted

S = Opinion.State


def test_a_unit_item_waits_for_the_liaison_officer(p: Personas, o: Info) -> None:
    opinion = submitted(p, channel="unit", unit=o.unit)
    assert opinion.state == S.UNIT_REVIEW
    with pytest.raises(DomainError, match="单位审核"):
        editing.opinion_accept(opinion=opinion, by=o.county_info)
    with pytest.raises(NotAllowed):
        submission.opinion_unit_forward(opinion=opinion, by=o.county_info)
    submission.opinion_unit_forward(opinion=opinion, by=o.liaison)
    assert opinion.state == S.RECEIVED


def test_the_liaison_returns_and_the_author_resubmits(p: Personas, o: Info) -> None:
    opinion = submitted(p, channel="unit", unit=o.unit)
    editing.opinion_return(opinion=opinion, by=o.liaison, comment="请补充具体数据")
    submission.opinion_resubmit(
        opinion=opinion, by=p.member_county, title=opinion.title, body=BODY + "涉及12个村。"
    )
    assert opinion.state == S.UNIT_REVIEW
    assert [r.number for r in opinion.revisions.all()] == [1, 2]


def test_an_informant_submits_as_such(p: Personas, o: Info) -> None:
    opinion = submitted(p, by=o.informant, channel="informant")
    assert opinion.correspondent is not None and opinion.correspondent.kind == "informant"
    assert opinion.state == S.RECEIVED
    assert not opinion.authors.exists()


def test_a_member_cannot_pose_as_an_informant_or_a_station(p: Personas, o: Info) -> None:
    with pytest.raises(DomainError, match="您不是本政协登记的社情民意联络站"):
        submitted(p, channel="station")
    assert not Opinion.objects.exists()


def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(p: Personas, o: Info) -> None:
    with pytest.raises(DomainError, match="请填写标题；请填写正文"):
        submitted(p, title=" ", body="")
    with pytest.raises(DomainError, match="正文不能超过5000个字"):
        submitted(p, body="字" * 5001)
    with pytest.raises(DomainError, match="请选择本政协的参加单位"):
        submitted(p, channel="unit")
    assert not Opinion.objects.exists()


def test_a_disguised_attachment_is_refused_and_nothing_is_stored(p: Personas, o: Info) -> None:
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    data = submission.Draft(title="关于校车安全的建议", body=BODY)
    with pytest.raises(DomainError, match="附件内容与文件类型不符"):
        submission.opinion_create(committee_id=p.county_a.pk, by=p.member_county, data=data, uploads=[fake])
    assert not Opinion.objects.exists() and not Attachment.objects.exists()
    png = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    opinion = submission.opinion_create(
        committee_id=p.county_a.pk, by=p.member_county, data=data, uploads=[png]
    )
    assert opinion.attachments.get().name == "现场.png"


def test_merging_credits_every_author(p: Personas, o: Info) -> None:
    first = submitted(p)
    second = submitted(p, by=o.informant, channel="informant", title="乡村医生流失严重")
    third = submitted(p, channel="unit", unit=o.unit, title="乡村医生待遇问题")
    submission.opinion_unit_forward(opinion=third, by=o.liaison)
    merged = editing.opinion_merge(
        opinions=[first, second, third], by=o.county_info, title="关于稳定乡村医生队伍的建议", body=BODY
    )
    assert merged.state == S.EDITING and merged.channel == "merged"
    assert list(Author.objects.filter(opinion=merged).values_list("member_id", flat=True)) == [o.li.pk]
    assert set(Opinion.objects.filter(merged_into=merged).values_list("state", flat=True)) == {S.MERGED}
    assert Revision.objects.get(opinion=merged).number == 1


def test_merging_needs_two_open_items(p: Personas, o: Info) -> None:
    first = submitted(p)
    with pytest.raises(DomainError, match="至少选择两条"):
        editing.opinion_merge(opinions=[first], by=o.county_info, title="t", body="b")
    second = submitted(p, title="另一条")
    editing.opinion_archive(opinion=second, by=o.county_info, reason="不属于反映范围")
    with pytest.raises(DomainError, match="只能合并待受理或编辑中的信息"):
        editing.opinion_merge(opinions=[first, second], by=o.county_info, title="t", body="b")


def test_a_referred_proposal_arrives_linked_and_only_once(p: Personas, o: Info) -> None:
    source = Term.objects.get(committee=p.county_a)  # any model instance stands for the proposal
    kwargs = {
        "committee_id": p.county_a.pk,
        "title": "关于乡村医生的提案（转社情民意）",
        "body": BODY,
        "author_member_ids": [o.li.pk],
        "source": source,
        "source_label": "提案第12号",
        "source_url": "/proposals/12/",
        "by": p.proposal_staff,
    }
    first = receive_referral(**kwargs)  # type: ignore[arg-type]
    again = receive_referral(**kwargs)  # type: ignore[arg-type]
    assert first.pk == again.pk
    assert first.channel == "referral" and first.state == S.RECEIVED
    assert first.link_label == "提案第12号" and first.link_id == source.pk
    assert list(first.authors.all()) == [o.li]
    assert PointEntry.objects.filter(member=o.li, rule__code="S01").count() == 1


def test_a_referral_with_a_foreign_author_is_refused(p: Personas, o: Info) -> None:
    with pytest.raises(DomainError, match="须是本政协委员"):
        receive_referral(
            committee_id=p.county_a.pk,
            title="标题",
            body=BODY,
            author_member_ids=[p.member_wang_record.pk],
            source=p.county_a,
            source_label="x",
            source_url="",
            by=p.proposal_staff,
        )
    assert not Opinion.objects.exists()


def test_attachments_only_while_with_the_author(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    with pytest.raises(DomainError, match="只能在草稿或退回修改时"):
        submission.attachment_add(opinion=opinion, by=p.member_county, upload=png)
