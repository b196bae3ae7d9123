"""How long records are kept: the programme's settings, read in one place."""

from __future__ import annotations

from django.conf import settings


def retention_years() -> int:
    """Funding records: years after the final payment of their grant (the grant agreement's
    record-keeping clause)."""
    return int(getattr(settings, "PRIVACY_RETENTION_YEARS", 5))


def unfunded_keep_days() -> int:
    """Unfunded applications: days after their submission (complaints, audits)."""
    return int(getattr(settings, "PRIVACY_UNFUNDED_APPLICATION_DAYS", 730))
