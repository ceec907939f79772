"""The plenary's agenda and discussion groups, and the pages: who reaches what (404 outside
reach), the home-page tasks, a member submitting on the page and staff printing the collection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.org import services as org_services
from zhengxie.org.models import Member
from zhengxie.plenary import services
from zhengxie.plenary.models import AgendaItem, GroupSeat, Speech, SpeechCall

pytestmark = pytest.mark.django_db
BODY = "建议内容。"


def test_agenda_is_kept_in_time_order_and_bad_times_are_refused(p: Personas, plenary: Activity) -> None:
    later = services.agenda_add(
        activity=plenary, by=p.activity_staff, kind="assembly", title="闭幕大会",
        starts_at=plenary.starts_at + timedelta(days=1), ends_at=plenary.starts_at + timedelta(days=1, hours=2),
        place="礼堂",
    )  # fmt: skip
    services.agenda_add(
        activity=plenary, by=p.activity_staff, kind="assembly", title="开幕大会", starts_at=plenary.starts_at,
        ends_at=plenary.starts_at + timedelta(hours=2), place="礼堂", presider="主席",
    )  # fmt: skip
    assert list(
        AgendaItem.objects.filter(activity=plenary).order_by("starts_at").values_list("title", flat=True)
    ) == [
        "开幕大会",
        "闭幕大会",
    ]
    with pytest.raises(DomainError, match="结束时间须晚于开始时间"):
        services.agenda_add(
            activity=plenary, by=p.activity_staff, kind="assembly", title="错", starts_at=later.ends_at,
            ends_at=later.starts_at, place="礼堂",
        )  # fmt: skip
    assert AgendaItem.objects.count() == 2


def test_group_seats_invited_members_once_and_marks_speeches_as_m02(
    p: Personas, plenary: Activity, member_zhao: Member
) -> None:
    first = services.group_create(
        activity=plenary, by=p.activity_staff, name="第一组", room="301", convener=member_zhao
    )
    second = services.group_create(activity=plenary, by=p.activity_staff, name="第二组", room="302")
    services.group_seat(group=first, by=p.activity_staff, members=[p.member_wang_record])
    with pytest.raises(DomainError, match="已在第一组"):
        services.group_seat(group=second, by=p.activity_staff, members=[p.member_wang_record])
    with pytest.raises(DomainError, match="已有名为"):
        services.group_create(activity=plenary, by=p.activity_staff, name="第一组", room="303")
    # The group discussion is under way: 王委员 signed in, the secretary marks two speeches.
    Activity.objects.filter(pk=plenary.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    inv = Invitation.objects.select_related("activity").get(activity=plenary, member=p.member_wang_record)
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="present")
    seat = GroupSeat.objects.get(group=first, member=p.member_wang_record)
    services.group_speech(seat=seat, by=p.activity_staff)
    services.group_speech(seat=seat, by=p.activity_staff)
    assert Invitation.objects.get(pk=inv.pk).speeches == 2
    standing = PointEntry.objects.filter(member=p.member_wang_record, rule__code="M02").standing()
    assert [str(e.points) for e in standing] == ["4.00"]


def test_a_member_not_invited_cannot_be_seated(p: Personas, plenary: Activity) -> None:
    group = services.group_create(activity=plenary, by=p.activity_staff, name="第一组", room="301")
    person = org_services.person_find_or_create(name="钱委员", gender="M", affiliation="群众", by=None)
    member = org_services.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    with pytest.raises(DomainError, match="未受邀"):
        services.group_seat(group=group, by=p.activity_staff, members=[member])
    assert not GroupSeat.objects.filter(group=group).exists()


def test_member_submits_on_the_page_and_sees_it_on_the_home_page_when_returned(
    client: Client, p: Personas, call: SpeechCall
) -> None:
    client.force_login(p.member_wang)
    assert "正在征集的大会发言" in client.get("/").content.decode()
    url = reverse("plenary:speech_submit", args=[call.pk])
    response = client.post(url, {"title": "", "body": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not Speech.objects.exists()
    response = client.post(url, {"title": "关于养老服务的建议", "body": BODY})
    speech = Speech.objects.get()
    assert response.status_code == 302 and speech.author == p.member_wang_record
    assert "正在征集的大会发言" not in client.get("/").content.decode()
    staff = Client()
    staff.force_login(p.activity_staff)
    assert "待审核的大会发言" in staff.get("/").content.decode()
    staff.post(
        reverse("plenary:speech_act", args=[speech.pk, "decide"]),
        {"decision": "returned", "note": "请压缩篇幅"},
    )
    assert Speech.objects.get().state == "returned"
    home = client.get("/").content.decode()
    assert "退回修改的大会发言" in home
    listing = client.get(reverse("plenary:my_speeches") + "?task=returned").content.decode()
    assert "关于养老服务的建议" in listing


def test_staff_select_and_print_the_collection(client: Client, p: Personas, call: SpeechCall) -> None:
    speech = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="甲", body=BODY
    )
    client.force_login(p.activity_staff)
    client.post(reverse("plenary:speech_act", args=[speech.pk, "decide"]), {"decision": "oral", "order": "1"})
    assert Speech.objects.get().state == "oral"
    response = client.get(reverse("plenary:collection", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_wrong_role_and_other_committee_get_404(client: Client, p: Personas, call: SpeechCall) -> None:
    speech = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="甲", body=BODY
    )
    client.force_login(p.member_wang)
    assert client.get(reverse("plenary:speech_list")).status_code == 404
    assert (
        client.post(
            reverse("plenary:speech_act", args=[speech.pk, "decide"]), {"decision": "oral"}
        ).status_code
        == 404
    )
    assert client.get(reverse("plenary:collection", args=[call.pk])).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("plenary:plenary_detail", args=[call.activity_id])).status_code == 404
    assert client.get(reverse("plenary:speech_detail", args=[speech.pk])).status_code == 404
    client.force_login(p.proposal_staff)
    assert client.get(reverse("plenary:speech_detail", args=[speech.pk])).status_code == 404


def test_member_sees_agenda_and_own_group_on_the_plenary_page(
    client: Client, p: Personas, plenary: Activity
) -> None:
    group = services.group_create(activity=plenary, by=p.activity_staff, name="第一组", room="三楼301")
    services.group_seat(group=group, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.member_wang)
    page = client.get(reverse("plenary:plenary_detail", args=[plenary.pk])).content.decode()
    assert "第一组，讨论地点：三楼301" in page
    assert "记发言" not in page


def test_staff_seat_a_member_through_the_groups_own_form(
    client: Client, p: Personas, plenary: Activity
) -> None:
    first = services.group_create(activity=plenary, by=p.activity_staff, name="第一组", room="301")
    services.group_create(activity=plenary, by=p.activity_staff, name="第二组", room="302")
    client.force_login(p.activity_staff)
    page = client.get(reverse("plenary:plenary_detail", args=[plenary.pk])).content.decode()
    assert page.count('id="id_g') >= 2
    client.post(
        reverse("plenary:group_seat", args=[first.pk]), {f"g{first.pk}-members": [p.member_wang_record.pk]}
    )
    assert GroupSeat.objects.filter(group=first, member=p.member_wang_record).exists()
