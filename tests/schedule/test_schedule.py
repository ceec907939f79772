"""The forward schedule: own and co-organised activities with the office's entries, clashes of
members, leaders and venues across committees, Word and Excel copies, and each person's ICS feed
at a secret address that works without login and stops when revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.consultations.conftest import at
from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.consultations.models import Invitation
from zhengxie.consultations.services import activities
from zhengxie.joint import services as joint
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.schedule import selectors, services
from zhengxie.schedule.models import ActivityLeader, Entry

pytestmark = pytest.mark.django_db


def test_clashes_across_committees_members_leaders_and_venues(p: Personas) -> None:
    county_staff = _user("county_activity", "甲县活动干部", p.county_a, Role.ACTIVITY_STAFF)
    county_leader = _user("county_leader", "甲县主席", p.county_a, Role.LEADER)
    li = Member.objects.get(committee=p.county_a)
    # The city's joint research with the county, from the county's venue…
    city = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="research", title="联动调研", starts_at=at(3),
        ends_at=at(3, 12), place="市政协",
    )  # fmt: skip
    joint.co_organiser_add(activity=city, by=p.activity_staff, partner=p.county_a, venue="甲县政协会议室")
    joint.members_invite(activity=city, committee_id=p.county_a.pk, by=county_staff, members=[li])
    # …and the county's own meeting that afternoon with the same member in the same room.
    own = activities.activity_create(
        committee_id=p.county_a.pk, by=county_staff, kind="training", title="委员培训", starts_at=at(3, 14),
        ends_at=at(3, 17), place="甲县政协会议室",
    )  # fmt: skip
    Invitation.objects.create(committee=p.county_a, activity=own, member=li)
    for hour in (8, 18):
        services.entry_create(
            committee_id=p.county_a.pk, by=county_staff, kind="meeting", title=f"秘书长办公会{hour}",
            starts_at=at(3, hour), ends_at=at(3, hour) + timedelta(hours=1), leaders=[county_leader],
        )  # fmt: skip
    day = at(3).date()
    days = selectors.schedule(p.county_a.pk, day, day)
    titles = [r.title for r in days[0].rows]
    assert "联动调研" in titles and "委员培训" in titles
    warnings = " ".join(days[0].warnings)
    assert "场地“甲县政协会议室”同日安排2项" in warnings
    assert "甲县主席同日有2项安排" in warnings
    assert "李淑芬" in warnings
    # The city sees its activity with the county's venue but not the county's own meeting.
    city_days = selectors.schedule(p.city.pk, day, day)
    assert [r.title for r in city_days[0].rows] == ["联动调研"]


def test_leader_clashes_in_time_across_co_organisers(client: Client, p: Personas) -> None:
    county_staff = _user("county_activity", "甲县活动干部", p.county_a, Role.ACTIVITY_STAFF)
    county_leader = _user("county_leader", "甲县主席", p.county_a, Role.LEADER)
    joint_act = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="research", title="联动调研", starts_at=at(3),
        ends_at=at(3, 12), place="市政协",
    )  # fmt: skip
    joint.co_organiser_add(activity=joint_act, by=p.activity_staff, partner=p.county_a)
    # Each organiser names its own leaders for the joint activity.
    services.activity_leaders_set(
        committee_id=p.county_a.pk, activity=joint_act, leaders=[county_leader], by=county_staff
    )
    services.activity_leaders_set(
        committee_id=p.city.pk, activity=joint_act, leaders=[p.leader], by=p.activity_staff
    )
    # The county's leader also has the county's own meeting that morning, and one in the evening.
    services.entry_create(
        committee_id=p.county_a.pk, by=county_staff, kind="meeting", title="县政协常委会", starts_at=at(3, 10),
        ends_at=at(3, 11), leaders=[county_leader],
    )  # fmt: skip
    services.entry_create(
        committee_id=p.county_a.pk, by=county_staff, kind="meeting", title="晚间座谈", starts_at=at(3, 19),
        ends_at=at(3, 20), leaders=[county_leader],
    )  # fmt: skip
    day = at(3).date()
    county = " ".join(selectors.schedule(p.county_a.pk, day, day)[0].warnings)
    assert "甲县主席时间冲突：“联动调研”与“县政协常委会”（10:00）" in county
    assert "晚间座谈”（" not in county
    # The host sees the clash of the co-organiser's leader, the county's record by name only.
    city_day = selectors.schedule(p.city.pk, day, day)[0]
    assert "甲县主席时间冲突：“联动调研”与甲县政协的一项安排（10:00）" in city_day.warnings
    assert not any("市政协领导时间冲突" in w for w in city_day.warnings)
    assert {"甲县主席", "市政协领导"} <= set(city_day.rows[0].leaders)
    # …and on the joint page and the leaders page.
    client.force_login(p.activity_staff)
    page = client.get(reverse("joint:detail", args=[joint_act.pk])).content.decode()
    assert "甲县主席时间冲突" in page
    page = client.get(reverse("schedule:activity_leaders", args=[joint_act.pk])).content.decode()
    assert "甲县主席时间冲突" in page and "甲县主席（甲县政协）" in page
    # The city's office changes only its own leaders; the county's stay.
    r = client.post(reverse("schedule:activity_leaders", args=[joint_act.pk]), {"leaders": []})
    assert r.status_code == 302
    assert [str(u) for u in ActivityLeader.objects.filter(activity=joint_act).select_related("user")] == [
        "甲县主席"
    ]
    # Wrong role, a leader of another committee, an activity out of reach.
    with pytest.raises(NotAllowed):
        services.activity_leaders_set(committee_id=p.city.pk, activity=joint_act, leaders=[], by=p.leader)
    with pytest.raises(DomainError, match="本政协的领导"):
        services.activity_leaders_set(
            committee_id=p.city.pk, activity=joint_act, leaders=[county_leader], by=p.activity_staff
        )
    county_own = activities.activity_create(
        committee_id=p.county_a.pk,
        by=county_staff,
        kind="training",
        title="培训",
        starts_at=at(4),
        ends_at=at(4, 12),
        place="县政协",
    )
    with pytest.raises(DomainError, match="不是本会"):
        services.activity_leaders_set(
            committee_id=p.city.pk, activity=county_own, leaders=[], by=p.activity_staff
        )
    assert client.get(reverse("schedule:activity_leaders", args=[county_own.pk])).status_code == 404
    client.force_login(p.leader)
    assert client.get(reverse("schedule:activity_leaders", args=[joint_act.pk])).status_code == 404


def test_entries_refuse_bad_input_and_wrong_roles(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        services.entry_create(
            committee_id=p.city.pk, by=p.leader, kind="trip", title="考察", starts_at=at(1), ends_at=at(1, 12)
        )
    with pytest.raises(DomainError, match="领导"):
        services.entry_create(
            committee_id=p.city.pk, by=p.activity_staff, kind="trip", title="考察", starts_at=at(1),
            ends_at=at(1, 12), leaders=[p.proposal_staff],
        )  # fmt: skip
    with pytest.raises(DomainError, match="结束时间"):
        services.entry_create(
            committee_id=p.city.pk,
            by=p.activity_staff,
            kind="trip",
            title="考察",
            starts_at=at(1, 12),
            ends_at=at(1),
        )
    assert not Entry.objects.exists()


def test_ics_feed_needs_no_login_and_stops_when_revoked(client: Client, p: Personas) -> None:
    a = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="专题协商会,城市更新",
        starts_at=at(5), ends_at=at(5, 12), place="市政协三楼会议室",
    )  # fmt: skip
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    client.force_login(p.member_wang)
    page = client.post(reverse("schedule:subscription")).content.decode()
    url = page.split("<code>")[1].split("</code>")[0]
    path = url.split("testserver")[1]
    client.logout()
    r = client.get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    body = r.content.decode()
    assert "BEGIN:VEVENT" in body and "专题协商会\\,城市更新" in body and "LOCATION:市政协三楼会议室" in body
    assert client.get("/schedule/ics/wrong-token.ics").status_code == 404
    client.force_login(p.member_wang)
    client.post(reverse("schedule:subscription"), {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404


def test_pages_exports_roles_and_query_counts(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    assert client.get(reverse("schedule:index")).status_code == 404
    client.force_login(p.activity_staff)
    r = client.post(
        reverse("schedule:index"),
        {"kind": "publication", "title": "《政协信息》第12期", "starts_at": at(1).strftime("%Y-%m-%dT%H:%M"),
         "ends_at": at(1, 10).strftime("%Y-%m-%dT%H:%M"), "leaders": [p.leader.pk]},
    )  # fmt: skip
    assert r.status_code == 302 and Entry.objects.count() == 1
    start = at(1).date().isoformat()
    for fmt, kind in (("docx", "application/vnd.openxml"), ("xlsx", "application/vnd.openxml")):
        got = client.get(reverse("schedule:export", args=[fmt]) + f"?start={start}")
        assert got.status_code == 200 and got["Content-Type"].startswith(kind)
    assert client.get(reverse("schedule:export", args=["pdf"])).status_code == 404
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            a = activities.activity_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="research", title=f"调研{i}",
                starts_at=at(i % 5 + 1), ends_at=at(i % 5 + 1, 12), place=f"地点{i % 2}",
            )  # fmt: skip
            activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
            services.activity_leaders_set(
                committee_id=p.city.pk, activity=a, leaders=[p.leader], by=p.activity_staff
            )
            services.entry_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="meeting", title=f"会议{i}",
                starts_at=at(i % 5 + 1, 15), ends_at=at(i % 5 + 1, 16), leaders=[p.leader],
            )  # fmt: skip

    same_for_few_and_many(client, reverse("schedule:index") + "?span=month&start=" + start, add, many=12)


def test_demo_and_seed(client: Client, settings: object) -> None:
    from django.core.management import call_command

    from zhengxie.accounts.models import User
    from zhengxie.org.models import Committee

    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(username="demo_activity_staff"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get(reverse("schedule:index") + f"?start={tomorrow}").content.decode()
    assert "秘书长办公会" in page
    call_command("seed", "--scale", "county", verbosity=0)
    assert Entry.objects.filter(committee=Committee.objects.get(code="SEED-county")).count() == 12
