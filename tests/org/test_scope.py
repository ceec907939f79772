from __future__ import annotations

import pytest
from django.http import Http404

from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user


def test_county_staff_sees_no_member_of_another_committee(p):
    assert Member.objects.visible_to(p.county_b_staff).count() == 0
    with pytest.raises(Http404):
        get_for_user(Member.objects.all(), p.county_b_staff, p.member_wang_record.pk)


def test_city_staff_sees_city_members_only(p):
    visible = Member.objects.visible_to(p.proposal_staff, roles=[Role.PROPOSAL_STAFF])
    assert list(visible) == [p.member_wang_record]


def test_role_filter_excludes_roles_not_held(p):
    assert Member.objects.visible_to(p.member_wang, roles=[Role.PROPOSAL_STAFF]).count() == 0
