from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialtech.outbox.jobs import GRACE, outbox_sweep


class Command(BaseCommand):
    help = "Hand the broker the queued tasks left unsent (a broker outage); safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace",
            type=int,
            default=int(GRACE.total_seconds()),
            help="Leave rows younger than this many seconds to the commit that wrote them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = outbox_sweep(grace_seconds=options["grace"])
        self.stdout.write(
            "Outbox: {sent} sent, {failed} still waiting, {deleted} old rows deleted.".format(
                **counts
            )
        )
