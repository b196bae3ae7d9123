"""How often one client, and one address, may ask to join the list.

Counted in the shared cache per programme, in fixed windows: ``PER_ADDRESS`` sign-ups an
hour from one client (its IP address, read as the logins read it), ``PER_EMAIL`` e-mails
an hour to one address. Past the first the client is told to wait; past the second nothing
more is sent, and the page answers as always (so it says nothing about the address).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600
PER_ADDRESS = 10
PER_EMAIL = 3


def _key(kind: str, tenant_id: int, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"newsletter:{kind}:{tenant_id}:{digest}"


def _consume(key: str, limit: int) -> bool:
    """Count one use under ``key``; ``False`` when the window already had ``limit``."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        used = 1
    return used <= limit


def client_may_subscribe(*, tenant_id: int, client_ip: str) -> bool:
    """Count one sign-up from ``client_ip``; ``False`` past ``PER_ADDRESS`` this hour."""
    return _consume(_key("ip", tenant_id, client_ip or "unknown"), PER_ADDRESS)


def email_may_be_sent(*, tenant_id: int, email: str) -> bool:
    """Count one confirmation e-mail to ``email``; ``False`` past ``PER_EMAIL`` this hour."""
    return _consume(_key("email", tenant_id, email), PER_EMAIL)
