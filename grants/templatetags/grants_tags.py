"""The link from an applicant's application page to its grant offer."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from grants.offers.selectors import award_of_application

register = template.Library()

# Only an application the programme has made an offer to has one (no query otherwise).
WITH_OFFER = frozenset(
    {ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED}
)


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
    return format_html(
        '<p class="offer-link"><a class="button" href="{}">{}</a></p>',
        reverse("grants_offer", args=[award.pk]),
        text,
    )
