"""``{% load applicant_status %}``: what an applicant may see of an application's status.

``{{ application|applicant_status }}`` gives the status value, ``{{ application|applicant_status_label }}``
its words; ``applications/partials/status_badge.html`` shows both as a badge.
"""

from __future__ import annotations

from django import template

from applications import visibility
from applications.models import Application

register = template.Library()


@register.filter
def applicant_status(application: Application) -> str:
    return visibility.applicant_status(application)


@register.filter
def applicant_status_label(application: Application) -> str:
    return visibility.applicant_status_label(application)
