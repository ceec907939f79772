"""Random walks through the proposal loop with the real services (Hypothesis stateful testing).

A few proposals and eight people: the proposer 王委员, the co-signer 赵委员, proposal staff, a
leader, the lead unit's clerk (住建局), a co-handling unit's clerk (教育局), another unit's clerk
(文旅局) and 钱委员, who has nothing to do with any of it. Each rule asks a service to take one
step as one of them; a refusal (DomainError and its kin) is fine, but then nothing may have
changed. After every step the invariants of the loop are checked against the database, and the
audit trail is replayed against workflow.TABLE.

The runs are derandomized and the example database is off, so CI sees the same walks every time;
a failure prints the sequence of steps that reproduces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.personas import Personas, _user
from tests.proposals.conftest import complete_data
from tests.proposals.helpers import reply_data
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import HandlingUnit, Member
from zhengxie.org.roles import Role
from zhengxie.proposals import tasks
from zhengxie.proposals.models import (
    Assignment,
    CoSigner,
    Extension,
    HandlingMode,
    Objection,
    Proposal,
    ProposerKind,
    Rating,
    Reply,
)
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import evaluation as ev
from zhengxie.proposals.services import replies, review
from zhengxie.proposals.services import submission as sub
from zhengxie.proposals.workflow import TABLE

P = Proposal.State
A = Assignment.State
R = Reply.State
AFTER_FILING = (P.FILED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
HANDLED = (P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
ACTORS = ("proposer", "cosigner", "staff", "leader", "lead_clerk", "co_clerk", "other_clerk", "outsider")
# The audit actions of the proposal's own transitions (others, e.g. a reassignment, carry a
# "to" too, but about units).
STEP_ACTIONS = sorted({step.action for steps in TABLE.values() for step in steps.values()})
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass
class Cast:
    p: Personas
    users: dict[str, User]
    units: dict[str, HandlingUnit]  # clerk's actor name -> his unit
    cosigner: Member


# The machine is built by Hypothesis without arguments; the test puts the cast here first.
CAST: list[Cast] = []


def _actor(likely: str) -> st.SearchStrategy[str]:
    """Mostly the person who may act, often anyone: refusals are tested as much as steps."""
    return st.one_of(st.just(likely), st.sampled_from(ACTORS))


def not_key_in(*states: str) -> Callable[[Any], bool]:
    return lambda machine: Proposal.objects.filter(
        pk__in=machine.pks, state__in=states, is_key=False
    ).exists()


def proposals_in(*states: str) -> Callable[[Any], bool]:
    """A rule is tried only while one of the walk's proposals is where it could succeed."""
    return lambda machine: Proposal.objects.filter(pk__in=machine.pks, state__in=states).exists()


def assignments_in(*states: str) -> Callable[[Any], bool]:
    return lambda machine: Assignment.objects.filter(proposal_id__in=machine.pks, state__in=states).exists()


def replies_in(*states: str) -> Callable[[Any], bool]:
    return lambda machine: Reply.objects.filter(proposal_id__in=machine.pks, state__in=states).exists()


def pending(model: type[Objection] | type[Extension]) -> Callable[[Any], bool]:
    return lambda machine: model.objects.filter(
        assignment__proposal_id__in=machine.pks, state=model.State.PENDING
    ).exists()


