"""Upskilling's back office: one module per sub-domain, registered on import."""

from upskilling.badges import admin as badges_admin
from upskilling.paths import admin as paths_admin
from upskilling.training import admin as training_admin

__all__ = ["badges_admin", "paths_admin", "training_admin"]
