"""Pages of the annual plan and of consultations: the office's list with overdue steps, the plan
with its topics, a consultation's eight steps with documents, outcomes (Word), instructions,
feedback and quality ratings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from . import config, documents, selectors
from .forms import (
    ConsultationForm,
    DocumentForm,
    FeedbackForm,
    InstructionForm,
    OutcomeForm,
    PlanForm,
    ScheduleForm,
    TopicDecisionForm,
    TopicForm,
)
from .models import Case, Consultation, Document, Outcome, Plan, Review, Step, Topic
from .permissions import OFFICE_ROLES, get_consultation_for_user, get_office_object, is_office, is_staff
from .services import cases, outcomes, plans, quality, reviews
from .workbench import STAFF_TASKS
from .workflow import ORDER, STEP_LABELS


def office(request: HttpRequest, *roles: str) -> int:
    """The current committee, if the user is its activity staff (or a leader); else 404."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, *(roles or OFFICE_ROLES)):
        raise Http404
    return committee_id


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    state = request.GET.get("state", "")
    if state and state != "overdue" and state not in ORDER:
        state = ""
    rows = selectors.consultations(committee_id, state=state)
    task = STAFF_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    page = keyset_page(request, rows)
    today = timezone.localdate()
    for c in page.items:
        c.overdue = plans.is_overdue(c, today)  # type: ignore[attr-defined]
    context = {
        "page": page,
        "task": task,
        "state": state,
        "steps": Step.choices,
        "is_staff": is_staff(request.user, committee_id),
        "special": selectors.special_shortfall(committee_id, today.year),
    }
    return render_page(request, "consultations/index.html", context)


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    committee_id = office(request, Role.ACTIVITY_STAFF)
    form = ConsultationForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = plans.consultation_create(
                committee_id=committee_id, by=request.user, title=d["title"], form=d["form"],
                lead=d["lead"], meeting_on=d["meeting_on"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "协商已创建")
            return redirect("consultations:consultation_detail", c.pk)
    return render(request, "consultations/form.html", {"form": form, "title": "新建协商"})


# --- the annual plan -----------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and is_staff(request.user, committee_id) and form.is_valid():
        try:
            plan = plans.plan_create(
                committee_id=committee_id, year=form.cleaned_data["year"], by=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("consultations:plan_detail", plan.pk)
    rows = Plan.objects.filter(committee_id=committee_id).order_by("-year")[:50]
    return render(request, "consultations/plan_list.html", {"plans": rows, "form": form})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan: Plan = get_office_object(Plan, request.user, pk)
    committee_id = plan.committee_id
    topic_form = TopicForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and is_staff(request.user, committee_id) and topic_form.is_valid():
        d = topic_form.cleaned_data
        if attempt(
            request,
            lambda: plans.topic_suggest(
                plan=plan,
                by=request.user,
                title=d["title"],
                source_kind=d["source_kind"],
                reason=d["reason"],
                party=d["party"],
                special_committee=d["special_committee"],
            ),
            "议题已登记",
        ):
            return redirect("consultations:plan_detail", plan.pk)
    topics = list(
        Topic.objects.filter(plan=plan)
        .select_related("party", "special_committee", "member__person", "form", "lead")
        .order_by("id")[:300]
    )
    context = {
        "plan": plan,
        "topics": topics,
        "topic_form": topic_form,
        # Rendered once for every row (a bound select per row would query per row).
        "form_choices": [(f.pk, f.name) for f in config.forms_for(committee_id)],
        "lead_choices": list(
            SpecialCommittee.objects.filter(committee_id=committee_id)
            .order_by("order")
            .values_list("pk", "name")
        ),
        "is_staff": is_staff(request.user, committee_id),
        "is_leader": has_role(request.user, committee_id, Role.LEADER),
        "consultations": Consultation.objects.filter(plan=plan).select_related("form").order_by("id")[:300],
        "special": selectors.special_shortfall(committee_id, plan.year),
    }
    return render(request, "consultations/plan_detail.html", context)


@login_required
@require_POST
def plan_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan: Plan = get_office_object(Plan, request.user, pk)
    note = request.POST.get("note", "")
    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "submit": (lambda: plans.plan_submit(plan=plan, by=request.user), "已报请审定"),
        "approve": (
            lambda: plans.plan_approve(plan=plan, by=request.user, note=note),
            "计划已审定，各议题已转为协商",
        ),
        "return": (lambda: plans.plan_return(plan=plan, by=request.user, note=note), "计划已退回修改"),
    }
    if action not in actions:
        raise Http404
    attempt(request, *actions[action])
    return redirect("consultations:plan_detail", plan.pk)


@login_required
@require_POST
def topic_decide(request: HttpRequest, pk: int) -> HttpResponse:
    topic: Topic = get_office_object(Topic, request.user, pk)
    if not is_staff(request.user, topic.committee_id):
        raise Http404
    include = request.POST.get("include") == "1"
    form = TopicDecisionForm(request.POST, committee_id=topic.committee_id)
    if not form.is_valid():
        messages.error(request, "请检查协商形式、牵头专委会和计划月份")
    else:
        d = form.cleaned_data
        attempt(
            request,
            lambda: plans.topic_decide(
                topic=topic,
                by=request.user,
                include=include,
                form=d["form"],
                lead=d["lead"],
                planned_month=d["planned_month"],
            ),
            "已列入计划" if include else "已标记为未列入",
        )
    return redirect("consultations:plan_detail", topic.plan_id)


# --- one consultation ----------------------------------------------------------------------------


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    office_user = is_office(request.user, c.committee_id)
    rules = config.step_rules(c.committee_id)
    current = ORDER.index(c.state)
    steps = [
        {
            "code": s,
            "label": STEP_LABELS[s],
            "done": i < current,
            "current": i == current,
            "rule": rules.get(s),
        }
        for i, s in enumerate(ORDER)
    ]
    outcome_rows = selectors.outcomes_of(c)
    if not office_user:
        # Participants read what was sent out, not the office's drafts.
        outcome_rows = [o for o in outcome_rows if o.submitted_at is not None]
    context: dict[str, Any] = {
        "c": c,
        "steps": steps,
        "outcomes": outcome_rows,
        "office": office_user,
        "is_staff": is_staff(request.user, c.committee_id),
        "overdue": plans.is_overdue(c),
    }
    instructions = selectors.instructions_of(outcome_rows)
    for o in outcome_rows:
        o.instruction_rows = instructions.get(o.pk, [])  # type: ignore[attr-defined]
    if office_user:
        context.update(
            documents=list(c.documents.order_by("id")[:200]),
            timeline=selectors.timeline(c),
            activities=list(c.activities.order_by("starts_at")[:200]),
            deliberations=list(c.deliberations.order_by("id")[:200]),
            document_form=DocumentForm(),
            schedule_form=ScheduleForm(initial={"meeting_on": c.meeting_on}),
            outcome_form=OutcomeForm(),
            feedback_form=FeedbackForm(),
            today=timezone.localdate(),
            rubric=config.rubric_for(c.committee_id),
            my_rating=c.ratings.filter(rater_id=request.user.pk).first(),
            rating=selectors.rating_summary(c),
            ratable=c.state in quality.RATABLE,
            reviews=list(c.reviews.select_related("reviewer").order_by("kind", "id")[:100]),
            review_kinds=[
                (k, label) for k, label in Review.Kind.choices if reviews.STEP_OF[Review.Kind(k)] == c.state
            ],
            reviewer_choices=(
                list(reviews.reviewers_of(c.committee_id)[:200])
                if is_staff(request.user, c.committee_id)
                else []
            ),
            case=Case.objects.filter(consultation=c).first(),
            case_ready=c.state in cases.FINISHED,
        )
    return render(request, "consultations/consultation_detail.html", context)


@login_required
@require_POST
def consultation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    c: Consultation = get_office_object(Consultation, request.user, pk)
    by = request.user
    if action != "rate" and not is_staff(request.user, c.committee_id):
        raise Http404  # leaders rate; only activity staff do the office's work
    if action == "advance":
        attempt(request, lambda: plans.consultation_advance(consultation=c, by=by), "已进入下一步骤")
    elif action == "schedule":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: plans.consultation_schedule(
                    consultation=c, by=by, meeting_on=form.cleaned_data["meeting_on"]
                ),
                "会议日期已确定",
            )
        else:
            messages.error(request, "请填写正确的会议日期")
    elif action == "document":
        doc_form = DocumentForm(request.POST, request.FILES)
        if doc_form.is_valid():
            attempt(
                request,
                lambda: plans.document_add(consultation=c, by=by, **doc_form.cleaned_data),
                "材料已添加",
            )
        else:
            messages.error(request, "请填写材料类型和标题")
    elif action == "outcome":
        outcome_form = OutcomeForm(request.POST)
        if outcome_form.is_valid():
            attempt(
                request,
                lambda: outcomes.outcome_create(consultation=c, by=by, **outcome_form.cleaned_data),
                "成果已起草",
            )
        else:
            messages.error(request, "请填写成果类型、标题和正文")
    elif action == "review":
        attempt(
            request,
            lambda: reviews.review_request(
                consultation=c,
                by=by,
                kind=request.POST.get("kind", ""),
                reviewer_ids=request.POST.getlist("reviewers"),
            ),
            "已送评审，评审人会收到通知",
        )
    elif action == "rate":
        scores = {k[6:]: v for k, v in request.POST.items() if k.startswith("score_")}
        attempt(
            request,
            lambda: quality.rating_save(
                consultation=c, by=by, scores=scores, comment=request.POST.get("comment", "")
            ),
            "评分已保存",
        )
    else:
        raise Http404
    return redirect("consultations:consultation_detail", c.pk)


