"""Anonymous public pages kept in the shared cache, per programme, language and viewer zone.

:func:`~socialtech.public_cache.pages.public_page` wraps a view; the programme's content
version (:mod:`socialtech.public_cache.versions`) is part of every key, so a change to a
call, a news item, an event or a course of one programme makes its pages fresh at once
and leaves the other programmes' pages where they are.
"""
