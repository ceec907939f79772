"""The page where activity staff arrange a briefing's meeting (知情明政通报会) or link an
activity already planned; the briefing's own page (notices) then shows the meeting and its
materials."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.consultations.permissions import is_staff
from zhengxie.lib.errors import DomainError
from zhengxie.materials.services import agenda_save
from zhengxie.notices import announcements
from zhengxie.notices.models import Announcement

from .services import briefings

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label="通报会名称", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    place = forms.CharField(label="地点", max_length=100)
    agenda = forms.CharField(
        label="会议议程", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


@login_required
def briefing_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = announcements.get_for_user(request.user, pk)
    if (
        not is_staff(request.user, announcement.committee_id)
        or announcement.kind != Announcement.Kind.BRIEFING
    ):
        raise Http404
    if announcement.activity_id:
        return redirect("notices:announcement_detail", announcement.pk)
    form = MeetingForm(
        request.POST if request.POST.get("action") == "arrange" else None,
        initial={"title": f"{announcement.title}通报会"[:200]},
    )
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "link":
                briefings.meeting_link(
                    announcement=announcement, by=request.user, activity_id=request.POST.get("activity")
                )
            elif form.is_valid():
                d = dict(form.cleaned_data)
                agenda = d.pop("agenda", "")
                with transaction.atomic():
                    activity = briefings.meeting_arrange(
                        announcement=announcement, by=request.user, data=briefings.MeetingData(**d)
                    )
                    if agenda.strip():
                        agenda_save(activity=activity, by=request.user, text=agenda)
            else:
                raise DomainError("请按提示填写通报会信息")
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "已安排通报会，受文委员将收到活动邀请；会议材料请在“会议材料”中上传")
            return redirect("notices:announcement_detail", announcement.pk)
    context = {
        "a": announcement,
        "form": form,
        "activities": list(briefings.linkable(announcement)[:100]),
    }
    return render(request, "participation/briefing_meeting.html", context, status=status)
