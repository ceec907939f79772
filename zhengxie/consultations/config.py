"""Per-committee consultation settings kept as data — the forms of consultation, the deadline of
each of the eight steps and the quality rubric — with the defaults of domain.md §4, created the
first time a committee needs them (so a committee created later needs no set-up step)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from zhengxie.lib.errors import DomainError

from .models import ConsultationForm, Requirement, RubricItem, Step, StepRule

# (name, duty attendance kind, online)
DEFAULT_FORMS = (
    ("全体会议", "plenary", False),
    ("专题议政性常委会", "standing", False),
    ("专题协商会", "consultation", False),
    ("双周协商座谈会", "consultation", False),
    ("对口协商", "consultation", False),
    ("界别协商", "consultation", False),
    ("提案办理协商", "consultation", False),
    ("网络议政", "consultation", True),
    ("远程协商", "consultation", True),
    ("基层协商", "grassroots", False),
)

A = StepRule.Anchor
# step -> (anchor, working days, documents of the step)
DEFAULT_STEPS = {
    Step.TOPIC: (A.BEFORE_MEETING, 40, "议题论证"),
    Step.SCHEME: (A.BEFORE_MEETING, 15, "工作方案、会议通知（会前15个工作日）"),
    Step.RESEARCH: (A.BEFORE_MEETING, 10, "调研报告、会议材料（会前10个工作日）"),
    Step.MEETING: (A.AFTER_MEETING, 0, "会议记录、发言材料"),
    Step.OUTCOME: (A.AFTER_MEETING, 7, "纪要、建议案、协商专报（会后7个工作日内报送）"),
    Step.TRACKING: (A.AFTER_START, 60, "领导批示、督办事项"),
    Step.FEEDBACK: (A.AFTER_START, 20, "采纳落实情况反馈"),
    Step.ARCHIVED: (A.AFTER_START, 0, "全过程材料归档"),
}

# (dimension, item, points): the 100-point rubric proposed in domain.md §4.3.
DEFAULT_RUBRIC = (
    ("选题", "契合党政中心工作和群众关切", "6"),
    ("选题", "列入年度协商计划", "4"),
    ("选题", "议题与协商形式匹配", "5"),
    ("准备与调研", "工作方案完整", "6"),
    ("准备与调研", "调研深度（次数、覆盖、数据）", "8"),
    ("准备与调研", "材料按时送达", "6"),
    ("协商过程", "参与广泛性（界别、基层、网络）", "7"),
    ("协商过程", "互动性（提问、回应）", "6"),
    ("协商过程", "党政部门到会层级", "6"),
    ("协商过程", "讲真话、建诤言", "6"),
    ("成果质量", "建议针对性和可操作性", "12"),
    ("成果质量", "报送时效（会后7个工作日内）", "8"),
    ("采纳与落实", "批示、采纳、纳入政策文件", "10"),
    ("采纳与落实", "反馈及时", "5"),
    ("采纳与落实", "回头看结果", "5"),
)


def _ensure(model: Any, exists: bool, rows: list[Any]) -> None:
    if exists:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_create(rows)
    except IntegrityError:
        pass  # created meanwhile by another request


def forms_for(committee_id: int, *, active_only: bool = True) -> list[ConsultationForm]:
    _ensure(
        ConsultationForm,
        ConsultationForm.objects.filter(committee_id=committee_id).exists(),
        [
            ConsultationForm(committee_id=committee_id, name=n, attendance_kind=k, is_online=o, order=i)
            for i, (n, k, o) in enumerate(DEFAULT_FORMS)
        ],
    )
    qs = ConsultationForm.objects.filter(committee_id=committee_id)
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs)


def form_named(committee_id: int, name: str) -> ConsultationForm:
    for form in forms_for(committee_id, active_only=False):
        if form.name == name:
            return form
    raise DomainError(f"协商形式“{name}”不在本政协的清单中")


def step_rules(committee_id: int) -> dict[str, StepRule]:
    _ensure(
        StepRule,
        StepRule.objects.filter(committee_id=committee_id).exists(),
        [
            StepRule(committee_id=committee_id, step=step, anchor=anchor, days=days, documents=docs)
            for step, (anchor, days, docs) in DEFAULT_STEPS.items()
        ],
    )
    return {r.step: r for r in StepRule.objects.filter(committee_id=committee_id)}


def rubric_for(committee_id: int) -> list[RubricItem]:
    _ensure(
        RubricItem,
        RubricItem.objects.filter(committee_id=committee_id).exists(),
        [
            RubricItem(committee_id=committee_id, dimension=d, name=n, max_points=Decimal(p), order=i)
            for i, (d, n, p) in enumerate(DEFAULT_RUBRIC)
        ],
    )
    return list(RubricItem.objects.filter(committee_id=committee_id))


# A consultation counts towards the yearly minimum of 专题协商 when its form's name says so.
SPECIAL_MARK = "专题协商"


def requirement_for(committee_id: int) -> Requirement:
    """The committee's figures (Requirement), created with the defaults on first use."""
    found = Requirement.objects.filter(committee_id=committee_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Requirement.objects.create(committee_id=committee_id)
    except IntegrityError:
        return Requirement.objects.get(committee_id=committee_id)
