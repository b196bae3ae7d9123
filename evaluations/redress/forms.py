"""Forms of the applicant's results pages: the redress request.

The form only carries what the browser sent; the rules (length of the grounds, the window,
one request per round, the evidence's type and size) are the service's
(:func:`evaluations.results.services.redress_request_submit`), whose errors are shown
next to the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.results.services import REDRESS_EVIDENCE_MAX_BYTES, REDRESS_MIN_CHARS


class RedressRequestForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of your request"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "At least %(count)s characters. A redress examines how your application was "
            "evaluated, not the experts' judgement: say which step of the procedure went "
            "wrong, which fact is mistaken, or where a score contradicts its comment."
        )
        % {"count": REDRESS_MIN_CHARS},
        error_messages={"required": _("Grounds: say why you ask for a redress.")},
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("One PDF file of at most %(size)s MB.")
        % {"size": REDRESS_EVIDENCE_MAX_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe()

    def describe(self) -> None:
        """Tie each field's help text and error to its input for screen readers."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and name in self.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_service_error(self, error: ValidationError) -> None:
        """Show a refusal of the service next to the field it names, else above the form."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                self.add_error(key if key in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
        self.describe()
