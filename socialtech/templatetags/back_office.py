"""Template helpers of the back office (Django's admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@dataclass
class SelectFilter:
    """A list filter as a form: one select, the list's other filters kept as hidden fields."""

    parameter: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    options: list[tuple[str, Any, bool]] = field(default_factory=list)
    clear_url: str | None = None
    other_links: list[dict[str, Any]] = field(default_factory=list)


@register.simple_tag
def select_filter(spec: Any, choices: list[dict[str, Any]]) -> SelectFilter:
    """``spec``'s ``choices`` (Django's filter links) read as a select and its hidden fields.

    Each link's query string holds the list's other filters and this filter's value under
    its first parameter. The link that drops the filter ("All") gives the hidden fields and
    the link that clears the choice; a link that sets another of its parameters (such as
    "empty") stays a link.
    """
    parameters = list(spec.expected_parameters())
    chosen = SelectFilter(parameter=parameters[0])
    for choice in choices:
        query = QueryDict(choice["query_string"].lstrip("?"))
        own = [name for name in parameters if name in query]
        if not own:
            chosen.hidden = [(name, value) for name, values in query.lists() for value in values]
            chosen.clear_url = None if choice["selected"] else choice["query_string"]
        elif own == [chosen.parameter]:
            chosen.options.append((query[chosen.parameter], choice["display"], choice["selected"]))
        else:
            chosen.other_links.append(choice)
    return chosen
