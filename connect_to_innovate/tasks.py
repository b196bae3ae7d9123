"""Every background task of the connect-to-innovate app, imported for the worker."""

from __future__ import annotations

from connect_to_innovate.hackathons import tasks as hackathons_tasks

__all__ = ["hackathons_tasks"]
