"""What the writes of the results stage share: the limits of a redress request, the mail
errors worth a retry, the status rule every move obeys, the row lock, and e-mail rendering.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from applications.models import Application, ApplicationStatus
from applications.services import ApplicationError, application_status_move
from applications.staff_selectors import staff_label
from socialtech.accounts.roles import Role

S = ApplicationStatus
BACK_OFFICE_ROLES = (Role.STAFF, Role.COORDINATOR)
REDRESS_MIN_CHARS = 100
REDRESS_ANSWER_MIN_CHARS = 100
REDRESS_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Failures worth a retry: the mail server is down or refused for now.


def move_status(application: Application, to: str) -> None:
    """Set ``application``'s status to ``to``; refuses (``ValidationError``) a move the
    status rules forbid, in the applications' own words."""
    try:
        application_status_move(application=application, to=to)
    except ApplicationError as error:
        raise ValidationError(error.message, code=error.code) from error


def locked_application(application: Application) -> Application:
    """``application`` read again under a row lock, with its call and organisation."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )


def staff_labels(applications: list[Application], limit: int = 10) -> str:
    """The first ``limit`` applications as staff name them, for a message."""
    labels = [staff_label(application) for application in applications[:limit]]
    if len(applications) > limit:
        labels.append("…")
    return ", ".join(labels)
