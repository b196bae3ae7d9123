"""Mapping's back office: one module per sub-domain, registered on import."""

from mapping.surveys import admin as surveys_admin

__all__ = ["surveys_admin"]
