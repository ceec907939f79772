"""Chinese names of 委员学习's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "learning.course.created": "新建学习课程",
        "learning.course.edited": "修改学习课程",
        "learning.course.published": "发布学习课程",
        "learning.course.retired": "下架学习课程",
        "learning.course.shared": "向下级政协共享课程",
        "learning.course.unshared": "取消向下级政协共享课程",
        "learning.lesson.created": "新增课时",
        "learning.lesson.edited": "修改课时",
        "learning.lesson.completed": "完成课时学习",
        "learning.course.completed": "完成课程学习",
        "learning.completion.withdrawn": "撤销学习记录",
        "learning.plan.created": "制定年度学习计划",
        "learning.plan.item_added": "列入必修课程并分派",
        "learning.group.created": "成立读书群",
        "learning.book.added": "增加书目",
        "learning.note.created": "发表读书心得",
        "learning.note.commented": "评论读书心得",
        "learning.note.picked": "评为优秀读书心得",
        "learning.note.unpicked": "取消优秀读书心得",
        "learning.lecture.created": "登记委员讲坛",
    },
    group="委员学习",
)

register_kind("learning.course", "学习课程", url=lambda c: reverse("learning:course", args=[c.pk]))
register_kind(
    "learning.lesson",
    "课时",
    title=lambda lesson: lesson.title,
    url=lambda lesson: reverse("learning:lesson", args=[lesson.pk]),
)
register_kind(
    "learning.completion",
    "课程学习记录",
    title=lambda c: f"《{c.course.title}》",
    url=lambda c: reverse("learning:course", args=[c.course_id]),
    related=("course",),
)
register_kind("learning.progress", "课时学习进度", title=lambda p: "")
register_kind("learning.plan", "年度学习计划", url=lambda p: reverse("learning:plan", args=[p.pk]))
register_kind("learning.planitem", "必修课程", title=lambda i: f"《{i.course.title}》", related=("course",))
register_kind("learning.readinggroup", "读书群", url=lambda g: reverse("learning:group", args=[g.pk]))
register_kind("learning.note", "读书心得", url=lambda n: reverse("learning:note", args=[n.pk]))
register_kind("learning.lecture", "委员讲坛", url=lambda lec: reverse("learning:lectures"))
