"""The origin PDF templates are rendered against; only our static files are served from it.

Both the renderer (``pdf``) and the fetcher that serves its resources (``fetcher``) name it,
so it lives below both.
"""

from __future__ import annotations

INTERNAL_HOST = "pdf-assets.invalid"  # .invalid never resolves (RFC 2606)
INTERNAL_BASE_URL = f"https://{INTERNAL_HOST}/"

__all__ = ["INTERNAL_BASE_URL", "INTERNAL_HOST"]
