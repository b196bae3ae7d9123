"""The attendance form: one choice per expected participant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acceleration.models import AttendanceStatus

NOT_RECORDED = ""


class AttendanceForm(forms.Form):
    """A field ``participant_<id>`` per expected participant: present, absent, excused or
    not recorded yet."""

    def __init__(self, *args: Any, participants: list[Any], current: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(NOT_RECORDED, _("Not recorded")), *AttendanceStatus.choices]
        for participant in participants:
            attendance = current.get(participant.pk)
            self.fields[f"participant_{participant.pk}"] = forms.ChoiceField(
                label=participant.organisation.legal_name,
                choices=choices,
                required=False,
                initial=attendance.status if attendance else NOT_RECORDED,
            )

    def chosen(self) -> dict[int, str]:
        return {
            int(name.removeprefix("participant_")): value
            for name, value in self.cleaned_data.items()
            if value
        }
