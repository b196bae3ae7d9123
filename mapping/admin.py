"""Mapping's back office: one module per sub-domain, registered on import."""

from mapping.clusters import admin as clusters_admin
from mapping.surveys import admin as surveys_admin

__all__ = ["clusters_admin", "surveys_admin"]
