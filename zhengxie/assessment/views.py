"""Pages of assessment (考评): the staff's assessments and schemes, an assessment's ranking with its
actions, raters and their progress, a subject's score card with drill-downs, evidence scores and
objections, the raters' own tasks and rating form (phone-sized), and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.config import rubric_for
from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services import quality
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.longwork import latest_for, start
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Committee
from zhengxie.org.scope import get_for_user, require_role

from . import exports, formulas, selectors, services
from .forms import (
    AssignForm,
    DecideForm,
    DefaultsForm,
    EvidenceForm,
    GroupForm,
    IndicatorForm,
    ObjectionForm,
    OpenForm,
    RateForm,
    ReopenForm,
    SchemeForm,
)
from .models import (
    Assessment,
    ConsultationReview,
    Indicator,
    Method,
    Objection,
    Office,
    RaterGroup,
    RaterTask,
    Scheme,
)
from .permissions import (
    MANAGE_ROLES,
    READ_ROLES,
    can_manage,
    get_assessment_for_staff,
    get_subject_for_user,
    get_task_for_rater,
    own_subjects,
)
from .tasks import compute_job
from .workbench import OBJECTION_TASKS, RATE_TASKS

S = Assessment.State


def _committee(request: HttpRequest) -> int:
    return int(request.committee_id)  # type: ignore[attr-defined]


# --- assessments --------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *READ_ROLES)
    rows = Assessment.objects.filter(committee_id=committee_id).select_related("scheme")
    page = keyset_page(request, rows)
    context = {
        "page": page,
        "can_manage": can_manage(request.user, committee_id),
        "last_year": timezone.localdate().year - 1,
    }
    return render_page(request, "assessment/index.html", context)


@login_required
def open_assessment(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *MANAGE_ROLES)
    form = OpenForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            assessment = services.assessment_open(
                committee=Committee.objects.get(pk=committee_id),
                scheme=d["scheme"],
                year=d["year"],
                title=d["title"],
                deadline=d["deadline"],
                offices=d["offices"] or (),
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已发起考评。请计算自动指标并指定评议人。")
            return redirect("assessment:detail", assessment.pk)
    return render_page(request, "assessment/open.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_staff(request.user, pk)
    manage = can_manage(request.user, assessment.committee_id)
    context = {
        "a": assessment,
        "subjects": list(selectors.ranking(assessment)),
        "can_manage": manage,
        "reopen_form": ReopenForm(),
        "compute_task": latest_for(
            request.user, compute_job, assessment.committee_id, _compute_label(assessment)
        ),
        "late": assessment.state == S.RATING and selectors.deadline_passed(assessment),
        "pending": RaterTask.objects.filter(assessment=assessment, state=RaterTask.State.PENDING).count(),
    }
    return render_page(request, "assessment/detail.html", context)


def _compute_label(assessment: Assessment) -> str:
    return f"计算“{assessment.title}”的自动指标"


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assessment = get_assessment_for_staff(request.user, pk, manage=True)
    by = request.user
    try:
        if action == "compute":
            services._require_open(assessment)
            start(
                runner=compute_job,
                label=_compute_label(assessment),
                owner=by,
                committee_id=assessment.committee_id,
                params={"assessment": assessment.pk},
            )
            messages.success(request, "正在重新计算自动指标，完成后本页显示结果")
        elif action == "close":
            services.assessment_close(assessment=assessment, by=by)
            messages.success(request, "评议已结束，请核对结果后公布")
        elif action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                raise DomainError("请填写新的评议截止日期")
            services.assessment_reopen(assessment=assessment, by=by, deadline=form.cleaned_data["deadline"])
            messages.success(request, "已重新开放评议")
        elif action == "publish":
            services.assessment_publish(assessment=assessment, by=by)
            messages.success(request, "结果已公布，已通知被考评单位")
        elif action == "remind":
            n = services.raters_remind(assessment=assessment, by=by)
            messages.success(request, f"已提醒 {n} 位尚未完成的评议人")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:detail", assessment.pk)


@login_required
def raters(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_staff(request.user, pk)
    manage = can_manage(request.user, assessment.committee_id)
    form = AssignForm(request.POST or None, committee_id=assessment.committee_id)
    status = 200
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            group = form.cleaned_data["group"]
            if group == RaterGroup.MEMBER:
                users = [m.person.user for m in form.cleaned_data["members"]]
            else:
                users = services.group_users(assessment.committee_id, group)
            try:
                n = services.raters_assign(assessment=assessment, group=group, users=users, by=request.user)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已新增 {n} 项评议任务，并通知了评议人")
                return redirect("assessment:raters", assessment.pk)
        status = 400
    context = {
        "a": assessment,
        "form": form,
        "can_manage": manage,
        "rows": selectors.progress(assessment),
        "late": selectors.deadline_passed(assessment),
    }
    return render_page(request, "assessment/raters.html", context, status=status)


# --- score card ----------------------------------------------------------------------------------


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    subject, as_staff = get_subject_for_user(request.user, pk)
    assessment = subject.assessment
    manage = as_staff and can_manage(request.user, subject.committee_id)
    status = 200
    objection_form = ObjectionForm()
    if request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "evidence" and manage:
                form = EvidenceForm(request.POST)
                if not form.is_valid():
                    raise DomainError("请填写得分和评分依据")
                indicator = get_for_user(
                    Indicator.objects.all(), request.user, form.cleaned_data["indicator"], MANAGE_ROLES
                )
                services.evidence_score(
                    subject=subject,
                    indicator=indicator,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, f"已保存“{indicator.name}”的得分")
            elif action == "object" and not as_staff:
                objection_form = ObjectionForm(request.POST)
                if not objection_form.is_valid():
                    raise DomainError("请写明异议理由")
                services.objection_raise(
                    subject=subject, reason=objection_form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, "异议已提交，处理结果将通知您")
            elif action == "decide" and manage:
                objection = get_for_user(
                    Objection.objects.filter(subject=subject),
                    request.user,
                    request.POST.get("objection"),
                    MANAGE_ROLES,
                )
                decide = DecideForm(request.POST, scheme=assessment.scheme)
                if not decide.is_valid():
                    raise DomainError("请选择处理结果并填写处理意见；更正得分须为数字")
                d = decide.cleaned_data
                services.objection_decide(
                    objection=objection,
                    accept=d["accept"],
                    decision=d["decision"],
                    indicator=d["indicator"],
                    value=d["value"],
                    by=request.user,
                )
                messages.success(request, "已处理异议")
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("assessment:card", subject.pk)
    subject.refresh_from_db(fields=["total", "rank", "grade"])
    context = {
        "s": subject,
        "a": assessment,
        "as_staff": as_staff,
        "can_manage": manage,
        "can_object": (
            not as_staff
            and assessment.state == S.PUBLISHED
            and assessment.objection_until is not None
            and timezone.localdate() <= assessment.objection_until
        ),
        "objection_form": objection_form,
        "decide_form": DecideForm(scheme=assessment.scheme) if manage else None,
        "editable": manage and assessment.state == S.RATING,
        "Method": Method,
        **selectors.score_card(subject, as_staff=as_staff),
    }
    return render_page(request, "assessment/card.html", context, status=status)


@login_required
def drill(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    """The records behind an automatic indicator's figure for this subject."""
    subject, _ = get_subject_for_user(request.user, pk)
    ind = Indicator.objects.filter(
        pk=indicator, scheme_id=subject.assessment.scheme_id, method=Method.AUTO
    ).first()
    formula = formulas.FORMULAS.get(ind.formula) if ind else None
    object_id = formulas.object_id(subject)
    if ind is None or formula is None or object_id is None:
        raise Http404
    rows = formula.drill(subject.committee_id, subject.assessment.year, object_id)
    context = {"s": subject, "ind": ind, "formula": formula, "rows": rows, "limit": formulas.DRILL_LIMIT}
    return render_page(request, "assessment/drill.html", context)


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """A handling unit's published results."""
    rows = own_subjects(request.user).select_related("assessment")
    page = keyset_page(request, rows)
    return render_page(request, "assessment/my_results.html", {"page": page})


