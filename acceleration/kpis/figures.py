"""The acceleration counts the programme publishes on its figures page (registered in
ready()): reports cannot import acceleration, so they are read through the registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from acceleration.kpis.selectors import enterprises_accelerated, jobs_created_approved
from socialtech.registry import register_public_figure


def register() -> None:
    register_public_figure(
        "acceleration_enterprises",
        _("Enterprises accelerated"),
        enterprises_accelerated,
        definition=_("Enterprises taking part, or having taken part, in an acceleration cohort."),
    )
    register_public_figure(
        "acceleration_jobs_created",
        _("Jobs created by accelerated enterprises"),
        jobs_created_approved,
        definition=_("Jobs created, from the quarterly KPI reports approved by the programme."),
    )
