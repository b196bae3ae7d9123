"""The hackathon services' shared pieces: the state table, the row lock, the checks that name their field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.models import (
    Hackathon,
    HackathonStatus,
)

# The addresses under /connect/hackathons/ that are pages of the site, not hackathons.
RESERVED_SLUGS = frozenset({"mine"})

# The one table of the hackathon's states: from → the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    HackathonStatus.DRAFT: frozenset({HackathonStatus.OPEN}),
    HackathonStatus.OPEN: frozenset({HackathonStatus.CLOSED}),
    HackathonStatus.CLOSED: frozenset({HackathonStatus.HELD}),
    HackathonStatus.HELD: frozenset({HackathonStatus.COMPLETED}),
    HackathonStatus.COMPLETED: frozenset(),
}
STAMPS: dict[str, str] = {
    HackathonStatus.OPEN: "opened_at",
    HackathonStatus.CLOSED: "closed_at",
    HackathonStatus.HELD: "held_at",
    HackathonStatus.COMPLETED: "completed_at",
}


def _lock(hackathon: Hackathon) -> Hackathon:
    return Hackathon.objects.select_for_update().get(pk=hackathon.pk)


def _full_clean(row: Any) -> None:
    """``row.full_clean()``, its first problem raised as a ``HackathonError`` on its field."""
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise HackathonError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None


def _wrong_state(hackathon: Hackathon, doing: str) -> HackathonError:
    return HackathonError(
        _("The hackathon “%(title)s” is %(status)s: %(doing)s.")
        % {"title": hackathon.title, "status": hackathon.get_status_display(), "doing": doing},
        "wrong_state",
    )


def _tags(values: list[str] | None, *, field: str, allowed: Any, label: str) -> list[str]:
    """The chosen tags, without repeats, in the allowed order; refuses an unknown one."""
    chosen = [str(value).strip() for value in values or [] if str(value).strip()]
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise HackathonError(
            _("%(label)s: “%(value)s” is not one of the choices.")
            % {"label": label, "value": unknown[0]},
            "unknown_choice",
            field=field,
        )
    return [value for value in allowed if value in chosen]


def _require_person(user: Any, doing: str) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Sign in to %(doing)s.") % {"doing": doing})


# --- The hackathon and its states ------------------------------------------------------
