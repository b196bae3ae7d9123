"""Text bound for a spreadsheet cell, made safe once for every export of the platform.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by spreadsheet programs, so text typed by an applicant could run there
(CSV injection). Such text gets a leading apostrophe, which the programs show as text.
"""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula to a spreadsheet: applicant text must not run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_FIRST_CHARACTERS = frozenset(FORMULA_STARTS)


def neutralise_formula(value: Any) -> str:
    """``value`` as text for a CSV cell, with a leading apostrophe when it would be a formula."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Called for every text cell of an export: a set lookup on the first character.
    return "'" + text if text[:1] in _FIRST_CHARACTERS else text
