"""Times in the back office on a named clock, through ``socialtech.formatting``.

Django's admin prints a datetime in the active zone without saying which, in a format of
its own. Every back-office list and form mixes ``ZonedTimesAdminMixin`` in (through the
tenant mixin), which replaces each datetime column and read-only datetime field by one
that says where its clock is:

- a list column is on the viewer's clock, named once in its heading
  ("submitted at (Europe/Brussels)"), so the rows compare and sort as one column;
- a read-only field of one record is on that record's clock (``time_zone_of``: the call's
  for calls and applications) and its value names the zone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.text import capfirst

from socialtech.formatting import format_datetime, zone_label

COLUMN_PREFIX = "zoned_column__"
FIELD_PREFIX = "zoned_field__"


class ZonedTimesAdminMixin:
    model: type[models.Model]

    def time_zone_of(self, obj: Any) -> str | None:
        """The zone of ``obj``'s own clock, or ``None`` for the viewer's."""
        return None

    # --- which fields --------------------------------------------------------------------

    def _datetime_field(self, name: str) -> models.DateTimeField | None:
        try:
            field = self.model._meta.get_field(name)
        except Exception:  # FieldDoesNotExist, or a name that is a method
            return None
        return field if isinstance(field, models.DateTimeField) else None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The zoned column and field of each datetime field, by the names the hooks below
        # give them. A column's heading is worked out when the page is drawn, so it names
        # the zone that is active for that request.
        for field in self.model._meta.fields:
            if isinstance(field, models.DateTimeField):
                setattr(self, f"{COLUMN_PREFIX}{field.name}", self._column(field))
                setattr(self, f"{FIELD_PREFIX}{field.name}", self._field(field))

    def _column(self, field: models.DateTimeField) -> Callable[[Any], str]:
        def column(obj: Any) -> str:
            value = getattr(obj, field.name)
            return format_datetime(value, label=False) if value else "—"

        column.short_description = lazy(  # type: ignore[attr-defined]
            lambda: f"{field.verbose_name} ({zone_label(None)})", str
        )()
        column.admin_order_field = field.name  # type: ignore[attr-defined]
        return column

    def _field(self, field: models.DateTimeField) -> Callable[[Any], str]:
        def value_of(obj: Any) -> str:
            value = getattr(obj, field.name, None) if obj is not None else None
            return format_datetime(value, self.time_zone_of(obj)) if value else "—"

        value_of.short_description = capfirst(field.verbose_name)  # type: ignore[attr-defined]
        return value_of

    # --- the admin's hooks ---------------------------------------------------------------

    def get_list_display(self, request: Any) -> Any:
        names = super().get_list_display(request)  # type: ignore[misc]
        links = set(self.get_list_display_links(request, names) or ())  # type: ignore[attr-defined,call-arg]
        return [
            f"{COLUMN_PREFIX}{name}"
            if isinstance(name, str) and name not in links and self._datetime_field(name)
            else name
            for name in names
        ]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # An admin that adds read-only fields of its own (after asking ``super()``) still
        # gets the zoned twin of each: its method is wrapped once, here.
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("get_readonly_fields")
        if own is not None and not getattr(own, "adds_zoned_fields", False):

            @functools.wraps(own)
            def get_readonly_fields(self: Any, request: HttpRequest, obj: Any = None) -> Any:
                return self._with_zoned_fields(own(self, request, obj))

            get_readonly_fields.adds_zoned_fields = True  # type: ignore[attr-defined]
            cls.get_readonly_fields = get_readonly_fields  # type: ignore[method-assign]

    def _with_zoned_fields(self, names: Sequence[Any]) -> list[Any]:
        # The original names stay read-only, so the form never asks for them.
        names = list(names)
        return names + [
            f"{FIELD_PREFIX}{name}"
            for name in names
            if isinstance(name, str)
            and self._datetime_field(name)
            and f"{FIELD_PREFIX}{name}" not in names
        ]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return self._with_zoned_fields(super().get_readonly_fields(request, obj))  # type: ignore[misc]

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        if self.has_change_permission(request, obj):  # type: ignore[attr-defined,call-arg]
            candidates = self.get_readonly_fields(request, obj)
        else:  # the admin shows every field read-only
            candidates = [field.name for field in self.model._meta.fields]
        readonly = {
            name for name in candidates if isinstance(name, str) and self._datetime_field(name)
        }
        seen: set[str] = set()

        def shown(name: Any) -> Any:
            if isinstance(name, (list, tuple)):
                kept = [shown(part) for part in name]
                return type(name)(part for part in kept if part is not None)
            if not isinstance(name, str):
                return name
            if name in readonly:
                name = f"{FIELD_PREFIX}{name}"
            if name in seen:
                return None
            seen.add(name)
            return name

        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):  # type: ignore[misc]
            fields = [shown(name) for name in options.get("fields", ())]
            fieldsets.append(
                (title, {**options, "fields": [name for name in fields if name not in (None, ())]})
            )
        return fieldsets
