"""Demo learning for 青州市政协: courses written for the demo (no borrowed text) — theory, proposal
writing with a quiz, a reading list — and one the province shares with the committees below;
this year's plan with required courses (all members, one sector), partly completed: some members
finished (their 学时 scored in the duty ledger), others are part-way or not started; a 书香政协
reading group with a book list, notes and comments, one picked as outstanding; a 委员讲坛 lecture
linked to a training activity.

Runs through the services, like real use; time on lessons is written as past study days directly
(heartbeats happen in a browser)."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee, Member, Sector

from .models import Course, Lesson, Progress, StudyDay
from .services import library, plans, progress, reading

CITY_CODE = "DEMO-01"
PROVINCE_CODE = "DEMO"

THEORY = (
    (
        "人民政协的性质和定位",
        "<h3>一、统一战线组织</h3><p>人民政协由各党派、各团体、各民族、各界人士组成，是大团结大联合的组织。"
        "委员来自不同界别，把各方面的意见和智慧汇集起来，是政协工作的出发点。</p>"
        "<h3>二、专门协商机构</h3><p>政协围绕改革发展稳定的重要问题和群众切身利益问题开展协商，"
        "协商于决策之前和决策实施之中。委员在协商中要讲真话、建诤言，也要凝聚共识。</p>"
        "<h3>三、学习要点</h3><ul><li>理解政治协商、民主监督、参政议政三项主要职能；</li>"
        "<li>把握“团结和民主”两大主题；</li><li>明确委员“懂政协、会协商、善议政”的要求。</li></ul>",
    ),
    (
        "委员履职的基本要求",
        "<p>委员是政协工作的主体。履职的基本要求可以概括为：按时出席全体会议和常委会议，"
        "积极参加视察、调研和协商活动，每年至少提交一件提案或反映一条社情民意信息，"
        "经常联系界别群众，如实反映他们的意见和诉求。</p>"
        "<p>本市履职积分办法把会议、提案、社情民意、活动、学习等方面的表现记入履职档案，"
        "年终形成履职报告。在线学习完成课程后，按课程学时自动计入“网络学习培训”项目。</p>",
    ),
)
WRITING = (
    (
        "好提案从调研开始",
        "<p>提案要“不调研不提”。动笔之前先弄清三件事：问题是否真实存在、影响面有多大、"
        "有关部门已经做了什么。可以通过实地走访、座谈、查阅统计数据等方式掌握第一手材料。</p>"
        "<p>建议部分要具体可行：写明由谁来做、做什么、大致需要多长时间，避免“加强”“重视”等空泛表述。</p>",
    ),
    (
        "提案的格式与常见问题",
        "<p>一件提案只写一件事，标题一般以“关于……的建议”为格式。正文由情况、分析和建议三部分组成，"
        "篇幅以一千五百字以内为宜。</p><p>常见问题包括：一案多事、建议笼统、超出本级职权、"
        "属于个人诉求或司法案件等，这些情况一般不予立案，可以转为社情民意信息或委员来信处理。</p>",
    ),
)
QUIZ = [
    {"q": "一件提案一般应当写几件事？", "options": ["一件", "三件以内", "不限"], "answer": 0},
    {
        "q": "下列哪项一般不予立案？",
        "options": ["建议具体可行的提案", "涉及个人诉求的提案", "经过调研的提案"],
        "answer": 1,
    },
]
BOOKS = (("乡土中国", "费孝通"), ("中国共产党简史", "本书编写组"), ("经济学原理", "曼昆"))
NOTES = (
    (
        "读《乡土中国》有感",
        "费先生讲的“差序格局”，让我想到基层协商为什么要在村里、社区里开展：熟人社会里，"
        "大家坐下来商量，比层层转达更能把事情说透。今后在调研中要多听群众的家常话。",
    ),
    (
        "学党史，悟初心",
        "读完全书，感受最深的是每逢重大关头都注重调查研究、实事求是。作为委员，提建议也要从实际出发。",
    ),
)


def _course(
    committee_id: int,
    by: object,
    title: str,
    topic: str,
    hours: int,
    lessons: tuple[tuple[str, str], ...],
    **lesson_kwargs: object,
) -> Course:
    course = library.course_create(
        committee_id=committee_id,
        by=by,
        data={"title": title, "topic": topic, "credit_hours": hours, "summary": f"{title}，供委员在线学习。"},
    )
    for i, (lesson_title, body) in enumerate(lessons):
        library.lesson_create(
            course=course,
            by=by,
            data={"title": lesson_title, "kind": Lesson.Kind.TEXT, "order": i, "body": body, **lesson_kwargs},
        )
    library.course_publish(course=course, by=by)
    return course


def _studied(member: Member, course: Course, *, days_ago: int, minutes: int, finish: bool) -> None:
    """Past study: time on each lesson (as days of study), and the course completed if `finish`."""
    when = timezone.now() - timedelta(days=days_ago)
    for lesson in course.lessons.all():
        Progress.objects.update_or_create(
            member=member,
            lesson=lesson,
            defaults={
                "committee_id": lesson.committee_id,
                "seconds": minutes * 60,
                "furthest": 1.0 if finish else 0.4,
                "position": 0.4,
                "quiz_score": 100 if finish and lesson.quiz else None,
                "completed_at": when if finish else None,
            },
        )
    StudyDay.objects.update_or_create(
        member=member,
        day=timezone.localdate(when),
        defaults={"committee_id": member.committee_id, "seconds": minutes * 60 * course.lessons.count()},
    )
    if finish:
        progress.completion_record(member=member, course=course, now=when)


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(
        ["demo_activity_staff", "demo_member", "demo_province_info"], field_name="username"
    )
    staff, member_user = users["demo_activity_staff"], users["demo_member"]
    today = timezone.localdate()
    me = Member.objects.get(committee=city, person__user=member_user)
    members = list(
        Member.objects.filter(committee=city, is_active=True).select_related("person").order_by("id")
    )

    theory = _course(city.pk, staff, "人民政协理论与委员履职", "理论学习", 2, THEORY)
    writing = _course(city.pk, staff, "提案撰写的方法与要求", "履职能力", 1, WRITING[:1])
    library.lesson_create(
        course=writing,
        by=staff,
        data={
            "title": WRITING[1][0],
            "kind": Lesson.Kind.TEXT,
            "order": 1,
            "body": WRITING[1][1],
            "rule": Lesson.Rule.QUIZ,
            "quiz": QUIZ,
        },
    )
    books = library.course_create(
        committee_id=city.pk,
        by=staff,
        data={
            "title": "2026年委员推荐阅读书目",
            "kind": Course.Kind.READING,
            "topic": "书香政协",
            "credit_hours": 1,
        },
    )
    library.lesson_create(
        course=books,
        by=staff,
        data={
            "title": "推荐书目与导读",
            "body": "<ol>"
            + "".join(f"<li>《{t}》（{a}）</li>" for t, a in BOOKS)
            + "</ol><p>每季度读一本，写一篇心得。</p>",
            "rule": Lesson.Rule.TIME,
            "min_minutes": 3,
        },
    )
    library.course_publish(course=books, by=staff)
    province = Committee.objects.filter(code=PROVINCE_CODE).first()
    if province is not None and users.get("demo_province_info") is not None:
        shared = _course(
            province.pk,
            users["demo_province_info"],
            "数字政协平台使用指南",
            "履职能力",
            1,
            (("在手机上履职", "<p>登录后，工作台列出待办事项：待完成的学习课程、待回复的会议通知等。"
              "点开课时即可学习，离开页面时计时自动暂停，换一台设备会从上次的位置继续。</p>"),),
        )  # fmt: skip
        library.course_share(course=shared, by=users["demo_province_info"], shared=True)

    plan = plans.plan_create(
        committee_id=city.pk, year=today.year, title=f"{today.year}年度委员学习计划", by=staff
    )
    plans.item_add(plan=plan, course=theory, audience_kind="all", due_on=today + timedelta(days=45), by=staff)
    sector = Sector.objects.filter(committee=city, members__isnull=False).order_by("order").first()
    if sector is not None:
        plans.item_add(
            plan=plan,
            course=writing,
            audience_kind="sector",
            sector_id=sector.pk,
            due_on=today + timedelta(days=5),
            by=staff,
        )
    # Partly done: a third finished the theory course, a third part-way, the rest not started.
    for i, m in enumerate(members):
        if m.pk == me.pk:
            continue
        if i % 3 == 0:
            _studied(m, theory, days_ago=1 + i % 20, minutes=25, finish=True)
        elif i % 3 == 1:
            _studied(m, theory, days_ago=1 + i % 20, minutes=8, finish=False)
    _studied(me, books, days_ago=3, minutes=5, finish=True)

    group_members = [me, *members[:7]]
    group = reading.group_create(
        committee_id=city.pk,
        name="“同心”读书群",
        description="书香政协：每季度共读一本书，交流读书心得。",
        member_ids=[m.pk for m in group_members],
        books=list(BOOKS),
        by=staff,
    )
    book_ids = list(group.books.values_list("pk", flat=True))
    notes = []
    for (title, body), author, book_id in zip(NOTES, group_members[1:3], book_ids, strict=False):
        notes.append(
            reading.note_create(
                group=group,
                member=author,
                title=title,
                body=body,
                book_id=book_id,
                by=author.person.user or staff,
            )
        )
    for note in notes:
        reading.comment_add(note=note, member=me, body="写得实在，很受启发。", by=member_user)
    if notes:
        reading.note_pick(note=notes[0], by=staff)

    # The lecture's meeting activity belongs to consultations, beside learning in the import order:
    # the demo (which runs after consultations' demo) finds a training activity by the app registry.
    activity_model = apps.get_model("consultations", "Activity")
    activity = activity_model.objects.filter(committee=city, kind="training").order_by("starts_at").first()
    reading.lecture_create(
        committee_id=city.pk,
        title="委员讲坛：怎样写好一条社情民意信息",
        speaker=members[1].person.name if len(members) > 1 else "委员",
        held_on=timezone.localdate(activity.starts_at) if activity else today,
        summary="结合近年被采用的信息，讲选题、写法和时效。",
        activity_id=activity.pk if activity else None,
        course=writing,
        by=staff,
    )
