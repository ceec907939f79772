"""/api/v1/grassroots/: grassroots platforms on conveners' and members' phones — the platforms one
may see, a platform's consultations, opening one and recording its next step, a problem and its
outcome, and a member's visit; photos of a step done are uploaded one request at a time
(multipart, checked by content like the page's).

`committee` names the committee the caller acts for; scope is the pages': a platform of another
town's group, or one a member is not assigned to, is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from zhengxie.consultations.models import Platform
from zhengxie.consultations.permissions import my_member_ids
from zhengxie.grassroots import services
from zhengxie.grassroots.models import Photo, Problem, Record, Visit
from zhengxie.grassroots.permissions import get_platform_for_user, platforms_visible
from zhengxie.org.models import Member

from .paging import keyset

router = Router(tags=["基层协商"])


class PlatformOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    township: str
    village: str
    group: str
    five_met: int = Field(description="“五有”落实项数（0–5）")


class PlatformPage(Schema):
    items: list[PlatformOut]
    next_after: int | None


class GrassrootsCommitteeQuery(Schema):
    committee: int = Field(description="代表哪个政协操作")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class PlatformRecordOut(Schema):
    id: int
    platform_id: int
    title: str
    steps: list[str] = Field(description="本次协商的步骤（八步中选用的）")
    state: str = Field(description="已完成的步骤")
    next_step: str | None
    finished: bool
    opened_at: datetime


class RecordPage(Schema):
    items: list[PlatformRecordOut]
    next_after: int | None


class OpenIn(Schema):
    committee: int
    title: str = Field(max_length=200)
    note: str = Field(max_length=3000)
    done_on: date | None = None


class StepIn(Schema):
    committee: int
    note: str = Field(max_length=3000)
    done_on: date | None = None
    participants: int | None = Field(None, ge=1, le=100000, description="“召开会议”步骤必填")
    member_ids: list[int] = Field(default_factory=list, description="参加协商的本政协委员（“召开会议”步骤）")


class ProblemIn(Schema):
    committee: int
    text: str = Field(max_length=500)
    record_id: int | None = None


class ResolveIn(Schema):
    committee: int
    state: str = Field(description="solved 已解决 / opinion 转社情民意 / proposal 转提案线索")
    outcome: str = Field(max_length=500)


class ProblemOut(Schema):
    id: int
    platform_id: int
    text: str
    state: str
    state_label: str
    outcome: str
    raised_on: date


class VisitIn(Schema):
    committee: int
    visited_on: date
    people_met: int = Field(ge=0, le=100000)
    summary: str = Field(max_length=3000)
    problems: list[str] = Field(default_factory=list, max_length=20)


class VisitOut(Schema):
    id: int
    platform_id: int
    visited_on: date
    people_met: int
    summary: str


def _platform_out(pl: Platform) -> PlatformOut:
    profile = getattr(pl, "profile", None)
    return PlatformOut(
        id=pl.pk, name=pl.name, level=pl.level, level_label=pl.get_level_display(), township=pl.township,
        village=pl.village, group=profile.group.name if profile and profile.group else "",
        five_met=profile.five_met if profile else 0,
    )  # fmt: skip


def _record_out(r: Record) -> PlatformRecordOut:
    return PlatformRecordOut(
        id=r.pk, platform_id=r.platform_id, title=r.title, steps=list(r.steps), state=r.state, next_step=r.next_step,
        finished=r.finished, opened_at=r.opened_at,
    )  # fmt: skip


def _problem_out(p: Problem) -> ProblemOut:
    return ProblemOut(
        id=p.pk, platform_id=p.platform_id, text=p.text, state=p.state, state_label=p.get_state_display(),
        outcome=p.outcome, raised_on=p.raised_on,
    )  # fmt: skip


@router.get("platforms", response=PlatformPage, summary="我可查看的平台（召集人：本组；委员：所联系的）")
def platform_list(request: HttpRequest, q: Query[GrassrootsCommitteeQuery]) -> PlatformPage:
    rows = platforms_visible(request.user, q.committee).select_related("profile__group")
    page, next_after = keyset(rows, q.after, q.limit)
    return PlatformPage(items=[_platform_out(pl) for pl in page], next_after=next_after)


@router.get("platforms/{platform_id}/records", response=RecordPage, summary="平台的协商记录")
def record_list(request: HttpRequest, platform_id: int, q: Query[GrassrootsCommitteeQuery]) -> RecordPage:
    platform = get_platform_for_user(request.user, platform_id, q.committee)
    page, next_after = keyset(Record.objects.filter(platform=platform), q.after, q.limit)
    return RecordPage(items=[_record_out(r) for r in page], next_after=next_after)


@router.post(
    "platforms/{platform_id}/records", response=PlatformRecordOut, summary="开始一次平台协商（确定议题）"
)
def record_open(request: HttpRequest, platform_id: int, body: OpenIn) -> PlatformRecordOut:
    platform = get_platform_for_user(request.user, platform_id, body.committee)
    rec = services.record_open(
        platform=platform, by=request.user, title=body.title, note=body.note, done_on=body.done_on
    )
    return _record_out(rec)


@router.post("records/{record_id}/steps", response=PlatformRecordOut, summary="完成下一步骤")
def record_step(request: HttpRequest, record_id: int, body: StepIn) -> PlatformRecordOut:
    rec = Record.objects.filter(pk=record_id, committee_id=body.committee).first()
    if rec is None:
        raise HttpError(404, "未找到该记录")
    rec.platform = get_platform_for_user(request.user, rec.platform_id, body.committee)
    members = list(Member.objects.filter(committee_id=body.committee, pk__in=body.member_ids))
    if len(members) != len(set(body.member_ids)):
        raise HttpError(422, "参加委员须是本政协委员")
    rec = services.record_advance(
        record=rec, by=request.user, note=body.note, done_on=body.done_on, participants=body.participants,
        members=members,
    )  # fmt: skip
    return _record_out(rec)


@router.post("platforms/{platform_id}/problems", response=ProblemOut, summary="登记群众反映的问题")
def problem_raise(request: HttpRequest, platform_id: int, body: ProblemIn) -> ProblemOut:
    platform = get_platform_for_user(request.user, platform_id, body.committee)
    rec = None
    if body.record_id is not None:
        rec = Record.objects.filter(pk=body.record_id, platform=platform).first()
        if rec is None:
            raise HttpError(404, "未找到该记录")
    problem = services.problem_raise(platform=platform, by=request.user, text=body.text, record=rec)
    return _problem_out(problem)


@router.post(
    "problems/{problem_id}/resolve", response=ProblemOut, summary="办结问题（解决、转社情民意或转提案线索）"
)
def problem_resolve(request: HttpRequest, problem_id: int, body: ResolveIn) -> ProblemOut:
    problem = Problem.objects.filter(pk=problem_id, committee_id=body.committee).first()
    if problem is None:
        raise HttpError(404, "未找到该记录")
    problem.platform = get_platform_for_user(request.user, problem.platform_id, body.committee)
    problem = services.problem_resolve(
        problem=problem, by=request.user, state=body.state, outcome=body.outcome
    )
    return _problem_out(problem)


@router.post("platforms/{platform_id}/visits", response=VisitOut, summary="委员登记走访")
def visit_record(request: HttpRequest, platform_id: int, body: VisitIn) -> VisitOut:
    platform = get_platform_for_user(request.user, platform_id, body.committee)
    member = (
        Member.objects.filter(pk__in=my_member_ids(request.user), committee_id=body.committee)
        .select_related("person")
        .first()
    )
    if member is None:
        raise HttpError(404, "未找到该记录")
    visit: Visit = services.visit_record(
        platform=platform, member=member, by=request.user, visited_on=body.visited_on, people_met=body.people_met,
        summary=body.summary, problems=body.problems,
    )  # fmt: skip
    return VisitOut(
        id=visit.pk, platform_id=platform.pk, visited_on=visit.visited_on, people_met=visit.people_met,
        summary=visit.summary,
    )  # fmt: skip


class PhotoIn(Schema):
    committee: int
    step: str = Field("", max_length=10, description="已完成的步骤；不填为最近完成的步骤")


class PhotoOut(Schema):
    id: int
    record_id: int
    step: str
    file_name: str


@router.post(
    "records/{record_id}/photos",
    response={201: PhotoOut},
    summary="为已完成的步骤上传一张现场照片（multipart，JPG/PNG）",
)
def photo_upload(
    request: HttpRequest, record_id: int, payload: Form[PhotoIn], photo: File[UploadedFile]
) -> Status[PhotoOut]:
    rec = Record.objects.filter(pk=record_id, committee_id=payload.committee).first()
    if rec is None:
        raise HttpError(404, "未找到该记录")
    rec.platform = get_platform_for_user(request.user, rec.platform_id, payload.committee)
    saved: list[Photo] = services.photos_add(record=rec, by=request.user, photos=[photo], step=payload.step)
    p = saved[0]
    return Status(201, PhotoOut(id=p.pk, record_id=rec.pk, step=p.step, file_name=p.file_name))
