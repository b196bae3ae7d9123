"""Form fields the acceleration pages share."""

from __future__ import annotations

from typing import Any

from django import forms


class ParticipantChoiceField(forms.ModelChoiceField):
    """A choice of participations, each named by its organisation and cohort."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.legal_name} · {obj.cohort.name}"
