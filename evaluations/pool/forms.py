"""Forms of the expert's pages: the answer to an invitation.

The rules (who may answer, the call still open to answers) are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.workspace.forms import AccessibleForm


class InvitationForm(AccessibleForm):
    """The evaluator's answer to an invitation: accept with the standing declaration, or
    decline."""

    ACCEPT = "accept"
    DECLINE = "decline"

    answer = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[
            (ACCEPT, gettext_lazy("I accept to evaluate for this call")),
            (DECLINE, gettext_lazy("I decline this invitation")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Your answer: choose to accept or to decline."),
            "invalid_choice": gettext_lazy("Your answer: choose to accept or to decline."),
        },
    )
    standing_declaration = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "I sign the standing declaration: I will follow the code of conduct, keep every "
            "application and review confidential, and declare any conflict of interest as "
            "soon as I see it."
        ),
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Why do you decline? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == self.ACCEPT and not cleaned.get("standing_declaration"):
            self.add_error(
                "standing_declaration",
                _("Standing declaration: tick the box to sign it before you accept."),
            )
        return cleaned

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["answer"] == self.ACCEPT
