"""How certificates join the course engine: a completed course queues its certificate.

``register()`` is called once from the app's ``ready``. The learning hooks are imported
inside it, so importing this package never needs the learning sub-domain.
"""

from __future__ import annotations


def register() -> None:
    """Register the certificate's issuing as a callback of every course completion."""
    from mooc.certificates.services import certificate_issue_enqueue
    from mooc.learning.hooks import on_course_completed

    on_course_completed(certificate_issue_enqueue)
