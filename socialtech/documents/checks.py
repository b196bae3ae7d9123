"""Django system checks: warn at start-up when PDFs cannot be made."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register

from socialtech.documents.pdf import DEBIAN_PACKAGES, weasyprint_problem


@register(Tags.compatibility)
def check_weasyprint(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    problem = weasyprint_problem()
    if problem is None:
        return []
    return [
        Warning(
            problem,
            hint=f"sudo apt-get install {DEBIAN_PACKAGES}; then run: python manage.py check_system",
            id="documents.W001",
        )
    ]
