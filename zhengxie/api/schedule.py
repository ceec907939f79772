"""/api/v1/schedule/: a committee's forward schedule (工作预安排) for a week or a month, read on
the phone: each day's rows — its own and co-organised activities, leaders' meetings, trips,
publications — and the clashes to settle, as on the page. Read only.

`committee` names the committee the caller acts for; the office (activity staff, leaders) only,
404 for anyone else."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.scope import has_role
from zhengxie.schedule import selectors

router = Router(tags=["工作预安排"])


class ScheduleQuery(Schema):
    committee: int = Field(description="代表哪个政协查看")
    start: date | None = Field(None, description="所在周或月的任一天；不填为今天")
    span: str = Field("week", pattern="^(week|month)$", description="week 按周 / month 按月")


class ScheduleRowOut(Schema):
    starts_at: datetime
    ends_at: datetime
    kind_label: str
    title: str
    place: str
    leaders: list[str]
    organiser: str
    activity_id: int | None


class ScheduleDayOut(Schema):
    day: date
    weekday: str
    rows: list[ScheduleRowOut]
    warnings: list[str] = Field(description="需协调的冲突：场地、领导、委员")


class ScheduleOut(Schema):
    first: date
    last: date
    days: list[ScheduleDayOut]


@router.get("", response=ScheduleOut, summary="本会一周或一月的工作预安排及冲突提示")
def schedule(request: HttpRequest, q: Query[ScheduleQuery]) -> ScheduleOut:
    if not has_role(request.user, q.committee, *OFFICE_ROLES):
        raise HttpError(404, "未找到该政协")
    anchor = q.start or timezone.localdate()
    if q.span == "month":
        first = anchor.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=6)
    days = selectors.schedule(q.committee, first, last)
    return ScheduleOut(
        first=first,
        last=last,
        days=[
            ScheduleDayOut(
                day=d.day,
                weekday=d.weekday,
                warnings=d.warnings,
                rows=[
                    ScheduleRowOut(
                        starts_at=r.starts_at,
                        ends_at=r.ends_at,
                        kind_label=r.kind,
                        title=r.title,
                        place=r.place,
                        leaders=r.leaders,
                        organiser=r.organiser,
                        activity_id=r.activity_id,
                    )
                    for r in d.rows
                ],
            )
            for d in days
        ],
    )
