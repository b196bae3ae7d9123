"""``manage.py check_system``: can this machine make PDFs and serve pages? Says what to do when not.

Run by every ``make run``, so what it prints is what a newcomer sees first: a failure stops
the start and names the packages to install or the command to run; a warning (PDFs made
slowly) names the package that makes them fast.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialtech.documents.pdf import (
    DEBIAN_PACKAGES,
    font_subsetting_problem,
    render_pdf,
    require_weasyprint,
    weasyprint_problem,
)
from socialtech.startup import static_files_problem

REQUIRED_FONTS = (
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSansMono.ttf",
)


class Command(BaseCommand):
    help = "Check the system libraries and files the platform needs (WeasyPrint, fonts, collected static files); --render makes a test PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--render", action="store_true", help="Also render a one-page test PDF."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        failures: list[str] = []

        problem = weasyprint_problem()
        if problem is None:
            weasyprint = require_weasyprint()
            self.stdout.write(
                self.style.SUCCESS(f"WeasyPrint {weasyprint.__version__}: system libraries found.")
            )
        else:
            self.stderr.write(self.style.ERROR(problem))
            self.stderr.write(f"Install them with: sudo apt-get install {DEBIAN_PACKAGES}")
            failures.append("WeasyPrint")
        slow = font_subsetting_problem()
        if slow is not None:
            self.stderr.write(self.style.WARNING(f"Warning: {slow}"))

        missing_fonts = [font for font in REQUIRED_FONTS if not finders.find(font)]
        if missing_fonts:
            self.stderr.write(
                self.style.ERROR(f"Fonts missing from the static files: {', '.join(missing_fonts)}")
            )
            failures.append("fonts")
        else:
            self.stdout.write(self.style.SUCCESS(f"PDF fonts found: {', '.join(REQUIRED_FONTS)}."))

        static_problem = static_files_problem()
        if static_problem is not None:
            self.stderr.write(self.style.ERROR(static_problem))
            failures.append("static files")

        if options["render"] and not failures:
            from socialtech.documents.fetcher import SafeURLFetcher

            fetcher = SafeURLFetcher()
            pdf = render_pdf(
                "documents/pdf_system_check.html", {"title": "check_system"}, url_fetcher=fetcher
            )
            if fetcher.refused:
                refused = "; ".join(f"{url[:80]} ({reason})" for url, reason in fetcher.refused)
                self.stderr.write(self.style.ERROR(f"Test PDF could not load: {refused}"))
                failures.append("test render")
            else:
                self.stdout.write(self.style.SUCCESS(f"Test PDF rendered: {len(pdf):,} bytes."))

        if failures:
            raise CommandError(f"System check failed: {', '.join(failures)}.")
        self.stdout.write(self.style.SUCCESS("The system can make PDFs."))
