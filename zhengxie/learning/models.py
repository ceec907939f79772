"""委员学习: the learning library (courses of lessons, policy documents, reading lists), yearly
plans and each member's assignments, honest progress (time credited only while a lesson is on
screen, once per member however many devices), completions that feed the duty ledger, and the
书香政协 reading groups with their notes and lectures (委员讲坛)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengxie.org.models import Committee, Member, Sector, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class Course(models.Model):
    """An item of a committee's learning library: a course of lessons, a policy document or a
    reading list. Staff publish it (now or from a scheduled time) and retire it; a committee with
    committees below it may share a published course with them."""

    class Kind(models.TextChoices):
        COURSE = "course", "课程"
        POLICY = "policy", "政策文件"
        READING = "reading", "阅读书目"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        RETIRED = "retired", "已下架"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField("名称", max_length=200)
    summary = models.TextField("简介", blank=True)
    topic = models.CharField("专题", max_length=50, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name="适用界别", blank=True, related_name="+")
    special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name="适用专委会", blank=True, related_name="+"
    )
    credit_hours = models.PositiveSmallIntegerField("学时", default=1)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    # A published course is open to members from this time (a future time schedules it).
    publish_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    shared_down = models.BooleanField("共享给下级政协", default=False)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_course"
        indexes = [models.Index(fields=["committee", "state", "publish_at"], name="learning_course_open_idx")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """One lesson of a course: rich text (sanitised), a PDF or Word document read on the page, an
    audio or video file served by the platform, or a link to the intranet's video service. It is
    complete by its rule: read (or played) to the end, a minimum time on screen, or a quiz passed.
    The quiz is data: [{"q": question, "options": [...], "answer": index of the right option}]."""

    class Kind(models.TextChoices):
        TEXT = "text", "图文"
        PDF = "pdf", "PDF文档"
        WORD = "word", "Word文档"
        AUDIO = "audio", "音频"
        VIDEO = "video", "视频"
        LINK = "link", "内网视频链接"

    class Rule(models.TextChoices):
        END = "end", "阅读（播放）到结尾"
        TIME = "time", "学习达到规定时长"
        QUIZ = "quiz", "通过随堂测验"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("标题", max_length=200)
    kind = models.CharField("形式", max_length=8, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField("正文", blank=True)  # sanitised HTML (text lessons, converted Word)
    file = models.FileField("文件", upload_to="learning/%Y/%m/", blank=True)
    file_name = models.CharField("文件名", max_length=150, blank=True)
    file_type = models.CharField(max_length=60, blank=True)
    link_url = models.URLField("视频链接", blank=True)
    rule = models.CharField("完成条件", max_length=6, choices=Rule.choices, default=Rule.END)
    min_minutes = models.PositiveSmallIntegerField("最少学习时长（分钟）", default=0)
    quiz = models.JSONField("测验题", default=list, blank=True)
    pass_percent = models.PositiveSmallIntegerField("及格线（%）", default=60)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_lesson"
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_media(self) -> bool:
        return self.kind in (self.Kind.AUDIO, self.Kind.VIDEO)


class Plan(models.Model):
    """A committee's yearly learning plan: which courses whom (all members, the term's new
    members, a sector, a special committee) must finish by when."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("计划名称", max_length=100)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_plan"

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One required course of a plan, for one audience, due on a day."""

    class Audience(models.TextChoices):
        ALL = "all", "全体委员"
        NEW = "new", "本届新任委员"
        SECTOR = "sector", "界别"
        SPECIAL = "special", "专委会"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField("学习对象", max_length=8, choices=Audience.choices, default=Audience.ALL)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    special_committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("完成期限")
    assigned_count = models.PositiveIntegerField("已分派人数", default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_plan_item"

    def __str__(self) -> str:
        return f"{self.course_id}@{self.due_on}"


class Assignment(models.Model):
    """A course a member must finish by a day (from a plan item). Done when the member's
    completion of the course stands; the reminder job claims `reminded_at` before telling him."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="assignments")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="assignments")
    due_on = models.DateField("完成期限", db_index=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_assignment"
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="learning_assignment_once")]
        indexes = [models.Index(fields=["member", "done_at", "due_on"], name="learning_assignment_due_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.course_id}"


class LearnerClock(models.Model):
    """Up to when a member's time has been credited, whatever the device: a heartbeat credits only
    the part of its interval after this, so two devices open at once never count twice."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="+", primary_key=True)
    credited_until = models.DateTimeField()

    class Meta:
        db_table = "learning_clock"

    def __str__(self) -> str:
        return f"{self.member_id}@{self.credited_until}"


class LessonView(models.Model):
    """One opening of a lesson on one device while it is on screen: heartbeats name it, so each
    device's interval starts at its own previous heartbeat."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    last_beat_at = models.DateTimeField()
    ended = models.BooleanField(default=False)

    class Meta:
        db_table = "learning_lesson_view"

    def __str__(self) -> str:
        return f"{self.member_id}:{self.lesson_id}"


class Progress(models.Model):
    """A member's progress on a lesson: credited seconds, the reading (or playing) position kept
    across devices, the best quiz score and when the lesson's rule was met."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    seconds = models.PositiveIntegerField("学习时长（秒）", default=0)
    position = models.FloatField("阅读位置", default=0)  # 0–1 of a page, seconds of a recording
    furthest = models.FloatField(default=0)  # the furthest fraction reached (0–1)
    quiz_score = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_progress"
        constraints = [models.UniqueConstraint(fields=["member", "lesson"], name="learning_progress_once")]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.lesson_id}"


class StudyDay(models.Model):
    """Seconds credited to a member on one day: learning hours per member and year are sums of
    these, so a year counts the time studied in it."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    seconds = models.PositiveIntegerField(default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_study_day"
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="learning_day_once")]
        indexes = [models.Index(fields=["committee", "day"], name="learning_day_committee_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.day}"


class Completion(models.Model):
    """A member finished every lesson of a course. It earns the course's 学时 in the duty ledger
    once (the completion is the entry's source); staff may withdraw it, which reverses the points."""

    class State(models.TextChoices):
        DONE = "done", "已完成"
        WITHDRAWN = "withdrawn", "已撤销"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField("完成时间")
    year = models.PositiveSmallIntegerField("年度")
    hours = models.PositiveSmallIntegerField("学时")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DONE)
    withdrawn_reason = models.CharField("撤销原因", max_length=200, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_completion"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "course"], condition=Q(state="done"), name="learning_completion_once"
            )
        ]
        indexes = [models.Index(fields=["committee", "year", "state"], name="learning_completion_year_idx")]

    def __str__(self) -> str:
        return f"{self.member}《{self.course}》"


