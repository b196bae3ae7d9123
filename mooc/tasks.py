"""Every background task of the course engine, imported for the worker, and their schedules."""

from __future__ import annotations

from mooc.catalogue.tasks import SCHEDULES as CATALOGUE_SCHEDULES
from mooc.certificates.tasks import SCHEDULES as CERTIFICATE_SCHEDULES
from mooc.learning.tasks import SCHEDULES as LEARNING_SCHEDULES
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*CATALOGUE_SCHEDULES, *LEARNING_SCHEDULES, *CERTIFICATE_SCHEDULES]

__all__ = ["SCHEDULES"]
