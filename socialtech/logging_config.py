"""The project's logging: one console line per record, carrying the id of the request it was
written for (``socialtech.operations``), and one bare JSON line per request on
``socialtech.requests`` for a log shipper. Plain data, so the settings can import it."""

from __future__ import annotations

from typing import Any


def logging_settings(level: str) -> dict[str, Any]:
    """Django's ``LOGGING`` at ``level``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # Every line names the request it was written for (socialtech/operations.py).
        "filters": {"request_id": {"()": "socialtech.operations.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "bare": {"format": "%(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "plain",
            },
            "requests": {"class": "logging.StreamHandler", "formatter": "bare"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            # One JSON line per request and nothing around it, for a log shipper to parse.
            "socialtech.requests": {
                "handlers": ["requests"],
                "level": level,
                "propagate": False,
            },
        },
    }