class ReadingGroup(models.Model):
    """A 书香政协 reading group: members reading a list of books together and writing notes."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("读书群名称", max_length=100)
    description = models.TextField("简介", blank=True)
    members = models.ManyToManyField(Member, verbose_name="成员", related_name="+", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_reading_group"

    def __str__(self) -> str:
        return self.name


class Book(models.Model):
    """A book on a reading group's list."""

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="books")
    title = models.CharField("书名", max_length=200)
    author = models.CharField("作者", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "learning_book"
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    """A reading note (读书心得) by a group member; staff may pick it as outstanding (优秀心得), which
    publishes it to the committee and earns a duty point, and may undo the pick."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="notes")
    book = models.ForeignKey(Book, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    outstanding_at = models.DateTimeField("评为优秀时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_note"

    def __str__(self) -> str:
        return self.title


class NoteComment(models.Model):
    """A group member's comment on a note."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("评论")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "learning_note_comment"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.body[:20]


class Lecture(models.Model):
    """A 委员讲坛 lecture: a member or guest speaks on a topic at a meeting activity of the
    consultations app (by id: learning sits beside consultations in the import order), whose sign-in
    already feeds the duty record; the lecture's recording may be a course of the library."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("讲题", max_length=200)
    speaker = models.CharField("主讲人", max_length=100)
    held_on = models.DateField("举办日期")
    summary = models.TextField("内容提要", blank=True)
    activity_id = models.BigIntegerField("会议活动", null=True, blank=True)
    course = models.ForeignKey(
        Course,
        verbose_name="讲座录像课程",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "learning_lecture"

    def __str__(self) -> str:
        return self.title
