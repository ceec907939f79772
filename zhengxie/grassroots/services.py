"""Every write of grassroots work: the committee's platform steps, township groups and their
conveners, platforms with their "五有" profile, members assigned to platforms, platform
consultations recorded step by step with photos, problems and what became of them, and members'
visits.

A platform consultation reaching its meeting step is recorded through consultations'
`platform_activity_record`, so the members who took part score 基层协商 (A04) in the duty ledger
exactly as before. A problem passed on as 社情民意 becomes an incoming item in the information
office's queue through opinions' `receive_referral`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record as audit
from zhengxie.consultations.models import Platform, PlatformActivity, Step
from zhengxie.consultations.services import quality
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.notices.services import notify
from zhengxie.opinions.intake import receive_referral
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.proposals.services.submission import ProposalData, draft_for_member
from zhengxie.search.index import reindex

from .models import (
    Assignment,
    Convener,
    Group,
    Photo,
    Problem,
    Profile,
    Record,
    StepEntry,
    StepSetting,
    Visit,
)
from .permissions import can_run

ORDER = [s.value for s in Step]
# The steps a platform walks unless the committee chooses otherwise: 确定议题, 前期调研, 召开会议,
# 反馈结果, 形成档案 — the eight steps as a township can carry them out.
DEFAULT_STEPS = [
    Step.TOPIC.value,
    Step.RESEARCH.value,
    Step.MEETING.value,
    Step.FEEDBACK.value,
    Step.ARCHIVED.value,
]
REQUIRED_STEPS = {Step.TOPIC.value, Step.MEETING.value, Step.ARCHIVED.value}
MAX_PHOTOS = 6
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}
PS = Problem.State


def _staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def _runner(by: Any, platform: Platform) -> None:
    if not can_run(by, platform):
        raise NotAllowed()


# --- settings, groups, conveners -----------------------------------------------------------------


def steps_for(committee_id: int) -> list[str]:
    setting = StepSetting.objects.filter(committee_id=committee_id).first()
    return list(setting.steps) if setting and setting.steps else list(DEFAULT_STEPS)


def steps_save(*, committee_id: int, by: Any, steps: Iterable[str]) -> list[str]:
    _staff(by, committee_id)
    chosen = set(steps)
    if chosen - set(ORDER):
        raise DomainError("步骤只能从八个步骤中选择")
    if not chosen >= REQUIRED_STEPS:
        raise DomainError("确定议题、召开会议、形成档案三个步骤不能省略")
    ordered = [s for s in ORDER if s in chosen]
    with transaction.atomic():
        StepSetting.objects.update_or_create(committee_id=committee_id, defaults={"steps": ordered})
        audit(action="grassroots.steps.changed", by=by, committee_id=committee_id, data={"steps": ordered})
    return ordered


def group_create(*, committee_id: int, by: Any, name: str, township: str) -> Group:
    _staff(by, committee_id)
    name, township = name.strip(), township.strip()
    if not name or len(name) > 100:
        raise DomainError("请填写活动小组名称（不超过100个字）")
    if not township or len(township) > 50:
        raise DomainError("请填写所在乡镇（街道）（不超过50个字）")
    try:
        with transaction.atomic():
            group = Group.objects.create(committee_id=committee_id, name=name, township=township)
            audit(action="grassroots.group.created", obj=group, by=by, data={"township": township})
    except IntegrityError:
        raise DomainError("已有同名的活动小组") from None
    return group


def convener_appoint(*, group: Group, by: Any, user: Any, appointed_on: date | None = None) -> Convener:
    """The office appoints a convener to a group. The account must hold the convener role, which
    the security administrator grants (the office cannot give anyone a role)."""
    _staff(by, group.committee_id)
    if not has_role(user, group.committee_id, Role.CONVENER):
        raise DomainError("该账号尚未被授予“乡镇活动召集人”角色，请先由安全管理员授权")
    existing = Convener.objects.filter(group=group, user=user).first()
    if existing is not None and existing.is_active:
        raise DomainError("该召集人已在本活动小组任职")
    with transaction.atomic():
        if existing is not None:
            Convener.objects.filter(pk=existing.pk).update(is_active=True)
            convener = existing
        else:
            convener = Convener.objects.create(
                committee_id=group.committee_id, group=group, user=user,
                appointed_on=appointed_on or timezone.localdate(),
            )  # fmt: skip
        audit(action="grassroots.convener.appointed", obj=convener, by=by, data={"group": group.pk})
        notify(
            recipient=user, key=f"grassroots.convener.{convener.pk}", title=f"您已任{group.name}召集人",
            body="请在“基层协商”中查看本组平台，记录协商活动", url=reverse("grassroots:index"),
            committee_id=group.committee_id,
        )  # fmt: skip
    return convener


def convener_release(*, convener: Convener, by: Any) -> None:
    _staff(by, convener.committee_id)
    with transaction.atomic():
        Convener.objects.filter(pk=convener.pk).update(is_active=False)
        audit(action="grassroots.convener.released", obj=convener, by=by)


# --- platforms -----------------------------------------------------------------------------------


def platform_create(
    *,
    committee_id: int,
    by: Any,
    name: str,
    level: str,
    township: str,
    village: str = "",
    group: Group | None = None,
) -> Platform:
    """A platform of any level, with its (empty) "五有" profile, in the township's group."""
    _staff(by, committee_id)
    if group is not None and group.committee_id != committee_id:
        raise DomainError("活动小组不属于本政协")
    with transaction.atomic():
        platform = quality.platform_create(
            committee_id=committee_id, by=by, name=name, level=level, township=township, village=village
        )
        Profile.objects.create(committee_id=committee_id, platform=platform, group=group)
    return platform