@login_required
@require_POST
def outcome_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    o: Outcome = get_office_object(Outcome, request.user, pk)
    by = request.user
    if not is_staff(request.user, o.committee_id):
        raise Http404
    if action == "submit":
        attempt(request, lambda: outcomes.outcome_submit(outcome=o, by=by), "成果已报送")
    elif action == "instruction":
        form = InstructionForm(request.POST, committee_id=o.committee_id)
        if form.is_valid():
            attempt(
                request,
                lambda: outcomes.outcome_instruction(outcome=o, by=by, **form.cleaned_data),
                "批示已登记，督办事项已立项待审核",
            )
        else:
            messages.error(request, "请填写批示领导、批示内容、落实单位和时限")
    elif action == "feedback":
        fb_form = FeedbackForm(request.POST)
        if fb_form.is_valid():
            attempt(
                request,
                lambda: outcomes.outcome_feedback(outcome=o, by=by, **fb_form.cleaned_data),
                "反馈已登记并通知参加委员",
            )
        else:
            messages.error(request, "请选择采纳情况并填写反馈")
    else:
        raise Http404
    return redirect("consultations:consultation_detail", o.consultation_id)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    doc: Document = get_office_object(Document, request.user, pk)
    if not doc.file:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)


@login_required
def outcome_docx(request: HttpRequest, pk: int) -> HttpResponse:
    o: Outcome = get_office_object(Outcome, request.user, pk)
    return documents.outcome_document(o).response(f"{o.title}.docx")


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    return render(request, "consultations/ratings.html", {"years": selectors.yearly_ratings(committee_id)})