@login_required
def objections(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *MANAGE_ROLES)
    task = OBJECTION_TASKS.chosen(request)
    rows = (
        task.rows(request.user, committee_id) if task else Objection.objects.filter(committee_id=committee_id)
    )
    page = keyset_page(request, rows.select_related("subject__assessment", "raised_by"))
    return render_page(request, "assessment/objections.html", {"page": page, "task": task})


# --- raters -----------------------------------------------------------------------------------


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The rater's own rating tasks: subjects to rate in open rounds and consultations to rate
    (as the home page counts them), each list opened alone by its `?task=`."""
    task = RATE_TASKS.chosen(request)
    committee_id = _committee(request)
    if task is not None and task.key == "consultations":
        page = keyset_page(request, task.rows(request.user, committee_id).select_related("consultation"))
        context = {"page": page, "task": task, "reviews": page.items}
        return render_page(request, "assessment/my_tasks.html", context)
    reviews: list[ConsultationReview] = []
    if task is None:
        reviews = list(
            ConsultationReview.objects.filter(rater_id=request.user.pk, done_at__isnull=True)
            .select_related("consultation")
            .order_by("-id")[:50]
        )
        rows: QuerySet[Any] = RaterTask.objects.filter(rater_id=request.user.pk, assessment__state=S.RATING)
    else:
        rows = task.rows(request.user, committee_id)
    page = keyset_page(request, rows.select_related("assessment", "subject"))
    return render_page(request, "assessment/my_tasks.html", {"page": page, "task": task, "reviews": reviews})


@login_required
def rate_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """A third party rates one consultation on the committee's 100-point rubric."""
    review = (
        ConsultationReview.objects.filter(rater_id=request.user.pk, consultation_id=pk)
        .select_related("consultation")
        .first()
    )
    if review is None:
        raise Http404
    consultation = review.consultation
    rubric = rubric_for(consultation.committee_id)
    status = 200
    if request.method == "POST":
        scores = {str(r.pk): request.POST.get(f"score_{r.pk}", "") for r in rubric}
        try:
            services.consultation_review_submit(
                review=review, by=request.user, scores=scores, comment=request.POST.get("comment", "")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, f"已提交对“{consultation.title}”的评价")
            return redirect("assessment:my_tasks")
    mine = consultation.ratings.filter(rater_id=request.user.pk).first()
    context = {"review": review, "c": consultation, "rubric": rubric, "mine": mine, "posted": request.POST}
    return render_page(request, "assessment/rate_consultation.html", context, status=status)


