"""The searchable picker: the search endpoint (scope, limit, pinyin, account flag, query count) and
the field (ids from the script, names typed without it, scope kept on the server)."""

from __future__ import annotations

import json

from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas
from zhengxie.lib.pinyin import initials
from zhengxie.org import services
from zhengxie.org.models import HandlingUnit, Member, Person, Sector
from zhengxie.org.picker import LIMIT, PickerField, PickerMultipleField

MEMBERS = reverse("org:pick", args=["members"])
UNITS = reverse("org:pick", args=["units"])


def _member(p: Personas, name: str, sector: Sector | None = None, committee=None) -> Member:
    person = Person.objects.create(name=name, gender="F", affiliation="群众")
    return services.member_create(
        committee=committee or p.city, person=person, sector=sector or p.sector, by=None
    )


def _search(client, url: str, q: str) -> list[dict]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_initials_are_stored_when_a_name_is_written(db):
    person = Person.objects.create(name="张三", gender="M", affiliation="群众")
    assert person.name_initials == "zs"
    person.name = "单志强"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.name_initials.split() == ["dzq", "czq", "szq"]
    assert initials("") == ""


def test_member_finds_colleagues_by_name_initials_and_sector(client, p):
    zhang = _member(p, "张晓东")
    farm = Sector.objects.create(committee=p.city, name="农业界")
    liu = _member(p, "刘芳", sector=farm)
    client.force_login(p.member_wang)
    assert [r["id"] for r in _search(client, MEMBERS, "晓东")] == [zhang.pk]
    assert [r["id"] for r in _search(client, MEMBERS, "ZXD")] == [zhang.pk]
    assert [r["id"] for r in _search(client, MEMBERS, "农业")] == [liu.pk]
    found = _search(client, MEMBERS, "王建国")
    assert found == [{"id": p.member_wang_record.pk, "label": "王建国（经济界）", "has_account": True}]
    assert _search(client, MEMBERS, "晓东")[0]["has_account"] is False


def test_search_stays_in_the_current_committee(client, p):
    _member(
        p, "县里人", sector=Sector.objects.create(committee=p.county_a, name="教育"), committee=p.county_a
    )
    client.force_login(p.member_wang)
    assert _search(client, MEMBERS, "县里人") == []
    assert _search(client, MEMBERS, "李淑芬") == []  # 甲县's member


def test_search_returns_at_most_the_limit(client, p):
    for i in range(LIMIT + 5):
        _member(p, f"同名{i:02d}")
    client.force_login(p.proposal_staff)
    assert len(_search(client, MEMBERS, "同名")) == LIMIT


def test_wrong_role_and_unknown_kind_get_404(client, p):
    client.force_login(p.unit_clerk)
    assert client.get(MEMBERS, {"q": "王"}).status_code == 404
    client.force_login(p.member_wang)
    assert client.get(reverse("org:pick", args=["persons"])).status_code == 404
    client.logout()
    assert client.get(MEMBERS).status_code == 302


def test_units_show_whether_a_clerk_can_log_in(client, p):
    HandlingUnit.objects.create(committee=p.city, name="市住房公积金中心")
    client.force_login(p.member_wang)
    found = {r["label"]: r["has_account"] for r in _search(client, UNITS, "住房")}
    assert found == {"市住房和城乡建设局": True, "市住房公积金中心": False}


def test_search_query_count_does_not_grow(client, p):
    client.force_login(p.member_wang)

    def count() -> int:
        client.get(MEMBERS, {"q": "委员"})
        with CaptureQueriesContext(connection) as captured:
            client.get(MEMBERS, {"q": "委员"})
        return len(captured.captured_queries)

    _member(p, "委员甲")
    _member(p, "委员乙")
    few = count()
    for i in range(30):
        _member(p, f"委员{i}")
    assert count() == few


class _Form(forms.Form):
    people = PickerMultipleField(kind="members", label="委员", queryset=Member.objects.none(), required=False)
    one = PickerField(kind="members", label="召集人", queryset=Member.objects.none(), required=False)

    def __init__(self, *args, committee_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Member.objects.filter(committee_id=committee_id).select_related("person", "sector")
        self.fields["people"].queryset = qs  # type: ignore[attr-defined]
        self.fields["one"].queryset = qs  # type: ignore[attr-defined]


def _data(**values) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in values.items():
        q.setlist(key, value if isinstance(value, list) else [value])
    return q


def test_field_takes_ids_and_typed_names(p):
    zhang = _member(p, "张晓东")
    form = _Form(
        _data(people=[str(p.member_wang_record.pk)], people_text="张晓东（经济界）、", one_text="王建国"),
        committee_id=p.city.pk,
    )
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["people"]) == {p.member_wang_record, zhang}
    assert form.cleaned_data["one"] == p.member_wang_record


def test_field_refuses_names_it_cannot_find_once(p):
    _member(p, "同名人")
    _member(p, "同名人", sector=Sector.objects.create(committee=p.city, name="农业界"))
    form = _Form(_data(people_text="同名人"), committee_id=p.city.pk)
    assert not form.is_valid()
    assert form.errors["people"] == ["有多个“同名人”，请从搜索结果中选择"]
    form = _Form(_data(people_text="不存在"), committee_id=p.city.pk)
    assert not form.is_valid() and "找不到“不存在”" in form.errors["people"][0]


def test_field_keeps_scope_on_the_server(p):
    county = _member(
        p, "县委员", sector=Sector.objects.create(committee=p.county_a, name="教育"), committee=p.county_a
    )
    form = _Form(_data(people=[str(county.pk)]), committee_id=p.city.pk)
    assert not form.is_valid()
    form = _Form(_data(people_text="县委员"), committee_id=p.city.pk)
    assert not form.is_valid()


def test_widget_renders_only_the_chosen_rows(p):
    for i in range(5):
        _member(p, f"未选{i}")
    form = _Form(initial={"people": [p.member_wang_record]}, committee_id=p.city.pk)
    html = str(form["people"])
    assert "王建国（经济界）" in html and "未选" not in html
    assert 'name="people_text"' in html and 'data-url="/org/pick/members/"' in html


def test_migration_fills_initials_of_existing_rows(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("zhengxie.org.migrations.0004_person_name_initials")
    person = Person.objects.create(name="李四", gender="M", affiliation="群众")
    Person.objects.filter(pk=person.pk).update(name_initials="")
    migration.fill_initials(apps, None)
    person.refresh_from_db()
    assert person.name_initials == "ls"
