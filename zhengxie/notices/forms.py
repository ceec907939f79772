"""The office's form for an announcement or a briefing (the service checks the rules)."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.org.models import Sector, SpecialCommittee

from .models import Announcement


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AnnouncementForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Announcement.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))
    audience = forms.ChoiceField(label="发送范围", choices=Announcement.Audience.choices)
    sector = forms.ModelChoiceField(
        label="界别（发送范围为界别委员时）", queryset=Sector.objects.none(), required=False
    )
    special_committee = forms.ModelChoiceField(
        label="专委会（发送范围为专委会委员时）", queryset=SpecialCommittee.objects.none(), required=False
    )
    required = forms.BooleanField(label="须阅知（未读的委员会收到提醒）", required=False)
    attachments = FilesField(label="附件（最多5个）", required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        special = self.fields["special_committee"]
        assert isinstance(sector, forms.ModelChoiceField) and isinstance(special, forms.ModelChoiceField)
        sector.queryset = Sector.objects.filter(committee_id=committee_id).order_by("order", "id")
        special.queryset = SpecialCommittee.objects.filter(committee_id=committee_id).order_by("order", "id")
