"""Acceleration's back office: one module per sub-domain, registered on import."""

from acceleration.cohorts import admin as cohorts_admin
from acceleration.kpis import admin as kpis_admin
from acceleration.mentoring import admin as mentoring_admin

__all__ = ["cohorts_admin", "kpis_admin", "mentoring_admin"]
