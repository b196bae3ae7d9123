"""Template helpers of the call pages: texts per language, money, dates in two time zones."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from calls.markdown import render_markdown
from calls.models import Call, CallStatus
from organisations.models import LegalForm
from socialtech.documents.uploads import KINDS
from socialtech.formatting import format_datetime
from socialtech.i18n import localise

# What applications accept when a file question sets no limit (applications.services).

register = template.Library()


@register.filter
def localised(value: Any) -> str:
    """A per-language text in the active language, falling back to English."""
    return localise(value)


@register.filter
def localised_markdown(value: Any) -> SafeString:
    """A per-language Markdown text as sanitised HTML."""
    return render_markdown(localise(value))


@register.filter
def eur(value: Any) -> str:
    """An amount as ``EUR 60,000.00``, grouped the way the active language writes numbers."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    return "EUR " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def format_in_zone(moment: datetime, zone_name: str) -> str:
    """``moment`` on the clock of ``zone_name``; the page names the zone beside it."""
    return format_datetime(moment, zone_name, label=False)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@register.simple_tag
def deadline_times(call: Call, user: Any = None) -> list[dict[str, Any]]:
    """The deadline on the call's clock and, when it differs, on the signed-in user's clock."""
    times = [
        {
            "zone": call.timezone,
            "text": format_in_zone(call.deadline, call.timezone),
            "abbreviation": timezone.localtime(call.deadline, call.zone).tzname(),
            "is_call_zone": True,
        }
    ]
    user_zone = getattr(user, "timezone", "") if getattr(user, "is_authenticated", False) else ""
    if user_zone and user_zone != call.timezone and _zone(user_zone) is not None:
        times.append(
            {
                "zone": user_zone,
                "text": format_in_zone(call.deadline, user_zone),
                "abbreviation": timezone.localtime(call.deadline, ZoneInfo(user_zone)).tzname(),
                "is_call_zone": False,
            }
        )
    return times


@register.simple_tag
def zone_time(moment: datetime | None, zone_name: str) -> str:
    return format_in_zone(moment, zone_name) if moment else "—"


def _remaining(delta_seconds: float) -> tuple[int, str]:
    days, rest = divmod(int(delta_seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return days, "days"
    if hours:
        return hours, "hours"
    return minutes, "minutes"


def countdown_text(call: Call, now: datetime | None = None) -> str:
    """``Closes in 3 days`` / ``Opens in 5 hours`` / ``Closed``: the largest whole unit left."""
    now = now or timezone.now()
    status = call.effective_status(now)
    if status == CallStatus.PUBLISHED:
        count, unit = _remaining((call.opens_at - now).total_seconds())
        if unit == "days":
            return ngettext("Opens in %(count)s day", "Opens in %(count)s days", count) % {
                "count": count
            }
        if unit == "hours":
            return ngettext("Opens in %(count)s hour", "Opens in %(count)s hours", count) % {
                "count": count
            }
        if count:
            return ngettext("Opens in %(count)s minute", "Opens in %(count)s minutes", count) % {
                "count": count
            }
        return _("Opens in less than a minute")
    if status == CallStatus.OPEN:
        count, unit = _remaining((call.deadline - now).total_seconds())
        if unit == "days":
            return ngettext("Closes in %(count)s day", "Closes in %(count)s days", count) % {
                "count": count
            }
        if unit == "hours":
            return ngettext("Closes in %(count)s hour", "Closes in %(count)s hours", count) % {
                "count": count
            }
        if count:
            return ngettext("Closes in %(count)s minute", "Closes in %(count)s minutes", count) % {
                "count": count
            }
        return _("Closes in less than a minute")
    return _("Closed to applications")


@register.simple_tag
def countdown(call: Call, now: datetime | None = None) -> str:
    return countdown_text(call, now)


@register.simple_tag
def apply_url(call: Call) -> str:
    """Where the Apply button leads; empty while the applications pages are not installed."""
    try:
        return reverse("application_start", args=[call.slug])
    except NoReverseMatch:
        return ""


@register.simple_tag
def eligibility_summary(call: Call, tenant: Any = None) -> list[str]:
    """The call's eligibility rules in sentences, for the public page."""
    lines = []
    if call.eligible_countries:
        names = sorted(str(countries.name(code)) or code for code in call.eligible_countries)
        lines.append(
            _("Organisations established in: %(countries)s.") % {"countries": ", ".join(names)}
        )
    else:
        lines.append(
            _(
                "Organisations established in an EU member state or a country associated to the programme."
            )
        )
    if call.eligible_legal_forms:
        forms = [
            str(LegalForm(value).label)
            for value in call.eligible_legal_forms
            if value in LegalForm.values
        ]
        lines.append(_("Legal forms accepted: %(forms)s.") % {"forms": "; ".join(forms)})
    if call.sme_only:
        lines.append(
            _("Only SMEs (fewer than 250 staff, within the EU turnover or balance limits).")
        )
    if call.social_economy_only:
        lines.append(_("Only social-economy organisations."))
    lines.append(
        ngettext(
            "At most %(count)s application per organisation.",
            "At most %(count)s applications per organisation.",
            call.max_applications_per_organisation,
        )
        % {"count": call.max_applications_per_organisation}
    )
    if call.check_funding_cap and tenant is not None:
        lines.append(
            _(
                "Organisations that already received %(cap)s of support in this programme cannot apply."
            )
            % {"cap": eur(tenant.fstp_cap_per_recipient)}
        )
    return lines


@register.filter
def status_label(value: str) -> str:
    return str(CallStatus(value).label) if value in CallStatus.values else value


@register.simple_tag
def file_rules(field: Any) -> str:
    """``PDF or DOCX, at most 10 MB.`` for a file question (the applications' defaults apply)."""
    types = field.file_types
    names = [KINDS[name].short_label for name in types if name in KINDS]
    megabytes = Decimal(field.file_max_bytes) / (1024 * 1024)
    return _("%(types)s, at most %(size)s MB.") % {
        "types": ", ".join(names),
        "size": number_format(megabytes.quantize(Decimal("0.1")).normalize(), use_l10n=True),
    }


@register.filter
def plain_number(value: Any) -> str:
    """A decimal without trailing zeros (1.50 → 1.5, 10.00 → 10), localised."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    text = f"{number.normalize():f}"
    places = len(text.split(".")[1]) if "." in text else 0
    return number_format(number, decimal_pos=places, use_l10n=True)
