"""Read everything the platform holds about a person, model by model (see the catalogue)."""

from __future__ import annotations

from typing import Any

from django.db import models

from privacy.catalogue import HOLDINGS, SECRET_FIELD_NAMES, Holding
from socialtech.tenancy.context import no_tenant_scope


def person_emails(user: Any) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = {user.email.lower()}
    emails.update(
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return emails


def _rows_filter(holding: Holding, user: Any, emails: set[str]) -> models.Q | None:
    condition: models.Q | None = None
    for path in holding.user_paths:
        part = models.Q(**{path: user.pk})
        condition = part if condition is None else condition | part
    for path in holding.email_paths:
        part = models.Q(**{f"{path}__in": sorted(emails)})
        condition = part if condition is None else condition | part
    return condition


def _value(row: models.Model, model_field: models.Field) -> Any:
    if model_field.is_relation:
        return getattr(row, model_field.attname)
    value = getattr(row, model_field.attname)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _serialise(holding: Holding, row: models.Model) -> dict[str, Any]:
    hidden = SECRET_FIELD_NAMES | holding.secret_fields
    return {
        model_field.name: _value(row, model_field)
        for model_field in row._meta.concrete_fields
        if model_field.name not in hidden
    }


def holding_rows(
    holding: Holding, user: Any, *, emails: set[str], tenant: Any = None
) -> list[dict[str, Any]]:
    """The rows of one model about ``user``; with ``tenant``, only that programme's."""
    condition = _rows_filter(holding, user, emails)
    if condition is None:
        return []
    model = holding.model
    queryset = model._default_manager.filter(condition)
    if tenant is not None and any(f.name == "tenant" for f in model._meta.concrete_fields):
        queryset = queryset.filter(tenant=tenant)
    return [_serialise(holding, row) for row in queryset.distinct().order_by("pk")]


def personal_data(user: Any, *, tenant: Any = None) -> dict[str, list[dict[str, Any]]]:
    """Every catalogued model's rows about ``user``, by model label (empty models left out)."""
    emails = person_emails(user)
    data: dict[str, list[dict[str, Any]]] = {}
    with no_tenant_scope():
        for label, holding in sorted(HOLDINGS.items()):
            rows = holding_rows(holding, user, emails=emails, tenant=tenant)
            if rows:
                data[label] = rows
    return data


def has_personal_data_in(user: Any, tenant: Any) -> bool:
    """Whether ``user`` has any catalogued row in ``tenant`` (a role, an application...)."""
    emails = person_emails(user)
    with no_tenant_scope():
        for holding in HOLDINGS.values():
            model = holding.model
            if not any(f.name == "tenant" for f in model._meta.concrete_fields):
                continue
            condition = _rows_filter(holding, user, emails)
            if (
                condition is not None
                and model._default_manager.filter(condition, tenant=tenant).exists()
            ):
                return True
    return False
