"""Writes on the directory of investors, crowdfunding platforms and public procurers.

Only the programme's staff write it. Each service checks the person, validates (refusals
name the field and the rule), saves and writes its audit row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from acceleration.errors import AccelerationError, full_clean_on_field
from acceleration.investors import selectors
from acceleration.models import DirectoryEntry, EntryKind, Instrument
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant

CENT = Decimal("0.01")


def _words(values: list[str] | None) -> list[str]:
    seen: list[str] = []
    for value in values or []:
        word = " ".join(str(value).split())
        if word and word not in seen:
            seen.append(word)
    return seen


def _money(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise AccelerationError(
            _("%(field)s: give an amount in euros of zero or more.")
            % {
                "field": str(
                    getattr(DirectoryEntry._meta.get_field(field), "verbose_name", field)
                ).capitalize()
            },
            "amount_invalid",
            field=field,
        )
    return amount.quantize(CENT)


@transaction.atomic
def entry_save(
    *,
    by: Any,
    entry: DirectoryEntry | None = None,
    slug: str = "",
    kind: str,
    name: str,
    description: str,
    countries: list[str],
    sectors: list[str],
    languages: list[str],
    instruments: list[str],
    ticket_min: Decimal | None = None,
    ticket_max: Decimal | None = None,
    buys: str = "",
    procedures: str = "",
    website: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_user: Any = None,
    is_published: bool = False,
) -> DirectoryEntry:
    """Create a directory entry or change one (its address comes from the name when not
    given). Refuses anyone but the programme's staff, an unknown kind, country code,
    language code or instrument, a ticket below zero or a smallest ticket above the
    largest, a ticket for a public procurer, a procurer without what it buys, what it buys
    or its procedures on an investor, and a slug another entry has."""
    require_programme_staff(by)
    if kind not in EntryKind.values:
        raise AccelerationError(
            _("Kind: choose one of %(kinds)s.")
            % {"kinds": ", ".join(str(label) for label in EntryKind.labels)},
            "kind_unknown",
            field="kind",
        )
    countries = [str(code).strip().upper() for code in countries or [] if str(code).strip()]
    for code in countries:
        if not selectors.is_country_code(code):
            raise AccelerationError(
                _("Countries: “%(code)s” is not an ISO country code (e.g. IT, DE).")
                % {"code": code},
                "country_unknown",
                field="countries",
            )
    languages = [str(code).strip().lower() for code in languages or [] if str(code).strip()]
    for code in languages:
        if not selectors.is_language_code(code):
            raise AccelerationError(
                _("Languages: “%(code)s” is not a language code (e.g. it, en).") % {"code": code},
                "language_unknown",
                field="languages",
            )
    for code in instruments or []:
        if code not in Instrument.values:
            raise AccelerationError(
                _("Instruments: “%(code)s” is not one of the instruments offered.")
                % {"code": code},
                "instrument_unknown",
                field="instruments",
            )
    ticket_min = _money(ticket_min, "ticket_min")
    ticket_max = _money(ticket_max, "ticket_max")
    buys = (buys or "").strip()
    procedures = (procedures or "").strip()
    if kind == EntryKind.PROCURER:
        if ticket_min is not None or ticket_max is not None:
            raise AccelerationError(
                _(
                    "Ticket: a public procurer has no investment ticket; say what it buys "
                    "and the procedures it uses instead."
                ),
                "procurer_ticket",
                field="ticket_min" if ticket_min is not None else "ticket_max",
            )
        if not buys:
            raise AccelerationError(
                _("What they buy: say what this public procurer buys."),
                "procurer_buys_missing",
                field="buys",
            )
    else:
        if buys or procedures:
            raise AccelerationError(
                _(
                    "What they buy and procedures used are for public procurers only; "
                    "leave them empty for an investor or a platform."
                ),
                "investor_buys",
                field="buys" if buys else "procedures",
            )
        if ticket_min is not None and ticket_max is not None and ticket_min > ticket_max:
            raise AccelerationError(
                _(
                    "Smallest typical ticket: %(min)s is above the largest, %(max)s; the "
                    "smallest must not exceed the largest."
                )
                % {"min": ticket_min, "max": ticket_max},
                "ticket_range",
                field="ticket_min",
            )
    slug = slugify(slug or name)[:80]
    taken = DirectoryEntry.objects.filter(slug=slug)
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if slug and taken.exists():
        raise AccelerationError(
            _("Slug: another entry already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    row = (
        DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
        if entry is not None
        else DirectoryEntry(tenant=require_active_tenant())
    )
    before = {"kind": row.kind, "is_published": row.is_published} if entry is not None else {}
    row.slug = slug
    row.kind = kind
    row.name = (name or "").strip()
    row.description = (description or "").strip()
    row.countries = countries
    row.sectors = _words(sectors)
    row.languages = languages
    row.instruments = list(dict.fromkeys(instruments or []))
    row.ticket_min = ticket_min
    row.ticket_max = ticket_max
    row.buys = buys
    row.procedures = procedures
    row.website = (website or "").strip()
    row.contact_name = (contact_name or "").strip()
    row.contact_email = (contact_email or "").strip() or (
        getattr(contact_user, "email", "") if contact_user is not None else ""
    )
    row.contact_user = contact_user
    row.is_published = bool(is_published)
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb="acceleration.directory_entry_changed"
        if entry is not None
        else "acceleration.directory_entry_created",
        target=row,
        data={"before": before, "kind": row.kind, "is_published": row.is_published},
    )
    return row


@transaction.atomic
def entry_publish(*, entry: DirectoryEntry, by: Any) -> DirectoryEntry:
    """List the entry on the directory. Refuses anyone but the programme's staff; an entry
    already published stays so."""
    require_programme_staff(by)
    row = DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
    if not row.is_published:
        row.is_published = True
        row.save(update_fields=["is_published", "updated_at"])
        audit_log(actor=by, verb="acceleration.directory_entry_published", target=row)
    return row


@transaction.atomic
def entry_unpublish(*, entry: DirectoryEntry, by: Any) -> DirectoryEntry:
    """Take the entry off the directory (no new introductions to it; those under way go
    on). Refuses anyone but the programme's staff."""
    require_programme_staff(by)
    row = DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
    if row.is_published:
        row.is_published = False
        row.save(update_fields=["is_published", "updated_at"])
        audit_log(actor=by, verb="acceleration.directory_entry_unpublished", target=row)
    return row
