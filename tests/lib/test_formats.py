"""Date inputs everywhere carry ISO dates (the only form <input type="date"> accepts), while dates
typed the Chinese way are still read."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import translation

from tests.personas import Personas
from zhengxie.org.holiday_views import DaysForm
from zhengxie.supervision.forms import BoardFilterForm


class _Form(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def test_date_widgets_render_iso_dates_in_chinese() -> None:
    with translation.override("zh-hans"):
        rendered = str(_Form(initial={"day": date(2026, 11, 23)})["day"])
    assert 'value="2026-11-23"' in rendered


def test_existing_forms_render_iso_dates(p: Personas) -> None:
    with translation.override("zh-hans"):
        holiday = str(DaysForm(initial={"start": date(2027, 2, 6)})["start"])
        board = str(
            BoardFilterForm(initial={"due_from": date(2027, 1, 5)}, committee_id=p.city.pk)["due_from"]
        )
    assert 'value="2027-02-06"' in holiday and 'value="2027-01-05"' in board


def test_chinese_typed_dates_are_still_accepted() -> None:
    with translation.override("zh-hans"):
        for typed in ("2026-11-23", "2026/11/23", "2026年11月23日"):
            form = _Form({"day": typed})
            assert form.is_valid(), typed
            assert form.cleaned_data["day"] == date(2026, 11, 23)
