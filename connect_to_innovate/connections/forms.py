"""The connection forms: an interest's message, a thread message, a meeting request with
its times and zone, the answer to a meeting, the call of a joint application."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from socialtech.accounts.forms import TIMEZONE_CHOICES

TIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are and why this fits; the other organisation reads it."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("New message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


def _slot_field(label: Any, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"type": "datetime-local"}),
    )


class MeetingForm(forms.Form):
    """One to three times, read on the clock of the zone chosen (the viewer's by default)."""

    slot_1 = _slot_field(_("First time"), True)
    slot_2 = _slot_field(_("Second time (optional)"), False)
    slot_3 = _slot_field(_("Third time (optional)"), False)
    zone = forms.ChoiceField(label=_("Time zone of these times"), choices=TIMEZONE_CHOICES[1:])
    note = forms.CharField(
        label=_("Where or how"),
        max_length=300,
        required=False,
        help_text=_("A video link, an address, or a phone number."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        zone_name = data.get("zone")
        zone = ZoneInfo(zone_name) if zone_name else None
        for key in ("slot_1", "slot_2", "slot_3"):
            text = (data.get(key) or "").strip()
            if not text:
                data[key] = None
                continue
            for shape in TIME_FORMATS:
                try:
                    data[key] = datetime.strptime(text, shape).replace(tzinfo=zone)
                    break
                except ValueError:
                    continue
            else:
                self.add_error(key, _("Give a date and a time, e.g. 2027-03-04 10:30."))
        return data

    def slots(self) -> list[datetime | None]:
        return [self.cleaned_data.get(key) for key in ("slot_1", "slot_2", "slot_3")]


class MeetingAnswerForm(forms.Form):
    slot = forms.CharField(label=_("Time"), widget=forms.HiddenInput)

    def clean_slot(self) -> datetime:
        try:
            return datetime.fromisoformat(self.cleaned_data["slot"])
        except ValueError:
            raise forms.ValidationError(_("Choose one of the times proposed.")) from None


class JointApplicationForm(forms.Form):
    call = forms.ChoiceField(label=_("Feasibility-study call"))

    def __init__(self, *args: Any, calls: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["call"]).choices = [
            (call.slug, str(call)) for call in calls
        ]
