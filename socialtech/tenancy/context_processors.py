from django.http import HttpRequest

from socialtech.accounts.roles import roles_of


def tenant(request: HttpRequest) -> dict[str, object]:
    """The programme of the host, and the signed-in user's roles in it (for navigation)."""
    return {
        "tenant": getattr(request, "tenant", None),
        "user_roles": roles_of(getattr(request, "user", None)),
    }
