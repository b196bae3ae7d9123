"""Paging long lists without reading the rows a page skips.

A deep page (``?p=300`` of 18,000 rows) read with a plain ``OFFSET`` makes the database
fetch every row before it, with all its joined columns, and sort them. An
:class:`IdsFirstPaginator` page picks its ids first, in a subquery that orders and skips
over an index holding the list's order (for the staff application list,
``application_staff_list_order``) without reading the table; the page's rows are then
fetched by id and joined. One query per page, at any depth.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    """A paginator of a queryset whose pages are read by their ids first.

    The page keeps the queryset's order, joins and deferred fields, and stays a queryset
    (so an admin's ``list_editable`` still works). A list that is not a queryset is sliced
    as Django's paginator does.
    """

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.rows(bottom, top), number, self)

    def rows(self, bottom: int, top: int) -> Any:
        """The rows from position ``bottom`` to ``top`` (excluded) of the list."""
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return queryset[bottom:top]
        # The slice keeps the list's ORDER BY in the subquery: the offset is taken over the
        # ordered ids alone, then the outer query orders the page's few rows again.
        page_ids = queryset.values("pk")[bottom:top]
        return queryset.filter(pk__in=page_ids)
