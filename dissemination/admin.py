"""The dissemination back office: one module per sub-domain, registered on import."""

from dissemination.events import admin as events_admin
from dissemination.news import admin as news_admin
from dissemination.newsletter import admin as newsletter_admin

__all__ = ["events_admin", "news_admin", "newsletter_admin"]
