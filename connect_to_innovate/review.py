"""What challenges and offers share: their words normalised (tags, languages, countries,
sectors), the review flow moved by one table, and the check that names its field.

The sub-domains' services call these inside their own transaction and write their own
audit rows; nothing here saves a row except :func:`review_move`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import LANGUAGE_CODES, REVIEW_TRANSITIONS, ReviewStatus, Sector
from organisations.countries import ELIGIBLE_COUNTRIES

MAX_TAGS = 20
MAX_TAG_LENGTH = 40
_SPACES = re.compile(r"\s+")


def normalise_tags(tags: Iterable[str] | str, *, field: str = "tags") -> list[str]:
    """Free keywords, lower-case, single-spaced, each once, in the order given; a string is
    split at commas. Refuses more than 20 and a keyword longer than 40 characters."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags:
        word = _SPACES.sub(" ", str(tag)).strip().lower()
        if word and word not in seen:
            if len(word) > MAX_TAG_LENGTH:
                raise ConnectError(
                    _("Tags: “%(tag)s” is longer than %(max)s characters.")
                    % {"tag": word, "max": MAX_TAG_LENGTH},
                    "tag_too_long",
                    field=field,
                )
            seen.append(word)
    if len(seen) > MAX_TAGS:
        raise ConnectError(
            _("Tags: give at most %(max)s keywords.") % {"max": MAX_TAGS},
            "too_many_tags",
            field=field,
        )
    return seen


def language_choices() -> list[tuple[str, str]]:
    """The EU languages, each named in the reader's language."""
    return sorted(
        ((code, language_name(code)) for code in LANGUAGE_CODES), key=lambda pair: pair[1]
    )


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(all_countries.name(code))) for code in ELIGIBLE_COUNTRIES),
        key=lambda pair: pair[1],
    )


def country_name(code: str) -> str:
    return str(all_countries.name(code)) or code


def _checked(values: Iterable[str], allowed: Iterable[str], *, field: str, label: str) -> list[str]:
    allowed_set = set(allowed)
    chosen: list[str] = []
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        if value not in allowed_set:
            raise ConnectError(
                _("%(label)s: “%(value)s” is not one of the choices.")
                % {"label": label, "value": value},
                "unknown_choice",
                field=field,
            )
        if value not in chosen:
            chosen.append(value)
    return chosen


def normalise_languages(values: Iterable[str], *, field: str = "languages") -> list[str]:
    """The languages chosen, each once; refuses none and one that is not an EU language."""
    chosen = _checked(values, LANGUAGE_CODES, field=field, label=_("Languages"))
    if not chosen:
        raise ConnectError(
            _("Languages: choose at least one language you work in."),
            "no_language",
            field=field,
        )
    return chosen


def normalise_countries(values: Iterable[str], *, field: str = "countries") -> list[str]:
    """The countries served, each once; refuses none and one outside the programme."""
    chosen = _checked(
        (str(value).upper() for value in values),
        ELIGIBLE_COUNTRIES,
        field=field,
        label=_("Countries served"),
    )
    if not chosen:
        raise ConnectError(
            _("Countries served: choose at least one country."), "no_country", field=field
        )
    return chosen


def normalise_sectors(values: Iterable[str], *, field: str = "sectors") -> list[str]:
    """The sectors, each once; refuses none and an unknown one."""
    chosen = _checked(values, Sector.values, field=field, label=_("Sectors"))
    if not chosen:
        raise ConnectError(_("Sectors: choose at least one sector."), "no_sector", field=field)
    return chosen


def key_of(values: Iterable[str]) -> str:
    """``",it,en,"``: a list as a string a plain ``contains`` can filter."""
    values = list(values)
    return f",{','.join(values)}," if values else ""


def full_clean_on_field(row: Any) -> None:
    """``row.full_clean()``, its first problem raised as a ``ConnectError`` on its field."""
    try:
        row.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ConnectError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None


def review_move(row: Any, to: str, *, by: Any, reason: str = "") -> list[str]:
    """Move the locked ``row`` (a challenge or an offer) to ``to`` if the review table
    allows it, stamping the dates of the step; returns the fields changed (no save).
    Refuses a move the table does not allow, naming the current state."""
    if to not in REVIEW_TRANSITIONS[row.status]:
        raise ConnectError(
            _("“%(title)s” is %(current)s; it cannot become %(target)s.")
            % {
                "title": row.title,
                "current": row.get_status_display().lower(),
                "target": str(ReviewStatus(to).label).lower(),
            },
            "wrong_state",
        )
    now = timezone.now()
    row.status = to
    changed = ["status", "updated_at"]
    if to == ReviewStatus.SUBMITTED:
        row.submitted_at = now
        changed.append("submitted_at")
    elif to == ReviewStatus.PUBLISHED:
        row.published_at = now
        row.reviewed_by = by
        row.return_reason = ""
        changed += ["published_at", "reviewed_by", "return_reason"]
    elif to == ReviewStatus.RETURNED:
        row.reviewed_by = by
        row.return_reason = reason
        changed += ["reviewed_by", "return_reason"]
    elif to == ReviewStatus.CLOSED:
        row.closed_at = now
        changed.append("closed_at")
    return changed


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ConnectError(
            _("Reason: say what to change, the organisation reads it in its e-mail."),
            "reason_required",
            field="reason",
        )
    return reason
