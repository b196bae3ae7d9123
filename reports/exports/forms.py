"""The back-office form of the funding reports: which report, which format, which filters.

Every input is text here; the one check of the parameters is
``reports.exports.selectors.filters_from_params`` (the API uses it too), whose messages
are put on the fields they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from calls.models import Call, CallStatus, WorkPackage
from reports.exports.selectors import FundingFilters, filters_from_params
from reports.models import ReportFormat, ReportKind


class FundingReportForm(forms.Form):
    report = forms.CharField(
        label=_("Report"),
        required=False,
        widget=forms.Select(choices=ReportKind.choices),
    )
    format = forms.CharField(
        label=_("Format"),
        required=False,
        widget=forms.Select(choices=ReportFormat.choices),
    )
    call = forms.CharField(label=_("Call"), required=False)
    work_package = forms.CharField(label=_("Work package"), required=False)
    award_from = forms.CharField(
        label=_("Period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Recipients: the award date; sub-calls: the deadline. The programme's clock."),
    )
    award_to = forms.CharField(
        label=_("Period to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    country = forms.CharField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        calls = Call.objects.exclude(status=CallStatus.DRAFT).order_by("-opens_at", "pk")
        self.fields["call"].widget = forms.Select(
            choices=every + [(call.slug, f"{call.reference} · {call.title_text}") for call in calls]
        )
        self.fields["work_package"].widget = forms.Select(
            choices=every
            + [(package.code, str(package)) for package in WorkPackage.objects.order_by("order")]
        )
        self.fields["country"].widget = forms.Select(
            choices=every + [(code, str(name)) for code, name in countries]
        )
        self.filters: FundingFilters | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.filters = filters_from_params(
                {name: str(value or "") for name, value in cleaned.items()}
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    def describe(self) -> None:
        """Tie each input to its help and its error for screen readers (aria-describedby)."""
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
