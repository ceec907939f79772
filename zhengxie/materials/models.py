"""会议材料 (meeting materials): what each activity of consultations carries for the members
invited to it — the agenda, documents read on the phone (downloads of confidential ones audited;
those marked are withdrawn once the meeting has ended), and each member's seat and group.
Sign-in stays where it is (consultations)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Activity
from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Member


class Agenda(models.Model):
    """The agenda of an activity (议程), one text the office keeps up to date."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("会议议程", max_length=5000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.text[:30]


class Material(CommitteeFile):
    """A document of an activity. `withdraw_after` ones are unavailable from the activity's end
    (checked at every read) and their file is removed by a job (`withdrawn_at`)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="materials/%Y/%m/")
    title = models.CharField("材料名称", max_length=200)
    confidential = models.BooleanField("涉密或内部材料（下载留痕）", default=False)
    withdraw_after = models.BooleanField("会后收回", default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta(CommitteeFile.Meta):
        db_table = "materials_material"
        indexes = [models.Index(fields=["withdraw_after", "withdrawn_at"], name="materials_withdraw")]

    def __str__(self) -> str:
        return self.title


class Seat(models.Model):
    """A member's seat and group (座位、分组) at an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    seat = models.CharField("座位", max_length=30, blank=True)
    group = models.CharField("分组", max_length=50, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="materials_seat_once")]

    def __str__(self) -> str:
        return f"{self.seat} {self.group}"
