"""Isolation entries for the apps' routes and admin objects, one module per app.

Each module in ``tests/tenancy/routes/`` may define:

- ``ROUTES``: URL name -> Public / OwnAccount / OwnList / ObjectPage (see test_isolation);
- ``build(objects, tenant_a, alice, bob)``: adds the app's objects of programme A to ``objects``;
- ``ADMIN_OBJECTS``: model -> function(objects) returning that model's object of programme A.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from tests.tenancy import routes as routes_package

ROUTES: dict[str, Any] = {}
BUILDERS: list[Callable[..., None]] = []
ADMIN_OBJECTS: dict[type, Callable[[dict[str, Any]], Any]] = {}

for module_info in sorted(
    pkgutil.iter_modules(routes_package.__path__), key=lambda info: info.name
):
    module = importlib.import_module(f"{routes_package.__name__}.{module_info.name}")
    ROUTES.update(getattr(module, "ROUTES", {}))
    if hasattr(module, "build"):
        BUILDERS.append(module.build)
    ADMIN_OBJECTS.update(getattr(module, "ADMIN_OBJECTS", {}))
