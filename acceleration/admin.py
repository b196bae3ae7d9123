"""Acceleration's back office: one module per sub-domain, registered on import."""

from acceleration.demoday import admin as demoday_admin
from acceleration.introductions import admin as introductions_admin
from acceleration.investors import admin as investors_admin

__all__ = ["demoday_admin", "introductions_admin", "investors_admin"]
