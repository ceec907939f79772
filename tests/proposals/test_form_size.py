"""The proposal form does not list the roster: its size is the same for 2 and 50 members."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.org import services
from zhengxie.org.models import HandlingUnit, Person


def test_proposal_form_does_not_grow_with_the_roster(client, p):
    client.force_login(p.member_wang)
    url = reverse("proposals:create")

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            person = Person.objects.create(name=f"名录委员{i:03d}", gender="F", affiliation="群众")
            services.member_create(committee=p.city, person=person, sector=p.sector, by=None)
            HandlingUnit.objects.create(committee=p.city, name=f"名录单位{i:03d}")

    add(0, 2)
    few = client.get(url).content.decode()
    add(2, 48)
    many = client.get(url).content.decode()
    assert "名录委员" not in many and "名录单位" not in many
    assert len(many) == len(few)
    assert 'data-url="/org/pick/members/"' in many and 'data-url="/org/pick/units/"' in many
