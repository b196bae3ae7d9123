from django.http import HttpRequest

from socialtech.accounts.navigation import current_item_key, navigation_items
from socialtech.accounts.roles import roles_of


def tenant(request: HttpRequest) -> dict[str, object]:
    """The programme of the host, the signed-in user's roles in it, and the header's menu."""
    programme = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    menu = navigation_items(user=user, tenant=programme)
    return {
        "tenant": programme,
        "user_roles": roles_of(user),
        "navigation": menu,
        "navigation_current": current_item_key(menu, request.path),
    }
