"""What the rest of the platform may ask of an enrolment: a condition a person must meet
before enrolling on a course, such as a place paid for a provider's course.

``on_enrolment(callback)`` registers ``callback(course=..., user=...)``, which returns
``None`` when the person may enrol or the ``EnrolmentCondition`` they do not meet. The
enrolment service refuses with the condition's message; the course page shows it with the
link where a place can be had. Register from an ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnrolmentCondition:
    """Why a person cannot enrol on a course by themselves (``message``), and where they can
    get a place (``url``, with ``link_text``)."""

    message: str
    url: str = ""
    link_text: str = ""


_conditions: list[Callable[..., EnrolmentCondition | None]] = []


def on_enrolment(
    callback: Callable[..., EnrolmentCondition | None],
) -> Callable[..., EnrolmentCondition | None]:
    """Ask ``callback`` before every enrolment; registered twice, it is asked once."""
    if callback not in _conditions:
        _conditions.append(callback)
    return callback


def forget_enrolment(callback: Callable[..., EnrolmentCondition | None]) -> None:
    """Stop asking ``callback`` (tests register their own and take it back)."""
    if callback in _conditions:
        _conditions.remove(callback)


def enrolment_condition(*, course: Any, user: Any) -> EnrolmentCondition | None:
    """The first condition of enrolment ``user`` does not meet on ``course``, or ``None``."""
    for callback in _conditions:
        condition = callback(course=course, user=user)
        if condition is not None:
            return condition
    return None
