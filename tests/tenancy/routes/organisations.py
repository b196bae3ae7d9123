from tests.organisations.isolation import ADMIN_OBJECTS, ROUTES, build

__all__ = ["ADMIN_OBJECTS", "ROUTES", "build"]
