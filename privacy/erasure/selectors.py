"""Which of an erased person's applications are funding records, and which can go."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from privacy.policy import unfunded_keep_days


def is_funding_record(application: Application) -> bool:
    """Led to money: an award (offered or more), a voucher or an acceleration place."""
    from acceleration.models import Participant
    from grants.models import Award
    from vouchers.models import Voucher

    return (
        Award.objects.filter(application=application).exists()
        or Voucher.objects.filter(application=application).exists()
        or Participant.objects.filter(application=application).exists()
    )


def applications_created_by(user: Any) -> list[Application]:
    return list(Application.objects.filter(created_by=user).order_by("pk"))


def unfunded_expired(application: Application, *, now: Any = None) -> bool:
    """An unfunded application whose keeping period after submission has passed."""
    now = now or timezone.now()
    if application.status == ApplicationStatus.DRAFT:
        return True
    since = application.submitted_at or application.created_at
    return since + timedelta(days=unfunded_keep_days()) <= now
