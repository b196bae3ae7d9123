from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialtech.i18n import localise
from socialtech.tenancy import rls
from socialtech.tenancy.context import get_active_tenant, is_scope_disabled, require_active_tenant
from socialtech.tenancy.tenant import Domain, Tenant, default_languages, hex_colour, host_cache_key


class TenantScopedManager(models.Manager):
    """Default manager of tenant-owned models: filters by the active tenant, raises without one."""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if is_scope_disabled():
            return queryset
        return queryset.filter(tenant=require_active_tenant())

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Bulk writes skip ``save()``: each row's links are checked here instead."""
        rows = list(objs)
        for row in rows:
            require_same_tenant(row, **row.linked_tenant_rows())
        return super().bulk_create(rows, *args, **kwargs)


class UnscopedQuerySet(models.QuerySet):
    """Rows of every programme, on purpose: the ``unscoped`` door opens both locks.

    Each query this queryset runs is run with the database's row-level security bypassed
    (``rls.rls_bypass``), so the modules allowed to use ``Model.unscoped`` (listed, with
    their reasons, in ``tests/tenancy/test_unscoped_allow_list.py``) still see what they
    must when the application connects as an ordinary role, and write the rows of the
    programme they name. ``instance.save()`` is not covered: it writes through the base
    manager, in the active programme.
    """

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            with rls.rls_bypass():
                super()._fetch_all()

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Iterator[Any]:
        # Read in one go under the bypass: the bypass never outlives the read (a generator
        # left open would hold it), at the cost of chunked reads for these few doors.
        with rls.rls_bypass():
            rows = list(super()._iterator(False, chunk_size))  # type: ignore[misc]
        yield from rows

    def count(self) -> int:
        with rls.rls_bypass():
            return super().count()

    def exists(self) -> bool:
        with rls.rls_bypass():
            return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        with rls.rls_bypass():
            return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        with rls.rls_bypass():
            return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        with rls.rls_bypass():
            return super().delete()

    def create(self, **kwargs: Any) -> Any:
        with rls.rls_bypass():
            return super().create(**kwargs)

    def get_or_create(self, *args: Any, **kwargs: Any) -> tuple[Any, bool]:
        with rls.rls_bypass():
            return super().get_or_create(*args, **kwargs)

    def update_or_create(self, *args: Any, **kwargs: Any) -> tuple[Any, bool]:
        with rls.rls_bypass():
            return super().update_or_create(*args, **kwargs)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        with rls.rls_bypass():
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> int:
        with rls.rls_bypass():
            return super().bulk_update(objs, *args, **kwargs)


UnscopedManager = models.Manager.from_queryset(UnscopedQuerySet)


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned model: a non-null tenant and a fail-closed default manager."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant"), editable=False
    )

    objects = TenantScopedManager()
    unscoped = UnscopedManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stamping the tenant is plumbing, not business logic: a new row always belongs to
        # the tenant that is active while it is created.
        if self.tenant_id is None:
            self.tenant = require_active_tenant()
        require_same_tenant(self, **self.linked_tenant_rows())
        super().save(*args, **kwargs)

    def linked_tenant_rows(self) -> dict[str, TenantOwnedModel]:
        """The tenant-owned rows this row points to and already holds in memory, by field.

        Only rows already loaded are returned (a service that links two rows has both in
        hand), so checking them costs no query.
        """
        linked: dict[str, TenantOwnedModel] = {}
        for field in self._meta.concrete_fields:
            if not field.is_relation or field.name == "tenant" or field.related_model is None:
                continue
            if not issubclass(field.related_model, TenantOwnedModel):  # type: ignore[arg-type]
                continue
            if field.is_cached(self):  # type: ignore[attr-defined]
                other = field.get_cached_value(self)  # type: ignore[attr-defined]
                if other is not None:
                    linked[field.name] = other
        return linked


def validate_card_link(value: str) -> None:
    """A home card leads to a page of this site (``/calls/``) or to a secure outside address."""
    is_site_path = value.startswith("/") and not value.startswith("//")
    if not (is_site_path or value.startswith("https://")) or any(c.isspace() for c in value):
        raise ValidationError(
            _(
                "Enter a path on this site starting with / (for example /calls/) "
                "or an address starting with https://."
            ),
            code="invalid_link",
        )


class HomeCard(TenantOwnedModel):
    """A section of the programme's home page: a card with a title and a line, leading to a page."""

    # blank: clean() names a missing title once, in its own words.
    title = models.JSONField(_("title"), default=dict, blank=True, help_text=_("Per language."))
    text = models.JSONField(_("text"), default=dict, blank=True, help_text=_("Per language."))
    link = models.CharField(
        _("link"),
        max_length=500,
        validators=[validate_card_link],
        help_text=_("Where the card leads: /calls/ or https://…"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("home page card")
        verbose_name_plural = _("home page cards")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return localise(self.title)

    @property
    def title_text(self) -> str:
        return localise(self.title)

    @property
    def text_text(self) -> str:
        return localise(self.text)

    def clean(self) -> None:
        if not localise(self.title, "en"):
            raise ValidationError({"title": _("Give the card a title.")})


def same_tenant(*objects: TenantOwnedModel) -> bool:
    """Whether the rows belong to one programme (a row not yet saved: the active one)."""
    tenant_ids = {_tenant_id_of(obj) for obj in objects}
    return len(tenant_ids) == 1


class CrossTenantLink(ValidationError):
    """A row was about to point to a row of another programme; nothing was saved."""


def _tenant_id_of(row: TenantOwnedModel) -> int | None:
    """The row's programme: its own, or (not yet saved, not yet stamped) the active one."""
    if "tenant_id" not in row.__dict__:  # deferred: never a hidden query
        return None
    if row.tenant_id is None:
        active = get_active_tenant()
        return active.pk if active is not None else None
    return int(row.tenant_id)


def require_same_tenant(row: TenantOwnedModel, **linked: TenantOwnedModel | None) -> None:
    """Refuse to link ``row`` to a row of another programme (``field=other_row``).

    Raises :class:`CrossTenantLink`, a ``ValidationError`` naming each field at fault.
    Every tenant-owned row runs this on ``save()`` for the rows it holds in memory;
    services that write with ``bulk_create`` or by id call it themselves.
    """
    errors: dict[str, ValidationError] = {}
    for field, other in linked.items():
        if other is None:
            continue
        if _tenant_id_of(row) is None or _tenant_id_of(other) is None:
            continue  # not known without a query; the scoped managers guard these reads
        if not same_tenant(row, other):
            errors[field] = ValidationError(
                _(
                    "This %(row)s belongs to another programme than the %(other)s it would "
                    "be linked to; a row can only be linked to rows of its own programme."
                ),
                code="cross_tenant",
                params={
                    "row": row._meta.verbose_name,
                    "other": other._meta.verbose_name,
                },
            )
    if errors:
        raise CrossTenantLink(errors)  # type: ignore[arg-type]


__all__ = [
    "CrossTenantLink",
    "Domain",
    "HomeCard",
    "Tenant",
    "TenantOwnedModel",
    "TenantScopedManager",
    "default_languages",
    "get_active_tenant",
    "hex_colour",
    "host_cache_key",
    "require_same_tenant",
    "same_tenant",
]
