"""The daily removal of grants whose publication period ended (issue 13 point 5).

Safe to run twice: a removal is recorded once per grant (the row is unique per award and
written only where none exists), each with its audit row; a rerun finds nothing left.
The public list applies the same date rule in its query, so a late run changes nothing
the public sees; the record says when the grant left the list.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from grants.models import Award
from reports.beneficiaries import selectors
from reports.models import BeneficiaryRemoval
from socialtech.audit.services import audit_log


def beneficiaries_remove_expired(*, today: date | None = None) -> list[int]:
    """Record as removed from the public list every grant of the active programme whose
    publication ended before ``today`` (default: today on the programme's clock); returns
    the awards removed by this run."""
    zone = selectors.programme_zone()
    today = today or timezone.localdate(timezone.now(), zone)
    fields = ("pk", "award_date")  # the date is the selector's annotation
    due = list(selectors.awards_to_remove(today=today, zone=zone).values_list(*fields))
    removed: list[int] = []
    for award_id, award_date in due:
        with transaction.atomic():
            award = Award.objects.select_for_update().get(pk=award_id)
            if BeneficiaryRemoval.objects.filter(award=award).exists():
                continue
            until = selectors.published_until(award_date.astimezone(zone).year)
            removal = BeneficiaryRemoval.objects.create(
                tenant=award.tenant, award=award, published_until=until
            )
            audit_log(
                actor=None,
                verb="beneficiary.removed",
                target=award,
                data={"published_until": until.isoformat(), "removal": removal.pk},
            )
        removed.append(award_id)
    return removed
