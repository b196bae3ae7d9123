"""How badges join the course engine: a completed course may complete a path.

``register()`` is called once from the app's ``ready``. The learning hooks are imported
inside it, so importing this package never needs the learning sub-domain.
"""

from __future__ import annotations


def register() -> None:
    """Register the badges' check as a callback of every course completion."""
    from mooc.learning.hooks import on_course_completed
    from upskilling.badges.services import badge_check_enqueue

    on_course_completed(badge_check_enqueue)
