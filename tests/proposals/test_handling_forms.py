"""The handling forms' date fields come up with their default date in the browser."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from zhengxie.proposals.handling_forms import ContactForm, ExtensionForm


def test_date_inputs_carry_iso_dates_that_a_browser_date_picker_accepts() -> None:
    with translation.override("zh-hans"):
        contact = str(ContactForm(initial={"on": date(2026, 11, 23)})["on"])
        extension = str(ExtensionForm(initial={"new_due_on": date(2027, 1, 5)})["new_due_on"])
    assert 'type="date"' in contact and 'value="2026-11-23"' in contact
    assert 'value="2027-01-05"' in extension
