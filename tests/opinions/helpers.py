"""Short ways to bring an item to a state, each through the services (as the pages do)."""

from __future__ import annotations

from typing import Any

from tests.personas import Personas
from zhengxie.opinions.models import Issue, Opinion
from zhengxie.opinions.services import editing, reporting, submission

BODY = "【情况】乡村卫生室缺少全科医生。\n【分析】待遇偏低，留不住人。\n【建议】提高补贴，实行县管乡用。"


def submitted(
    p: Personas, *, title: str = "关于加强乡村医生队伍建设的建议", by: Any = None, **kw: Any
) -> Opinion:
    data = submission.Draft(title=title, body=kw.pop("body", BODY), **kw)
    return submission.opinion_create(committee_id=p.county_a.pk, by=by or p.member_county, data=data)


def signed(p: Personas, o: Any, **kw: Any) -> Opinion:
    opinion = submitted(p, **kw)
    editing.opinion_accept(opinion=opinion, by=o.county_info)
    editing.opinion_request_signoff(opinion=opinion, by=o.county_info)
    editing.opinion_sign(opinion=opinion, by=o.county_leader, approve=True)
    return opinion


def published(p: Personas, o: Any, **kw: Any) -> Opinion:
    opinion = signed(p, o, **kw)
    editing.issue_publish(
        committee_id=p.county_a.pk, by=o.county_info, series=Issue.Series.BULLETIN, opinions=[opinion]
    )
    return opinion


def at_city(p: Personas, o: Any, **kw: Any) -> tuple[Opinion, Opinion]:
    """A county item published and reported to the city: (county item, the city's copy)."""
    opinion = published(p, o, **kw)
    report = reporting.report_send(opinion=opinion, by=o.county_info, target="parent")
    return opinion, Opinion.objects.get(reported_via=report)


def publish_at(opinion: Opinion, *, info: Any, leader: Any, series: str = Issue.Series.BULLETIN) -> Issue:
    editing.opinion_accept(opinion=opinion, by=info)
    editing.opinion_request_signoff(opinion=opinion, by=info)
    editing.opinion_sign(opinion=opinion, by=leader, approve=True)
    return editing.issue_publish(
        committee_id=opinion.committee_id, by=info, series=series, opinions=[opinion]
    )
