"""Every write of surveys: the office builds a questionnaire and its audience, opens it (the
audience is told), reminds those who have not answered, closes it; a respondent answers once.

An anonymous answer is stored without any link to the person: the `Response` has no user or member
and only the day; the audit event names the survey, never the response; the `Participation` that
records "has answered" names no response."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.context import client_ip
from zhengxie.audit.services import record
from zhengxie.consultations.models import Consultation
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit, Member, RoleAssignment, Sector, SpecialCommittee
from zhengxie.org.roles import UNIT_ROLES
from zhengxie.search.index import reindex

from . import tallies
from .models import Answer, Audience, Participation, Question, Response, Survey
from .permissions import is_asked, is_office, member_of

S = Survey.State
K = Question.Kind
MAX_QUESTIONS = 50
MAX_CHOICES = 20
TEXT_MAX = 2000


@dataclass
class SurveyDraft:
    title: str
    description: str
    closes_at: datetime | None
    anonymous: bool = True
    all_members: bool = False
    sectors: Sequence[Sector] = field(default_factory=tuple)
    special_committees: Sequence[SpecialCommittee] = field(default_factory=tuple)
    units: Sequence[HandlingUnit] = field(default_factory=tuple)
    consultation: Consultation | None = None
    public: bool = False


def _office(survey: Survey, by: Any) -> None:
    if not is_office(by, survey):
        raise DomainError("只有政协机关工作人员可以管理问卷")


def survey_create(*, committee_id: int, by: Any, data: SurveyDraft) -> Survey:
    problems = []
    title = strip_control(data.title or "").strip()
    if not title:
        problems.append("请填写问卷标题")
    elif len(title) > 100:
        problems.append("问卷标题不能超过100个字")
    if len(data.description or "") > 2000:
        problems.append("说明不能超过2000个字")
    if data.closes_at is None:
        problems.append("请填写截止时间")
    elif data.closes_at <= timezone.now():
        problems.append("截止时间须晚于现在")
    if not (data.all_members or data.sectors or data.special_committees or data.units or data.public):
        problems.append("请选择调查对象：全体委员、界别、专委会、承办单位或社会公众")
    if data.public and not data.anonymous:
        problems.append("面向社会公众的问卷只能匿名")
    for chosen, label in (
        (data.sectors, "界别"),
        (data.special_committees, "专委会"),
        (data.units, "承办单位"),
    ):
        if any(r.committee_id != committee_id for r in chosen):
            problems.append(f"{label}须属于本政协")
    if data.consultation is not None and data.consultation.committee_id != committee_id:
        problems.append("协商须是本政协的协商")
    if problems or data.closes_at is None:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        survey = Survey.objects.create(
            committee_id=committee_id,
            title=title,
            description=strip_control(data.description or "").strip(),
            anonymous=data.anonymous,
            public=data.public,
            closes_at=data.closes_at,
            consultation=data.consultation,
            created_by=by,
        )
        rows: list[Audience] = [Audience(survey=survey)] if data.all_members else []
        if not data.all_members:
            rows += [Audience(survey=survey, sector=s) for s in data.sectors]
            rows += [Audience(survey=survey, special_committee=s) for s in data.special_committees]
        rows += [Audience(survey=survey, unit=u) for u in data.units]
        Audience.objects.bulk_create(rows)
        record(
            action="surveys.survey.created",
            obj=survey,
            by=by,
            data={
                "anonymous": survey.anonymous,
                "public": survey.public,
                "consultation": survey.consultation_id,
            },
        )
        reindex("survey", survey.pk)
    return survey


@dataclass
class QuestionDraft:
    kind: str
    text: str
    required: bool = True
    choices: Sequence[str] = field(default_factory=tuple)
    scale_max: int = 5
    show_if: Question | None = None
    show_if_choice: int | None = None


def question_add(*, survey: Survey, by: Any, data: QuestionDraft) -> Question:
    _office(survey, by)
    if survey.state != S.DRAFT:
        raise DomainError("问卷已发布，不能再修改题目")
    problems = []
    text = strip_control(data.text or "").strip()
    choices = [strip_control(c).strip()[:100] for c in data.choices if strip_control(c).strip()]
    if data.kind not in K.values:
        problems.append("请选择题型")
    if not text:
        problems.append("请填写题目")
    elif len(text) > 300:
        problems.append("题目不能超过300个字")
    if data.kind in (K.SINGLE, K.MULTIPLE):
        if len(choices) < 2:
            problems.append("选择题至少要有两个选项")
        elif len(choices) > MAX_CHOICES:
            problems.append(f"选项不能超过{MAX_CHOICES}个")
        elif len(set(choices)) != len(choices):
            problems.append("选项不能重复")
    else:
        choices = []
    if data.kind == K.SCALE and not 2 <= data.scale_max <= 10:
        problems.append("量表最高分须在2到10之间")
    if data.show_if is not None:
        if data.show_if.survey_id != survey.pk or data.show_if.kind != K.SINGLE:
            problems.append("前置题须是本问卷中的单选题")
        elif not data.show_if_choice or not 1 <= data.show_if_choice <= len(data.show_if.choices):
            problems.append("请选择前置题的选项")
    if Question.objects.filter(survey=survey).count() >= MAX_QUESTIONS:
        problems.append(f"一份问卷不能超过{MAX_QUESTIONS}题")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        number = (Question.objects.filter(survey=survey).aggregate(n=Max("number"))["n"] or 0) + 1
        question = Question.objects.create(
            survey=survey,
            number=number,
            kind=data.kind,
            text=text,
            required=data.required,
            choices=choices,
            scale_max=data.scale_max if data.kind == K.SCALE else 5,
            show_if=data.show_if,
            show_if_choice=data.show_if_choice if data.show_if else None,
        )
        record(action="surveys.question.added", obj=survey, by=by, data={"number": number, "kind": data.kind})
    return question


def question_delete(*, survey: Survey, question: Question, by: Any) -> None:
    _office(survey, by)
    if survey.state != S.DRAFT:
        raise DomainError("问卷已发布，不能再修改题目")
    if question.survey_id != survey.pk:
        raise DomainError("该题不属于本问卷")
    if Question.objects.filter(show_if=question).exists():
        raise DomainError("有题目以此题为前置题，请先删除那些题目")
    with transaction.atomic():
        number = question.number
        question.delete()
        for later in Question.objects.filter(survey=survey, number__gt=number).order_by("number"):
            Question.objects.filter(pk=later.pk).update(number=later.number - 1)
        record(action="surveys.question.deleted", obj=survey, by=by, data={"number": number})


def _move(survey: Survey, by: Any, *, frm: str, to: str, action: str) -> Survey:
    if not Survey.objects.filter(pk=survey.pk, state=frm).update(
        state=to, **({"opened_at": timezone.now()} if to == S.OPEN else {})
    ):
        raise DomainError("此问卷已被他人处理，请刷新")
    survey.state = to
    record(action=action, obj=survey, by=by)
    reindex("survey", survey.pk)
    return survey


def survey_open(*, survey: Survey, by: Any) -> Survey:
    _office(survey, by)
    if survey.state != S.DRAFT:
        raise DomainError("问卷已发布")
    if not Question.objects.filter(survey=survey).exists():
        raise DomainError("问卷还没有题目")
    if survey.closes_at <= timezone.now():
        raise DomainError("截止时间已过，请先修改截止时间")
    with transaction.atomic():
        _move(survey, by, frm=S.DRAFT, to=S.OPEN, action="surveys.survey.opened")
        tallies.rebuild(survey)
        from .tasks import tell_audience

        transaction.on_commit(lambda: tell_audience.enqueue(survey.pk, "open"))
    return survey


def survey_close(*, survey: Survey, by: Any) -> Survey:
    _office(survey, by)
    if survey.state != S.OPEN:
        raise DomainError("只有进行中的问卷可以结束")
    with transaction.atomic():
        return _move(survey, by, frm=S.OPEN, to=S.CLOSED, action="surveys.survey.closed")


def survey_remind(*, survey: Survey, by: Any) -> None:
    """Queue a reminder to everyone asked who has not answered (at most one a day)."""
    _office(survey, by)
    if not is_open(survey):
        raise DomainError("只有进行中的问卷可以提醒")
    with transaction.atomic():
        record(action="surveys.survey.reminded", obj=survey, by=by)
        from .tasks import tell_audience

        transaction.on_commit(lambda: tell_audience.enqueue(survey.pk, "remind"))


def audience_users(survey: Survey) -> QuerySet[Any]:
    """User ids of everyone the survey asks (members with accounts, handling units' accounts)."""
    rows = list(survey.audience.all())
    ids = Member.objects.none().values_list("person__user_id", flat=True)
    member_rows = [r for r in rows if r.unit_id is None]
    if member_rows:
        members = Member.objects.filter(
            committee_id=survey.committee_id, is_active=True, person__user__isnull=False
        )
        if not any(r.sector_id is None and r.special_committee_id is None for r in member_rows):
            from django.db.models import Q

            members = members.filter(
                Q(sector_id__in=[r.sector_id for r in member_rows if r.sector_id])
                | Q(
                    special_committee_id__in=[
                        r.special_committee_id for r in member_rows if r.special_committee_id
                    ]
                )
            )
        ids = members.values_list("person__user_id", flat=True)
    unit_ids = [r.unit_id for r in rows if r.unit_id]
    users = get_user_model().objects.filter(pk__in=ids)
    if unit_ids:
        users = users | get_user_model().objects.filter(
            pk__in=RoleAssignment.objects.filter(
                committee_id=survey.committee_id, role__in=UNIT_ROLES, handling_unit_id__in=unit_ids
            ).values("user_id")
        )
    return users.filter(is_active=True).distinct()


def tell(survey_id: int, why: str) -> int:
    """The job's work: notices to the audience ("open") or to those who have not answered
    ("remind", keyed per day so a rerun the same day sends nothing twice)."""
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or survey.state != S.OPEN:
        return 0
    users = audience_users(survey)
    if why == "remind":
        users = users.exclude(pk__in=Participation.objects.filter(survey=survey).values("user_id"))
        key, title = (
            f"surveys.remind:{survey.pk}:{timezone.localdate():%Y%m%d}",
            f"请填写问卷：{survey.title[:40]}",
        )
    else:
        key, title = f"surveys.open:{survey.pk}", f"新问卷：{survey.title[:40]}"
    body = f"截止时间：{timezone.localtime(survey.closes_at):%Y-%m-%d %H:%M}"
    url = reverse("surveys:answer", args=[survey.pk])
    sent = 0
    for user in users.only("pk").iterator(chunk_size=2000):
        notify(
            recipient=user,
            key=f"{key}:{user.pk}",
            title=title,
            body=body,
            url=url,
            committee_id=survey.committee_id,
        )
        sent += 1
    return sent


def is_open(survey: Survey) -> bool:
    return survey.state == S.OPEN and survey.closes_at > timezone.now()


def visible_questions(questions: Sequence[Question], chosen: Mapping[int, set[int]]) -> list[Question]:
    """The questions shown for these single-choice answers (branching)."""
    return [
        q
        for q in questions
        if q.show_if_id is None
        or (q.show_if_choice is not None and q.show_if_choice in chosen.get(q.show_if_id, set()))
    ]


def _tally_keys(rows: Sequence[Answer]) -> set[tuple[int, int]]:
    keys = {(a.question_id, 0) for a in rows}
    return keys | {(a.question_id, a.value) for a in rows if a.value is not None}


def response_submit(*, survey: Survey, by: Any, answers: Mapping[int, Sequence[str]]) -> None:
    """Answer the survey once. `answers`: question id → the submitted values (choice numbers as
    text, a scale value, or one text). Every answer is checked before anything is stored."""
    if not is_asked(by, survey):
        raise DomainError("您不在本问卷的调查对象中")
    if not is_open(survey):
        raise DomainError("问卷已结束，不能再填写")
    if Participation.objects.filter(survey=survey, user=by).exists():
        raise DomainError("您已填写过本问卷")
    shown, parsed, texts = _checked(survey, answers)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Participation.objects.create(survey=survey, user=by)
        except IntegrityError as exc:
            raise DomainError("您已填写过本问卷") from exc
        response = _store(
            survey,
            shown,
            parsed,
            texts,
            respondent=None if survey.anonymous else by,
            member_id=None if survey.anonymous else member_of(by, survey.committee_id),
        )
        # The event says who answered which survey — for an anonymous one never which answer.
        record(
            action="surveys.survey.answered",
            obj=survey,
            by=by,
            data={} if survey.anonymous else {"response": str(response.pk)},
        )


def response_submit_public(*, survey: Survey, answers: Mapping[int, Sequence[str]]) -> None:
    """An answer from the public page (no login): nothing about the person is stored — no
    account, no address, only the day; the page limits answers per address beforehand."""
    if not survey.public or survey.state == S.DRAFT:
        raise DomainError("该问卷不面向社会公众")
    if not is_open(survey):
        raise DomainError("问卷已结束，不能再填写")
    shown, parsed, texts = _checked(survey, answers)
    with transaction.atomic():
        _store(survey, shown, parsed, texts, respondent=None, member_id=None)
        # The event names the survey only: not even the client's address is kept with it.
        token = client_ip.set(None)
        try:
            record(action="surveys.survey.answered_public", obj=survey, by=None, data={})
        finally:
            client_ip.reset(token)


def _checked(
    survey: Survey, answers: Mapping[int, Sequence[str]]
) -> tuple[list[Question], dict[int, list[int]], dict[int, str]]:
    """(the questions shown, choice values, texts) of valid answers, or a DomainError naming each
    wrong question; nothing is stored either way."""
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    parsed: dict[int, list[int]] = {}
    texts: dict[int, str] = {}
    problems: list[str] = []
    for q in questions:
        raw = [strip_control(v or "").strip() for v in answers.get(q.pk, ())]
        raw = [v for v in raw if v]
        if q.kind == K.TEXT:
            text = raw[0] if raw else ""
            if len(text) > TEXT_MAX:
                problems.append(f"第{q.number}题：回答不能超过{TEXT_MAX}个字")
            texts[q.pk] = text
            continue
        top = q.scale_max if q.kind == K.SCALE else len(q.choices)
        low = 1
        values = []
        for v in raw:
            if not v.isdigit() or not low <= int(v) <= top:
                problems.append(f"第{q.number}题：选项无效")
                break
            values.append(int(v))
        if q.kind != K.MULTIPLE and len(values) > 1:
            problems.append(f"第{q.number}题：只能选一项")
        parsed[q.pk] = sorted(set(values))
    chosen = {q.pk: set(parsed.get(q.pk, [])) for q in questions if q.kind == K.SINGLE}
    shown = visible_questions(questions, chosen)
    for q in shown:
        if q.required and not (parsed.get(q.pk) or texts.get(q.pk)):
            problems.append(f"第{q.number}题为必答题")
    if problems:
        raise DomainError("；".join(dict.fromkeys(problems)))
    return shown, parsed, texts


def _store(
    survey: Survey,
    shown: Sequence[Question],
    parsed: Mapping[int, list[int]],
    texts: Mapping[int, str],
    *,
    respondent: Any,
    member_id: int | None,
) -> Response:
    """Write one response, its answers and its counts (inside the caller's transaction)."""
    response = Response.objects.create(
        survey=survey, submitted_on=timezone.localdate(), respondent=respondent, member_id=member_id
    )
    rows: list[Answer] = []
    for q in shown:
        if q.kind == K.TEXT:
            if texts.get(q.pk):
                rows.append(Answer(response=response, question=q, text=texts[q.pk]))
        else:
            rows += [Answer(response=response, question=q, value=v) for v in parsed.get(q.pk, [])]
    Answer.objects.bulk_create(rows)
    tallies.count_answer(_tally_keys(rows))
    Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    return response