class ProposalLoop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cast = CAST[0]
        # Each walk runs in a savepoint rolled back at teardown, on a frozen clock it moves itself.
        self._clock = time_machine.travel(START, tick=False)
        self._now = self._clock.start()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        p = self.cast.p
        joint = complete_data(
            kind=ProposerKind.JOINT, cosigners=[self.cast.cosigner], suggested_units=[p.unit]
        )
        self.pks = [
            sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=joint).pk,
            sub.proposal_create(
                committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="关于增设社区食堂的建议")
            ).pk,
            sub.proposal_create(
                committee_id=p.city.pk,
                by=p.member_wang,
                data=complete_data(title="关于改善背街小巷照明的建议"),
            ).pk,
        ]
        sub.proposal_submit(proposal=self.proposal(self.pks[2]), by=p.member_wang)

    @initialize(mode=st.sampled_from(HandlingMode.values))
    def one_already_assigned(self, mode: str) -> None:
        """A fourth proposal taken through review and assignment by the services, so that every
        walk also spends its steps on handling, replies and ratings."""
        p, staff = self.cast.p, self.user("staff")
        proposal = sub.proposal_create(
            committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="关于推进垃圾分类的建议")
        )
        sub.proposal_submit(proposal=proposal, by=p.member_wang)
        review.review_pass_stage(proposal=self.proposal(proposal.pk), by=staff)
        review.proposal_file(proposal=self.proposal(proposal.pk), by=staff, category=proposal.category)
        lead, co = self.cast.units["lead_clerk"], self.cast.units["co_clerk"]
        handling.proposal_assign(
            proposal=self.proposal(proposal.pk),
            by=staff,
            mode=mode,
            units=[lead, co] if mode == HandlingMode.SPLIT else [lead],
            co_units=[co] if mode == HandlingMode.JOINT else [],
        )
        self.pks.append(proposal.pk)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._clock.stop()

    # --- helpers --------------------------------------------------------------------------------

    def user(self, name: str) -> User:
        return self.cast.users[name]

    def clerks_of(self, unit_ids: set[int]) -> set[str]:
        return {name for name, unit in self.cast.units.items() if unit.pk in unit_ids}

    def proposal(self, pk: int) -> Proposal:
        return Proposal.objects.select_related("proposer__person", "term", "session").get(pk=pk)

    def pick(self, data: st.DataObject, states: tuple[str, ...]) -> Proposal:
        """A proposal, usually one in `states` (where the rule can succeed)."""
        likely = list(Proposal.objects.filter(pk__in=self.pks, state__in=states).values_list("pk", flat=True))
        pool = likely if likely and data.draw(st.integers(0, 3), label="aim") < 3 else self.pks
        return self.proposal(data.draw(st.sampled_from(sorted(pool)), label="proposal"))

    def pick_assignment(self, data: st.DataObject, states: tuple[str, ...]) -> Assignment | None:
        rows = Assignment.objects.filter(proposal_id__in=self.pks).exclude(state=A.WITHDRAWN)
        likely = list(rows.filter(state__in=states).values_list("pk", flat=True))
        every = list(rows.values_list("pk", flat=True))
        if not every:
            return None
        pool = likely if likely and data.draw(st.integers(0, 3), label="aim") < 3 else every
        pk = data.draw(st.sampled_from(sorted(pool)), label="assignment")
        return Assignment.objects.select_related("proposal", "unit").get(pk=pk)

    def pick_reply(self, data: st.DataObject, states: tuple[str, ...]) -> Reply | None:
        rows = Reply.objects.filter(proposal_id__in=self.pks)
        likely = list(rows.filter(state__in=states).values_list("pk", flat=True))
        every = list(rows.values_list("pk", flat=True))
        if not every:
            return None
        pool = likely if likely and data.draw(st.integers(0, 3), label="aim") < 3 else every
        pk = data.draw(st.sampled_from(sorted(pool)), label="reply")
        return Reply.objects.select_related("assignment__proposal", "assignment__unit", "proposal").get(pk=pk)

    def snapshot(self) -> dict[str, Any]:
        """Everything a refused step must leave as it was."""
        ours = {"proposal_id__in": self.pks}
        return {
            "proposals": sorted(
                Proposal.objects.filter(pk__in=self.pks).values_list("pk", "state", "version", "number")
            ),
            "assignments": sorted(Assignment.objects.filter(**ours).values_list("pk", "state", "due_on")),
            "replies": sorted(Reply.objects.filter(**ours).values_list("pk", "state", "version")),
            "ratings": Rating.objects.filter(**ours).count(),
            "cosigners": sorted(CoSigner.objects.filter(**ours).values_list("pk", "answer")),
            "objections": sorted(
                Objection.objects.filter(assignment__proposal_id__in=self.pks).values_list("pk", "state")
            ),
            "extensions": sorted(
                Extension.objects.filter(assignment__proposal_id__in=self.pks).values_list("pk", "state")
            ),
        }

    def attempt(self, allowed: set[str], actor: str | st.DataObject, step: Callable[[User], Any]) -> bool:
        """Run `step` as `actor` (or someone drawn: mostly one of `allowed`). A refusal must
        change nothing; a success by someone outside `allowed` is a hole in the permissions."""
        if not isinstance(actor, str):
            likely = st.sampled_from(sorted(allowed)) if allowed else st.nothing()
            actor = actor.draw(st.one_of(likely, st.sampled_from(ACTORS)), label="actor")
        before = self.snapshot()
        try:
            step(self.user(actor))
        except DomainError:
            assert self.snapshot() == before, f"a refused step by {actor} changed the data"
            return False
        assert actor in allowed, f"{actor} was allowed a step reserved for {sorted(allowed)}"
        return True

    # --- submission -----------------------------------------------------------------------------

    @precondition(proposals_in(P.DRAFT))
    @rule(data=st.data(), actor=_actor("proposer"))
    def submit(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.DRAFT,))
        self.attempt({"proposer"}, actor, lambda by: sub.proposal_submit(proposal=proposal, by=by))

    @precondition(proposals_in(P.RETURNED))
    @rule(data=st.data(), actor=_actor("proposer"))
    def resubmit(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.RETURNED,))
        self.attempt({"proposer"}, actor, lambda by: sub.proposal_submit(proposal=proposal, by=by))

    @precondition(proposals_in(P.COSIGNING))
    @rule(data=st.data(), actor=_actor("proposer"))
    def recall(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.COSIGNING,))
        self.attempt({"proposer"}, actor, lambda by: sub.proposal_recall(proposal=proposal, by=by))

    @precondition(proposals_in(P.COSIGNING))
    @rule(data=st.data(), actor=_actor("cosigner"), agree=st.booleans())
    def cosign(self, data: st.DataObject, actor: str, agree: bool) -> None:
        proposal = self.pick(data, (P.COSIGNING,))
        self.attempt({"cosigner"}, actor, lambda by: sub.cosign_answer(proposal=proposal, by=by, agree=agree))

    @precondition(proposals_in(P.DRAFT, P.SUBMITTED, P.RETURNED))
    @rule(data=st.data(), actor=_actor("proposer"), rarely=st.integers(0, 3))
    def withdraw(self, data: st.DataObject, actor: str, rarely: int) -> None:
        if rarely < 3:  # an end of the road: taken now and then, so walks get far
            return
        proposal = self.pick(data, (P.DRAFT, P.SUBMITTED, P.RETURNED))
        self.attempt(
            {"proposer"}, actor, lambda by: sub.proposal_withdraw(proposal=proposal, by=by, reason="不再提出")
        )

    # --- review ---------------------------------------------------------------------------------

    @precondition(proposals_in(P.SUBMITTED))
    @rule(data=st.data(), actor=_actor("staff"))
    def pass_stage(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.SUBMITTED,))
        self.attempt({"staff"}, actor, lambda by: review.review_pass_stage(proposal=proposal, by=by))

    @precondition(proposals_in(P.SUBMITTED, P.REVIEWING))
    @rule(data=st.data(), actor=_actor("staff"), rarely=st.integers(0, 2))
    def return_for_revision(self, data: st.DataObject, actor: str, rarely: int) -> None:
        if rarely < 2:  # the way back: taken now and then, so walks get forward
            return
        proposal = self.pick(data, (P.SUBMITTED, P.REVIEWING))
        self.attempt(
            {"staff"}, actor, lambda by: review.review_return(proposal=proposal, by=by, comment="请补充数据")
        )

    @precondition(proposals_in(P.SUBMITTED, P.REVIEWING))
    @rule(data=st.data(), actor=_actor("staff"), rarely=st.integers(0, 3))
    def not_file(self, data: st.DataObject, actor: str, rarely: int) -> None:
        if rarely < 3:  # an end of the road: taken now and then, so walks get far
            return
        proposal = self.pick(data, (P.SUBMITTED, P.REVIEWING))
        reason = review.settings_for(proposal.committee_id).reject_reasons[0]
        self.attempt(
            {"staff"},
            actor,
            lambda by: review.review_not_file(proposal=proposal, by=by, reason=reason, destination="none"),
        )

    @precondition(proposals_in(P.SUBMITTED, P.REVIEWING))
    @rule(data=st.data(), actor=_actor("staff"), rarely=st.integers(0, 3))
    def merge(self, data: st.DataObject, actor: str, rarely: int) -> None:
        if rarely < 3:  # an end of the road: taken now and then, so walks get far
            return
        primary = self.pick(data, (P.SUBMITTED, P.REVIEWING))
        secondary = self.pick(data, (P.SUBMITTED, P.REVIEWING))
        self.attempt(
            {"staff"}, actor, lambda by: review.review_merge(primary=primary, secondaries=[secondary], by=by)
        )

    @precondition(proposals_in(P.REVIEWING))
    @rule(data=st.data(), actor=_actor("staff"), key=st.booleans())
    def file(self, data: st.DataObject, actor: str, key: bool) -> None:
        proposal = self.pick(data, (P.REVIEWING,))
        leader = self.user("leader") if key else None
        self.attempt(
            {"staff"},
            actor,
            lambda by: review.proposal_file(
                proposal=proposal, by=by, category=proposal.category, is_key=key, key_leader=leader
            ),
        )

    @precondition(not_key_in(P.FILED, P.ASSIGNED, P.REHANDLING))
    @rule(data=st.data(), actor=_actor("staff"))
    def make_key(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.FILED, P.ASSIGNED, P.REHANDLING))
        leader = self.user("leader")
        self.attempt({"staff"}, actor, lambda by: review.key_select(proposal=proposal, by=by, leader=leader))

    # --- assignment and handling ----------------------------------------------------------------

    @precondition(proposals_in(P.FILED))
    @rule(data=st.data(), actor=_actor("staff"), mode=st.sampled_from(HandlingMode.values))
    def assign(self, data: st.DataObject, actor: str, mode: str) -> None:
        proposal = self.pick(data, (P.FILED,))
        lead, co = self.cast.units["lead_clerk"], self.cast.units["co_clerk"]
        units = [lead, co] if mode == HandlingMode.SPLIT else [lead]
        co_units = [co] if mode == HandlingMode.JOINT else []
        self.attempt(
            {"staff"},
            actor,
            lambda by: handling.proposal_assign(
                proposal=proposal, by=by, mode=mode, units=units, co_units=co_units
            ),
        )

    @precondition(assignments_in(A.PENDING))
    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        assignment = self.pick_assignment(data, (A.PENDING,))
        if assignment is not None:
            allowed = self.clerks_of({assignment.unit_id})
            self.attempt(allowed, data, lambda by: handling.assignment_sign(assignment=assignment, by=by))

    @precondition(assignments_in(A.PENDING, A.HANDLING))
    @rule(data=st.data())
    def object(self, data: st.DataObject) -> None:
        assignment = self.pick_assignment(data, (A.PENDING, A.HANDLING))
        if assignment is not None:
            self.attempt(
                self.clerks_of({assignment.unit_id}),
                data,
                lambda by: handling.objection_raise(
                    assignment=assignment, by=by, reason="不属于本单位职责范围"
                ),
            )

    @precondition(pending(Objection))
    @rule(data=st.data(), actor=_actor("staff"), accept=st.booleans())
    def decide_objection(self, data: st.DataObject, actor: str, accept: bool) -> None:
        pending = list(
            Objection.objects.filter(assignment__proposal_id__in=self.pks, state=Objection.State.PENDING)
            .select_related("assignment__proposal", "assignment__unit")
            .order_by("pk")
        )
        if not pending:
            return
        objection = data.draw(st.sampled_from(pending), label="objection")
        new_unit = data.draw(st.sampled_from(sorted(self.cast.units.values(), key=lambda u: u.pk)))
        self.attempt(
            {"staff"},
            actor,
            lambda by: handling.objection_decide(
                objection=objection, by=by, accept=accept, note="经研究决定", new_unit=new_unit
            ),
        )

    @precondition(assignments_in(A.HANDLING))
    @rule(data=st.data())
    def record_contact(self, data: st.DataObject) -> None:
        assignment = self.pick_assignment(data, (A.HANDLING,))
        if assignment is not None:
            self.attempt(
                self.clerks_of({assignment.unit_id}),
                data,
                lambda by: handling.contact_record(
                    assignment=assignment,
                    by=by,
                    stage="before",
                    mode="phone",
                    on=timezone.localdate(),
                    participants="王建国",
                    notes="电话沟通办理方案。",
                ),
            )

    @precondition(assignments_in(A.HANDLING))
    @rule(data=st.data())
    def send_co_opinion(self, data: st.DataObject) -> None:
        assignment = self.pick_assignment(data, (A.HANDLING,))
        if assignment is not None:
            self.attempt(
                self.clerks_of({assignment.unit_id}),
                data,
                lambda by: handling.co_opinion_send(
                    assignment=assignment, by=by, text="我局同意纳入年度计划统筹推进。"
                ),
            )

    @precondition(assignments_in(A.HANDLING))
    @rule(data=st.data(), days=st.integers(1, 60))
    def request_extension(self, data: st.DataObject, days: int) -> None:
        assignment = self.pick_assignment(data, (A.HANDLING,))
        if assignment is not None:
            new_due = assignment.due_on + timedelta(days=days)
            self.attempt(
                self.clerks_of({assignment.unit_id}),
                data,
                lambda by: handling.extension_request(
                    assignment=assignment, by=by, new_due_on=new_due, reason="需要协调多个部门"
                ),
            )

    @precondition(pending(Extension))
    @rule(data=st.data(), actor=_actor("staff"), approve=st.booleans())
    def decide_extension(self, data: st.DataObject, actor: str, approve: bool) -> None:
        pending = list(
            Extension.objects.filter(assignment__proposal_id__in=self.pks, state=Extension.State.PENDING)
            .select_related("assignment__proposal", "assignment__unit")
            .order_by("pk")
        )
        if pending:
            extension = data.draw(st.sampled_from(pending), label="extension")
            self.attempt(
                {"staff"},
                actor,
                lambda by: handling.extension_decide(
                    extension=extension, by=by, approve=approve, note="同意"
                ),
            )

    # --- replies --------------------------------------------------------------------------------

    @precondition(assignments_in(A.HANDLING))
    @rule(data=st.data(), category=st.sampled_from(["A", "B", "C"]))
    def save_reply(self, data: st.DataObject, category: str) -> None:
        assignment = self.pick_assignment(data, (A.HANDLING,))
        if assignment is not None:
            self.attempt(
                self.clerks_of({assignment.unit_id}),
                data,
                lambda by: replies.reply_save(
                    assignment=assignment, by=by, data=reply_data(category=category)
                ),
            )

    @precondition(replies_in(R.DRAFT, R.RETURNED))
    @rule(data=st.data())
    def submit_reply(self, data: st.DataObject) -> None:
        reply = self.pick_reply(data, (R.DRAFT, R.RETURNED))
        if reply is not None:
            self.attempt(
                self.clerks_of({reply.assignment.unit_id}),
                data,
                lambda by: replies.reply_submit(reply=reply, by=by),
            )

    @precondition(replies_in(R.COSIGNING))
    @rule(data=st.data())
    def cosign_reply(self, data: st.DataObject) -> None:
        reply = self.pick_reply(data, (R.COSIGNING,))
        if reply is not None:
            co_units = set(
                reply.proposal.assignments.filter(role=Assignment.Role.CO)
                .exclude(state=A.WITHDRAWN)
                .values_list("unit_id", flat=True)
            )
            self.attempt(self.clerks_of(co_units), data, lambda by: replies.reply_cosign(reply=reply, by=by))

    @precondition(replies_in(R.REVIEWING))
    @rule(data=st.data(), actor=_actor("staff"), approve=st.booleans())
    def review_reply(self, data: st.DataObject, actor: str, approve: bool) -> None:
        reply = self.pick_reply(data, (R.REVIEWING,))
        if reply is not None:
            self.attempt(
                {"staff"},
                actor,
                lambda by: replies.reply_review(
                    reply=reply, by=by, approve=approve, comment="请补充落实时间", public_scope="full"
                ),
            )

    # --- evaluation -----------------------------------------------------------------------------

    @precondition(proposals_in(P.REPLIED))
    @rule(
        data=st.data(),
        work=st.sampled_from(["satisfied", "basic", "dissatisfied"]),
        result=st.sampled_from(["satisfied", "basic", "dissatisfied"]),
    )
    def rate(self, data: st.DataObject, work: str, result: str) -> None:
        proposal = self.pick(data, (P.REPLIED,))
        allowed = {"proposer"}
        agreed = CoSigner.objects.filter(proposal=proposal, answer=CoSigner.Answer.AGREED)
        if agreed.filter(member=self.cast.cosigner).exists():
            allowed.add("cosigner")
        self.attempt(
            allowed,
            data,
            lambda by: ev.rating_submit(
                proposal=proposal, by=by, work=work, result=result, comment="仍需加快落实"
            ),
        )

    @precondition(proposals_in(P.REPLIED))
    @rule(data=st.data(), actor=_actor("staff"))
    def rehandle(self, data: st.DataObject, actor: str) -> None:
        proposal = self.pick(data, (P.REPLIED,))
        self.attempt(
            {"staff"}, actor, lambda by: ev.proposal_rehandle(proposal=proposal, by=by, reason="请加快落实")
        )

    @precondition(proposals_in(P.REPLIED))
    @rule(data=st.data(), actor=_actor("staff"), reason=st.sampled_from(["", "经研究决定办结"]))
    def close(self, data: st.DataObject, actor: str, reason: str) -> None:
        proposal = self.pick(data, (P.REPLIED,))
        self.attempt({"staff"}, actor, lambda by: ev.proposal_close(proposal=proposal, by=by, reason=reason))

    # --- time -----------------------------------------------------------------------------------

    @rule(days=st.sampled_from([1, 8, 25, 40]))
    def time_passes(self, days: int) -> None:
        """The clock moves on and the daily job runs: co-signing and rating periods lapse."""
        self._now.shift(timedelta(days=days))
        tasks.close_due.call()

    # --- invariants -----------------------------------------------------------------------------

    @invariant()
    def states_follow_the_table(self) -> None:
        known = set(P.values)
        for pk, state in Proposal.objects.filter(pk__in=self.pks).values_list("pk", "state"):
            assert state in known
            events = AuditEvent.objects.filter(
                object_type="proposals.proposal", object_id=str(pk), action__in=STEP_ACTIONS
            ).order_by("pk")
            at = P.DRAFT
            visited = [at]
            for event in events:
                assert event.data["from"] == at, f"proposal {pk} left {event.data['from']} while in {at}"
                assert event.data["to"] in TABLE.get(at, {}), f"{at} -> {event.data['to']} is not in TABLE"
                at = event.data["to"]
                visited.append(at)
            assert at == state, f"proposal {pk} is {state} but its trail ends at {at}"
            if state == P.CLOSED:
                assert P.REPLIED in visited

    @invariant()
    def filed_proposals_have_unique_numbers(self) -> None:
        numbers = list(
            Proposal.objects.filter(pk__in=self.pks, state__in=AFTER_FILING).values_list("number", flat=True)
        )
        assert all(numbers) and len(set(numbers)) == len(numbers)
        city = self.cast.p.city
        taken = Proposal.objects.filter(committee=city).exclude(number="").values_list("number", flat=True)
        assert len(set(taken)) == len(list(taken))

    @invariant()
    def handled_proposals_have_their_units(self) -> None:
        for proposal in Proposal.objects.filter(pk__in=self.pks, state__in=HANDLED):
            active = proposal.assignments.exclude(state=A.WITHDRAWN)
            leads = active.filter(role=Assignment.Role.LEAD).count()
            splits = active.filter(role=Assignment.Role.SPLIT).count()
            if proposal.mode == HandlingMode.SPLIT:
                assert leads == 0 and splits >= 2, (proposal.pk, leads, splits)
            else:
                assert leads == 1 and splits == 0, (proposal.pk, proposal.mode, leads, splits)

    @invariant()
    def replied_proposals_have_approved_replies(self) -> None:
        for proposal in Proposal.objects.filter(pk__in=self.pks, state__in=(P.REPLIED, P.CLOSED)):
            replying = proposal.assignments.filter(
                role__in=(Assignment.Role.LEAD, Assignment.Role.SPLIT)
            ).exclude(state=A.WITHDRAWN)
            for assignment in replying:
                assert Reply.objects.filter(
                    assignment=assignment, round=proposal.round, state=R.APPROVED
                ).exists(), f"proposal {proposal.pk} is {proposal.state} without {assignment.unit}'s reply"

    @invariant()
    def only_proposers_rate_once_a_round(self) -> None:
        for proposal in Proposal.objects.filter(pk__in=self.pks).select_related("proposer"):
            raters = {m.pk for m in ev.raters(proposal)}
            rows = list(Rating.objects.filter(proposal=proposal).values_list("member_id", "round"))
            assert {member for member, _ in rows} <= raters
            assert len(set(rows)) == len(rows)

    @invariant()
    def merged_proposals_point_at_a_live_primary(self) -> None:
        for proposal in Proposal.objects.filter(pk__in=self.pks, state=P.MERGED).select_related(
            "merged_into"
        ):
            assert proposal.merged_into is not None
            assert proposal.merged_into.state != P.MERGED


@pytest.fixture
def cast(p: Personas, zhao: tuple[User, Member], qian: tuple[User, Member], session: Any) -> Cast:
    edu = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    culture = HandlingUnit.objects.create(committee=p.city, name="市文旅局")
    users = {
        "proposer": p.member_wang,
        "cosigner": zhao[0],
        "staff": p.proposal_staff,
        "leader": p.leader,
        "lead_clerk": p.unit_clerk,
        "co_clerk": _user("edu_clerk", "教育局经办人", p.city, Role.UNIT_CLERK, unit=edu),
        "other_clerk": _user("culture_clerk", "文旅局经办人", p.city, Role.UNIT_CLERK, unit=culture),
        "outsider": qian[0],
    }
    units = {"lead_clerk": p.unit, "co_clerk": edu, "other_clerk": culture}
    return Cast(p=p, users=users, units=units, cosigner=zhao[1])


def test_random_walks_through_the_loop_keep_its_invariants(cast: Cast) -> None:
    CAST[:] = [cast]
    run_state_machine_as_test(
        ProposalLoop,
        settings=settings(
            max_examples=15,
            stateful_step_count=60,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