def profile_of(platform: Platform) -> Profile:
    try:
        return platform.profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(committee_id=platform.committee_id, platform=platform)
        return profile


def profile_save(
    *,
    platform: Platform,
    by: Any,
    convener_name: str,
    venue: str,
    has_sign: bool,
    system: str,
    has_archive: bool,
    group: Group | None = None,
    set_group: bool = False,
) -> Profile:
    """Record the platform's "五有"; only the office moves a platform to another group."""
    _runner(by, platform)
    convener_name, venue, system = convener_name.strip(), venue.strip(), system.strip()
    problems = []
    if len(convener_name) > 50:
        problems.append("召集人不能超过50个字")
    if len(venue) > 100:
        problems.append("活动场所不能超过100个字")
    if len(system) > 300:
        problems.append("活动制度和内容不能超过300个字")
    if set_group and group is not None and group.committee_id != platform.committee_id:
        problems.append("活动小组不属于本政协")
    if problems:
        raise DomainError("；".join(problems))
    if set_group and not has_role(by, platform.committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    profile = profile_of(platform)
    fields: dict[str, Any] = {
        "convener_name": convener_name, "venue": venue, "has_sign": has_sign, "system": system,
        "has_archive": has_archive,
    }  # fmt: skip
    if set_group:
        fields["group"] = group
    with transaction.atomic():
        Profile.objects.filter(pk=profile.pk).update(updated_at=timezone.now(), **fields)
        audit(
            action="grassroots.profile.saved",
            obj=platform,
            by=by,
            data={k: str(v) for k, v in fields.items()},
        )
    profile.refresh_from_db()
    return profile


def members_assign(*, platform: Platform, by: Any, members: Iterable[Member]) -> int:
    _staff(by, platform.committee_id)
    members = list(dict.fromkeys(members))
    if not members:
        raise DomainError("请选择委员")
    if any(m.committee_id != platform.committee_id for m in members):
        raise DomainError("只能安排本政协的委员")
    already = set(Assignment.objects.filter(platform=platform).values_list("member_id", flat=True))
    new = [m for m in members if m.pk not in already]
    with transaction.atomic():
        Assignment.objects.bulk_create(
            [Assignment(committee_id=platform.committee_id, platform=platform, member=m) for m in new],
            ignore_conflicts=True,
        )
        audit(
            action="grassroots.members.assigned", obj=platform, by=by, data={"members": [m.pk for m in new]}
        )
        for m in Member.objects.filter(pk__in=[m.pk for m in new]).select_related("person__user"):
            if m.person.user_id:
                notify(
                    recipient=m.person.user, key=f"grassroots.assigned.{platform.pk}",
                    title=f"您已被安排联系{platform.name}", body="请定期走访，记录走访情况和群众反映的问题",
                    url=reverse("grassroots:platform", args=[platform.pk]), committee_id=platform.committee_id,
                )  # fmt: skip
    return len(new)


def member_unassign(*, platform: Platform, by: Any, member: Member) -> None:
    _staff(by, platform.committee_id)
    with transaction.atomic():
        deleted, _ = Assignment.objects.filter(platform=platform, member=member).delete()
        if not deleted:
            raise DomainError("该委员未联系本平台")
        audit(action="grassroots.members.unassigned", obj=platform, by=by, data={"member": member.pk})


# --- platform consultations ----------------------------------------------------------------------


def _photos(record: Record, step: str, uploads: Iterable[UploadedFile], by: Any) -> list[Photo]:
    uploads = list(uploads)
    if len(uploads) > MAX_PHOTOS:
        raise DomainError(f"每个步骤最多上传{MAX_PHOTOS}张照片")
    photos = []
    for upload in uploads:
        name = check_attachment(upload, max_bytes=10 * 1024 * 1024, allowed=PHOTO_SUFFIXES)
        photo = Photo(committee_id=record.committee_id, record=record, step=step, file_name=name, by=by)
        photo.file.save(f"{uuid4().hex}{PurePath(name).suffix.lower()}", upload, save=False)
        photos.append(photo)
    return photos


def _text(note: str, what: str, limit: int = 3000) -> str:
    note = note.strip()
    if not note:
        raise DomainError(f"请填写{what}")
    if len(note) > limit:
        raise DomainError(f"{what}不能超过{limit}个字")
    return note


def _saving(photos: list[Photo]) -> None:
    for photo in photos:
        photo.save()


def _drop_files(photos: list[Photo]) -> None:
    for photo in photos:
        if photo.file:
            photo.file.delete(save=False)  # a rollback takes only the rows with it


def record_open(
    *,
    platform: Platform,
    by: Any,
    title: str,
    note: str,
    done_on: date | None = None,
    photos: Iterable[UploadedFile] = (),
) -> Record:
    """Open a platform consultation with its first step (确定议题) done."""
    _runner(by, platform)
    title = title.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写协商议题（不超过200个字）")
    note = _text(note, "议题确定情况")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise DomainError("日期不能晚于今天")
    steps = steps_for(platform.committee_id)
    rec = Record(
        committee_id=platform.committee_id,
        platform=platform,
        title=title,
        steps=steps,
        state=steps[0],
        opened_by=by,
    )
    saved: list[Photo] = []
    try:
        with transaction.atomic():
            rec.save()
            saved = _photos(rec, steps[0], photos, by)
            _saving(saved)
            StepEntry.objects.create(
                committee_id=rec.committee_id, record=rec, step=steps[0], note=note, done_on=done_on, by=by
            )
            audit(action="grassroots.record.opened", obj=rec, by=by, data={"platform": platform.pk})
            reindex("platformrecord", rec.pk)
    except BaseException:
        _drop_files(saved)
        raise
    return rec


def photos_add(*, record: Record, by: Any, photos: Iterable[UploadedFile], step: str = "") -> list[Photo]:
    """Add photos to a step already done (the convener's phone sends them one by one after the
    step is recorded); the latest step when none is named, at most MAX_PHOTOS a step in all."""
    _runner(by, record.platform)
    step = step or record.state
    done = record.steps[: record.steps.index(record.state) + 1] if record.state in record.steps else []
    if step not in done:
        raise DomainError("只能为已完成的步骤上传照片")
    uploads = list(photos)
    if not uploads:
        raise DomainError("请选择照片")
    if Photo.objects.filter(record=record, step=step).count() + len(uploads) > MAX_PHOTOS:
        raise DomainError(f"每个步骤最多上传{MAX_PHOTOS}张照片")
    saved: list[Photo] = []
    try:
        with transaction.atomic():
            saved = _photos(record, step, uploads, by)
            _saving(saved)
            audit(
                action="grassroots.record.photos_added",
                obj=record,
                by=by,
                data={"step": step, "count": len(saved)},
            )
    except BaseException:
        _drop_files(saved)
        raise
    return saved


def record_advance(
    *,
    record: Record,
    by: Any,
    note: str,
    done_on: date | None = None,
    photos: Iterable[UploadedFile] = (),
    participants: int | None = None,
    members: Iterable[Member] = (),
) -> Record:
    """Do the next step. The meeting step records the consultation held (participants, the members
    who took part — each scores A04); the last step archives it."""
    platform = record.platform
    _runner(by, platform)
    step = record.next_step
    if step is None:
        raise DomainError("本次协商已归档")
    note = _text(note, f"“{Step(step).label}”情况")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise DomainError("日期不能晚于今天")
    members = list(members)
    if step == Step.MEETING:
        if participants is None or participants <= 0:
            raise DomainError("请填写参加协商的人数")
    elif members or participants:
        raise DomainError("参加人数和参加委员在“召开会议”步骤填写")
    finished = step == record.steps[-1]
    saved: list[Photo] = []
    try:
        with transaction.atomic():
            updated = Record.objects.filter(pk=record.pk, state=record.state, version=record.version).update(
                state=step, finished=finished, version=F("version") + 1
            )
            if updated != 1:
                raise Conflict()
            activity: PlatformActivity | None = None
            if step == Step.MEETING:
                activity = quality.platform_activity_record(
                    platform=platform, by=by, held_on=done_on, topic=record.title, participants=participants or 0,
                    problems_solved=0, result=note, members=members,
                )  # fmt: skip
                Record.objects.filter(pk=record.pk).update(activity=activity)
            saved = _photos(record, step, photos, by)
            _saving(saved)
            StepEntry.objects.create(
                committee_id=record.committee_id, record=record, step=step, note=note, done_on=done_on, by=by
            )
            audit(action="grassroots.record.step_done", obj=record, by=by, data={"step": step})
            reindex("platformrecord", record.pk)
    except BaseException:
        _drop_files(saved)
        raise
    record.refresh_from_db()
    return record


# --- problems and visits -------------------------------------------------------------------------


def problem_raise(
    *, platform: Platform, by: Any, text: str, record: Record | None = None, visit: Visit | None = None
) -> Problem:
    if visit is None:
        _runner(by, platform)
    if record is not None and record.platform_id != platform.pk:
        raise DomainError("协商不属于本平台")
    text = _text(text, "群众反映的问题", 500)
    with transaction.atomic():
        problem = Problem.objects.create(
            committee_id=platform.committee_id, platform=platform, record=record, visit=visit, text=text,
            raised_on=timezone.localdate(), raised_by=by,
        )  # fmt: skip
        audit(action="grassroots.problem.raised", obj=problem, by=by)
        reindex("platformproblem", problem.pk)
    return problem


def problem_resolve(*, problem: Problem, by: Any, state: str, outcome: str) -> Problem:
    """Solved on the spot, passed on as 社情民意 (an incoming item for the information office), or
    passed to the platform's members as a proposal lead."""
    platform = problem.platform
    _runner(by, platform)
    if state not in (PS.SOLVED, PS.OPINION, PS.PROPOSAL):
        raise DomainError("请选择办理结果：已解决、转社情民意或转提案线索")
    if problem.state != PS.RAISED:
        raise DomainError("该问题已办结")
    outcome = _text(outcome, "办理结果", 500)
    with transaction.atomic():
        updated = Problem.objects.filter(pk=problem.pk, state=PS.RAISED).update(
            state=state, outcome=outcome, resolved_on=timezone.localdate()
        )
        if updated != 1:
            raise Conflict()
        problem.state, problem.outcome = state, outcome
        url = reverse("grassroots:platform", args=[platform.pk])
        if state == PS.OPINION:
            receive_referral(
                committee_id=problem.committee_id, title=f"{platform.name}群众反映：{problem.text[:60]}",
                body=f"{problem.text}\n\n{outcome}", author_member_ids=[], source=problem,
                source_label="基层协商平台", source_url=url, by=by,
            )  # fmt: skip
        elif state == PS.PROPOSAL:
            assigned = Assignment.objects.filter(platform=platform).select_related("member__person__user")
            for a in assigned:
                if a.member.person.user_id:
                    notify(
                        recipient=a.member.person.user, key=f"grassroots.proposal_lead.{problem.pk}",
                        title=f"提案线索：{problem.text[:40]}", body=outcome[:200], url=url,
                        committee_id=problem.committee_id,
                    )  # fmt: skip
        elif problem.record_id is not None:
            _sync_solved(problem.record_id)
        audit(action="grassroots.problem.resolved", obj=problem, by=by, data={"state": state})
        reindex("platformproblem", problem.pk)
    return problem


def problem_to_proposal(*, problem: Problem, by: Any, member: Member, note: str = "") -> Problem:
    """The convener (or the office) turns a problem into a proposal draft for a member assigned to
    the platform: proposals prepares the draft as the member's own, shows its source and tells the
    member; the problem counts as passed on as a proposal and keeps the proposal's id."""
    platform = problem.platform
    _runner(by, platform)
    if problem.state != PS.RAISED:
        raise DomainError("该问题已办结")
    if not Assignment.objects.filter(platform=platform, member=member).exists():
        raise DomainError("请选择联系本平台的委员")
    note = note.strip()
    if len(note) > 500:
        raise DomainError("说明不能超过500个字")
    url = reverse("grassroots:platform", args=[platform.pk])
    situation = f"{platform.name}群众反映：{problem.text}" + (f"\n\n{note}" if note else "")
    with transaction.atomic():
        proposal = draft_for_member(
            committee_id=problem.committee_id, member=member, by=by,
            data=ProposalData(title=f"关于{problem.text[:60]}的提案", situation=situation),
            source_label=f"基层协商平台：{platform.name}", source_url=url,
        )  # fmt: skip
        outcome = note or f"已为{member.person.name}委员生成提案草稿"
        updated = Problem.objects.filter(pk=problem.pk, state=PS.RAISED).update(
            state=PS.PROPOSAL, outcome=outcome, resolved_on=timezone.localdate(), proposal=proposal
        )
        if updated != 1:
            raise Conflict()
        problem.state, problem.outcome, problem.proposal = PS.PROPOSAL, outcome, proposal
        audit(
            action="grassroots.problem.drafted",
            obj=problem,
            by=by,
            data={"member": member.pk, "proposal": proposal.pk},
        )
    return problem


def _sync_solved(record_id: int) -> None:
    """The platform activity's count of problems solved (shown on consultations' platform pages)
    follows the problems solved that its consultation raised."""
    rec = Record.objects.filter(pk=record_id).values_list("activity_id", flat=True).first()
    if rec:
        solved = Problem.objects.filter(record_id=record_id, state=PS.SOLVED).count()
        PlatformActivity.objects.filter(pk=rec).update(problems_solved=solved)


def visit_record(
    *, platform: Platform, member: Member, by: Any, visited_on: date, people_met: int, summary: str,
    problems: Iterable[str] = (),
) -> Visit:  # fmt: skip
    """A member records a visit to the platform he or she is assigned to, with the problems heard."""
    if member.person.user_id != getattr(by, "pk", None):
        raise NotAllowed()
    if not Assignment.objects.filter(platform=platform, member=member).exists():
        raise DomainError("您未被安排联系此平台")
    summary = _text(summary, "走访情况")
    if visited_on > timezone.localdate():
        raise DomainError("走访日期不能晚于今天")
    if people_met < 0 or people_met > 100000:
        raise DomainError("联系群众人数填写有误")
    texts = [t.strip() for t in problems if t.strip()]
    if any(len(t) > 500 for t in texts):
        raise DomainError("每个问题不能超过500个字")
    with transaction.atomic():
        visit = Visit.objects.create(
            committee_id=platform.committee_id, platform=platform, member=member, visited_on=visited_on,
            people_met=people_met, summary=summary,
        )  # fmt: skip
        audit(action="grassroots.visit.recorded", obj=visit, by=by, data={"problems": len(texts)})
        for t in texts:
            problem_raise(platform=platform, by=by, text=t, visit=visit)
    return visit
