"""The migration that turns the outcome's single instruction fields into instruction rows keeps
every instruction: one row per supervision item that followed the outcome up (relinked to its
row, an accepted item's report carried over), and a row for instruction text without an item."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.personas import Personas
from zhengxie.consultations import config
from zhengxie.consultations.services import plans
from zhengxie.supervision import config as supervision_config
from zhengxie.supervision.models import Item
from zhengxie.supervision.services.items import ItemData, item_register

BEFORE = [("consultations", "0003_document_attachment")]
AFTER = [("consultations", "0004_outcome_instructions")]


@pytest.mark.django_db(transaction=True)
def test_existing_instructions_and_their_items_become_rows(p: Personas) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"),
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldOutcome = old.get_model("consultations", "Outcome")
    submitted = timezone.now() - timedelta(days=3)
    common = {
        "committee_id": p.city.pk, "consultation_id": c.pk, "kind": "special_report", "body": "……",
        "submitted_at": submitted, "created_by_id": p.activity_staff.pk,
    }  # fmt: skip
    # The second instruction overwrote the first on the outcome; both items remain.
    followed = OldOutcome.objects.create(
        title="城市更新专报", instruction="请财政局予以资金保障。", instructed_by="分管副市长", **common
    )
    bare = OldOutcome.objects.create(title="纪要", instruction="请研究吸收。", instructed_by="市长", **common)
    untouched = OldOutcome.objects.create(title="建议案", **common)
    items = []
    for leader, text in (("市长", "请住建局牵头研究落实。"), ("分管副市长", "请财政局予以资金保障。")):
        item = item_register(
            committee_id=p.city.pk, by=p.activity_staff,
            data=ItemData(
                title=f"落实{leader}对《城市更新专报》的批示", content=text, lead_unit=p.unit,
                source=supervision_config.source_named(p.city.pk, "协商成果"),
                due_on=timezone.localdate() + timedelta(days=30),
            ),
        )  # fmt: skip
        items.append(item)
    outcome_type = ContentType.objects.get_or_create(app_label="consultations", model="outcome")[0]
    Item.objects.filter(pk__in=[i.pk for i in items]).update(link_type=outcome_type, link_id=followed.pk)
    Item.objects.filter(pk=items[0].pk).update(
        state="done", completion_text="已全部落实。", done_at=timezone.now()
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from zhengxie.consultations.models import Instruction

    rows = list(
        Instruction.objects.order_by("id").values_list(
            "outcome_id", "leader_name", "text", "item_id", "result"
        )
    )
    assert rows == [
        (followed.pk, "市长", "请住建局牵头研究落实。", items[0].pk, "已全部落实。"),
        (followed.pk, "分管副市长", "请财政局予以资金保障。", items[1].pk, ""),
        (bare.pk, "市长", "请研究吸收。", None, ""),
    ]
    instruction_type = ContentType.objects.get_for_model(Instruction)
    by_item = {r.item_id: r.pk for r in Instruction.objects.exclude(item=None)}
    for item in Item.objects.filter(pk__in=[i.pk for i in items]):
        assert (item.link_type_id, item.link_id) == (instruction_type.pk, by_item[item.pk])
    assert not Instruction.objects.filter(outcome_id=untouched.pk).exists()

    # Back again: the outcome holds its latest instruction and the items follow the outcome.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    back = old.get_model("consultations", "Outcome").objects.get(pk=followed.pk)
    assert (back.instructed_by, back.instruction) == ("分管副市长", "请财政局予以资金保障。")
    assert set(Item.objects.filter(pk__in=[i.pk for i in items]).values_list("link_type_id", "link_id")) == {
        (outcome_type.pk, followed.pk)
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
