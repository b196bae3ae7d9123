"""Acceleration's back office: one module per sub-domain, registered on import."""

from acceleration.cohorts import admin as cohorts_admin
from acceleration.demoday import admin as demoday_admin
from acceleration.introductions import admin as introductions_admin
from acceleration.investors import admin as investors_admin
from acceleration.kpis import admin as kpis_admin
from acceleration.mentoring import admin as mentoring_admin

__all__ = [
    "cohorts_admin",
    "demoday_admin",
    "introductions_admin",
    "investors_admin",
    "kpis_admin",
    "mentoring_admin",
]
