"""The filters of the staff list of applications, and its change list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from applications.staff_selectors import application_sme_condition, applications_visible_by_default

TEMPLATES = "admin/applications/application"
BULK_ACTIONS = {
    "start_evaluation": _("Move all filtered applications to evaluation"),
    "export": _("Export all filtered applications to CSV"),
}


# --- Filters --------------------------------------------------------------------------------

# Changelist parameters that are not filters: the page, the error flag, the popup flags.
NOT_FILTERS = {"p", "e", "_popup", "_to_field"}


class StatusListFilter(admin.SimpleListFilter):
    """Submitted and later by default; drafts only when asked for (their content stays hidden)."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(self.ALL, _("All, drafts included")), *ApplicationStatus.choices]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Application]
    ) -> QuerySet[Application]:
        value = self.value()
        if value is None:
            return applications_visible_by_default(queryset)
        if value == self.ALL:
            return queryset
        if value in ApplicationStatus.values:
            return queryset.filter(status=value)
        # An unknown value must not fall back to a wider list (a bulk action would act on it).
        raise IncorrectLookupParameters(value)

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() not in {self.ALL, *ApplicationStatus.values},
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Submitted and later"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class SMEListFilter(admin.SimpleListFilter):
    title = _("SME")
    parameter_name = "sme"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("SME")), ("no", _("Not an SME"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Application]
    ) -> QuerySet[Application]:
        if self.value() == "yes":
            return queryset.filter(application_sme_condition())
        if self.value() == "no":
            return queryset.exclude(application_sme_condition())
        if self.value() is not None:
            raise IncorrectLookupParameters(self.value())
        return queryset


# Filters with many choices (call titles, countries) are a select and a button, not a
# screen of links.
SELECT_FILTER_TEMPLATE = "admin/filter_select.html"


class CallFilter(admin.RelatedFieldListFilter):
    """Shown even when the programme has one call.

    Django drops a filter with a single choice and then ignores its parameter; a bulk
    action re-applying a link's filters must never silently widen to every application.
    """

    template = SELECT_FILTER_TEMPLATE

    def has_output(self) -> bool:
        return True


class OrganisationCountryFilter(admin.ChoicesFieldListFilter):
    template = SELECT_FILTER_TEMPLATE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = gettext("organisation country")


class OrganisationLegalFormFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = gettext("organisation legal form")


class ApplicationChangeList(ChangeList):
    """The list reads no answers: they are large and the list never shows them."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("answers", "submitted_answers", "search_text")
        )


def active_filters(changelist: Any) -> list[tuple[str, str]]:
    """The filters of ``changelist`` that narrow the list, as (title, chosen value) pairs."""
    chosen = []
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            if choice.get("selected") and choice.get("display") != gettext("All"):
                chosen.append((str(spec.title), str(choice["display"])))
    return chosen
