"""Who may do what with stored documents (used by views, admin and API alike)."""

from __future__ import annotations

from typing import Any

from socialtech.accounts.roles import Role, has_role
from socialtech.documents.models import StoredDocument


def can_download(user: Any, document: StoredDocument) -> bool:
    """The document's owner, or staff and coordinators of the document's own tenant."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if document.owner_id is not None and document.owner_id == user.pk:
        return True
    return has_role(user, Role.STAFF, Role.COORDINATOR, tenant=document.tenant)