@login_required
def consultation_reviews(request: HttpRequest) -> HttpResponse:
    """Staff ask the third-party raters to rate consultations that have reached their outcome."""
    committee_id = require_role(request, *MANAGE_ROLES)
    if request.method == "POST":
        consultation = get_for_user(
            Consultation.objects.all(), request.user, request.POST.get("consultation"), MANAGE_ROLES
        )
        try:
            n = services.consultation_review_invite(consultation=consultation, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已请 {n} 位第三方评议员评价")
        return redirect("assessment:consultation_reviews")
    rows = Consultation.objects.filter(committee_id=committee_id, state__in=quality.RATABLE)
    page = keyset_page(request, rows)
    reviews = ConsultationReview.objects.filter(consultation_id__in=[c.pk for c in page.items])
    counts: dict[int, list[int]] = {}
    for consultation_id, done in reviews.values_list("consultation_id", "done_at"):
        entry = counts.setdefault(consultation_id, [0, 0])
        entry[0] += 1
        entry[1] += done is not None
    for c in page.items:
        c.review_counts = counts.get(c.pk, [0, 0])  # type: ignore[attr-defined]
    return render_page(request, "assessment/consultation_reviews.html", {"page": page})


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_rater(request.user, pk)
    assessment = task.assessment
    indicators = [i for i in services.rated_indicators(assessment.scheme) if i.rater_weights.get(task.group)]
    initial = {f"i{k}": v for k, v in task.marks.items()} | {"comment": task.comment}
    form = RateForm(request.POST or None, indicators=indicators, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.task_submit(
                    task=task, marks=form.marks(), comment=form.cleaned_data["comment"], by=request.user
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已提交对{task.subject.name}的评议")
                return redirect("assessment:my_tasks")
        status = 400
    context = {"t": task, "a": assessment, "form": form, "open": assessment.state == S.RATING}
    return render_page(request, "assessment/rate.html", context, status=status)


# --- schemes ---------------------------------------------------------------------------------------


@login_required
def schemes(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *READ_ROLES)
    manage = can_manage(request.user, committee_id)
    form = DefaultsForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            created = services.schemes_create_defaults(
                committee=Committee.objects.get(pk=committee_id),
                year=form.cleaned_data["year"],
                by=request.user,
            )
            if created:
                messages.success(request, f"已建立 {len(created)} 个默认方案，可在方案页修改指标")
            else:
                messages.info(request, "该年度各类默认方案均已建立")
            return redirect("assessment:schemes")
    rows = Scheme.objects.filter(committee_id=committee_id, is_current=True)
    page = keyset_page(request, rows)
    context = {"page": page, "form": form, "can_manage": manage}
    return render_page(request, "assessment/schemes.html", context, status=400 if form.errors else 200)


def _scheme(request: HttpRequest, pk: int, manage: bool = False) -> Scheme:
    return get_for_user(Scheme.objects.all(), request.user, pk, MANAGE_ROLES if manage else READ_ROLES)


@login_required
def scheme(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _scheme(request, pk)
    manage = can_manage(request.user, obj.committee_id) and obj.is_current
    groups = selectors.tree(obj)
    status = 200
    settings_form = SchemeForm(initial=SchemeForm.initial_for(obj))
    group_form = GroupForm()
    if request.method == "POST":
        if not manage:
            raise Http404
        try:
            if request.POST.get("action") == "settings":
                settings_form = SchemeForm(request.POST)
                if not settings_form.is_valid():
                    raise DomainError("请按提示修改")
                d = settings_form.cleaned_data
                target = services.scheme_update(
                    scheme=obj,
                    by=request.user,
                    name=d["name"],
                    anonymous=d["anonymous"],
                    objection_days=d["objection_days"],
                    grade_bands=d["bands"],
                    note=d["note"],
                )
            elif request.POST.get("action") == "group":
                group_form = GroupForm(request.POST)
                if not group_form.is_valid():
                    raise DomainError("请填写一级指标名称")
                row = services.indicator_save(
                    scheme=obj,
                    by=request.user,
                    indicator=None,
                    parent=None,
                    name=group_form.cleaned_data["name"],
                    points=0,  # type: ignore[arg-type]
                    method="",
                )
                target = row.scheme
            elif request.POST.get("action") == "delete_group":
                group_id = request.POST.get("group", "")
                group = (
                    Indicator.objects.filter(scheme=obj, parent__isnull=True, pk=int(group_id)).first()
                    if group_id.isdigit()
                    else None
                )
                if group is None:
                    raise Http404
                target = services.group_delete(scheme=obj, group=group, by=request.user)
                messages.success(request, f"已删除一级指标“{group.name}”及其二级指标")
                return redirect("assessment:scheme", target.pk)
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return _saved(request, obj, target)
    context = {
        "scheme": obj,
        "groups": groups,
        "can_manage": manage,
        "in_use": services.scheme_in_use(obj),
        "versions": list(selectors.versions(obj)),
        "settings_form": settings_form,
        "group_form": group_form,
        "describe": selectors.describe,
        "total": sum((g.indicator.points for g in groups), 0),
    }
    return render_page(request, "assessment/scheme.html", context, status=status)


def _saved(request: HttpRequest, old: Scheme, target: Scheme) -> HttpResponse:
    if target.pk != old.pk:
        messages.success(
            request, f"该方案已有考评在用，修改已保存为第{target.version}版；已完成的考评仍按原版本计分"
        )
    else:
        messages.success(request, "已保存")
    return redirect("assessment:scheme", target.pk)


@login_required
def indicator_edit(
    request: HttpRequest, pk: int, indicator: int | None = None, parent: int | None = None
) -> HttpResponse:
    obj = _scheme(request, pk, manage=True)
    if not obj.is_current:
        raise Http404
    ind = (
        Indicator.objects.filter(scheme=obj, pk=indicator, parent__isnull=False).first()
        if indicator
        else None
    )
    par = Indicator.objects.filter(scheme=obj, pk=parent, parent__isnull=True).first() if parent else None
    if (indicator and ind is None) or (parent and par is None) or (ind is None and par is None):
        raise Http404
    initial = IndicatorForm.initial_for(ind) if ind else {"method": Method.EVIDENCE}
    form = IndicatorForm(request.POST or None, kind=obj.kind, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "delete" and ind is not None:
            try:
                target = services.indicator_delete(scheme=obj, indicator=ind, by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                return _saved(request, obj, target)
        elif form.is_valid():
            d = form.cleaned_data
            try:
                row = services.indicator_save(
                    scheme=obj,
                    by=request.user,
                    indicator=ind,
                    parent=par,
                    name=d["name"],
                    points=d["points"],
                    method=d["method"],
                    formula=d["formula"],
                    rater_weights=form.weights(),
                    standard=d["standard"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return _saved(request, obj, row.scheme)
    context = {"scheme": obj, "ind": ind, "parent": par or (ind.parent if ind else None), "form": form}
    return render_page(request, "assessment/indicator.html", context, status=400 if form.errors else 200)


# --- exports ----------------------------------------------------------------------------------------


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_staff(request.user, pk)
    return exports.results_workbook(assessment)


@login_required
def proposal_candidates(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *READ_ROLES)
    form = DefaultsForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year - 1
    return exports.proposal_candidates(committee_id, year)


@login_required
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_staff(request.user, pk)
    return exports.results_document(assessment)


@login_required
def offices(request: HttpRequest) -> HttpResponse:
    """The committee's offices (机关处室) that office assessments choose their subjects from."""
    committee_id = require_role(request, *MANAGE_ROLES)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                services.office_add(
                    committee_id=committee_id, name=request.POST.get("name", ""), by=request.user
                )
                messages.success(request, "已增加处室")
            else:
                office_id = request.POST.get("office", "")
                office = (
                    Office.objects.filter(committee_id=committee_id, pk=int(office_id)).first()
                    if office_id.isdigit()
                    else None
                )
                if office is None:
                    raise Http404
                services.office_update(
                    office=office,
                    by=request.user,
                    name=request.POST.get("name", ""),
                    is_active=request.POST.get("is_active") == "1",
                )
                messages.success(request, "已保存")
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("assessment:offices")
    rows = list(Office.objects.filter(committee_id=committee_id).order_by("order", "id")[:500])
    return render_page(request, "assessment/offices.html", {"offices": rows}, status=status)
