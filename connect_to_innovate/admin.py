"""The connect-to-innovate back office: one module per sub-domain, registered on import."""

from connect_to_innovate.hackathons import admin as hackathons_admin

__all__ = ["hackathons_admin"]
