"""The form giving one applicant more time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

TEMPLATES = "admin/applications/application"
BULK_ACTIONS = {
    "start_evaluation": _("Move all filtered applications to evaluation"),
    "export": _("Export all filtered applications to CSV"),
}


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(
        label=_("New deadline for this applicant"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the audit trail, e.g. the platform outage the applicant reported."),
    )
