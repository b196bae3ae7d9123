"""The connect-to-innovate back office: one module per sub-domain, registered on import."""

from connect_to_innovate.challenges import admin as challenges_admin
from connect_to_innovate.connections import admin as connections_admin
from connect_to_innovate.hackathons import admin as hackathons_admin
from connect_to_innovate.offers import admin as offers_admin

__all__ = ["challenges_admin", "connections_admin", "hackathons_admin", "offers_admin"]
