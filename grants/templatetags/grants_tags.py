"""The links from an applicant's application page to its grant: the offer, then the
agreement, then the payments and reports."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from grants.models import AwardStatus
from grants.offers.selectors import award_of_application

register = template.Library()

# Only an application the programme has made an offer to has one (no query otherwise).
WITH_OFFER = frozenset(
    {ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED}
)


A = AwardStatus
WITH_AGREEMENT = frozenset({A.AGREEMENT_SENT, A.SIGNED, A.ACTIVE, A.COMPLETED, A.TERMINATED})
WITH_PAYMENTS = frozenset({A.ACTIVE, A.COMPLETED, A.TERMINATED})


@register.simple_tag
def offer_link(application: Any) -> SafeString | str:
    if application is None or application.status not in WITH_OFFER:
        return ""
    award = award_of_application(application)
    if award is None:
        return ""
    text = (
        _("Read and answer the grant offer")
        if application.status == ApplicationStatus.OFFERED
        else _("The grant offer")
    )
    links = [(reverse("grants_offer", args=[award.pk]), text)]
    # Further on, the agreement, then the payments and reports, one click away.
    if award.status in WITH_AGREEMENT:
        links.append((reverse("grants_agreement", args=[award.pk]), _("Read the grant agreement")))
    if award.status in WITH_PAYMENTS:
        links.append((reverse("grants_payments", args=[award.pk]), _("Payments and reports")))
    return format_html(
        '<p class="offer-link">{}</p>',
        format_html_join(" ", '<a class="button" href="{}">{}</a>', links),
    )
