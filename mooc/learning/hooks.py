"""What other parts of the course engine hear from learning: a course completed.

``on_course_completed(callback)`` registers ``callback``; when a learner completes a course
(every lesson seen, every quiz passed), learning calls each registered callback once, after
the completing transaction commits, as ``callback(enrolment_id=..., tenant_id=...)``. A
callback registered twice is called once. Register from an ``AppConfig.ready`` (or a
``register()`` it calls), never at import time of a module the services import.
"""

from __future__ import annotations

from collections.abc import Callable

_completion_callbacks: list[Callable[..., object]] = []


def on_course_completed(callback: Callable[..., object]) -> Callable[..., object]:
    """Call ``callback(enrolment_id=..., tenant_id=...)`` after each course completion
    commits. Returns ``callback``, so it also reads as a decorator."""
    if callback not in _completion_callbacks:
        _completion_callbacks.append(callback)
    return callback


def forget_course_completed(callback: Callable[..., object]) -> None:
    """Stop calling ``callback`` (tests register their own and take it back)."""
    if callback in _completion_callbacks:
        _completion_callbacks.remove(callback)


def course_completed_callbacks() -> tuple[Callable[..., object], ...]:
    """The callbacks registered, in the order they were registered."""
    return tuple(_completion_callbacks)
