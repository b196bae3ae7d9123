"""Django system checks: warn at start-up when PDFs cannot be made or static files are missing."""

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


# No staticfiles tag: collectstatic itself runs those checks and would repeat this.
@register()
def check_static_files_collected(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """With DEBUG off, every page fails until ``collectstatic`` has run: say so at start."""
    from socialtech.startup import static_files_problem

    problem = static_files_problem()
    if problem is None:
        return []
    return [Warning(problem, id="documents.W002")]
