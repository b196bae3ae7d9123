"""An event as an iCalendar file (RFC 5545): one VEVENT in a VCALENDAR, times in UTC.

Lines end with CRLF and are folded at 75 octets (a continuation line starts with one
space, and a UTF-8 character is never cut); text values escape backslash, semicolon,
comma and new line (§3.3.11).
"""

from __future__ import annotations

from datetime import UTC, datetime

LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 writes it: ``\\`` ``;`` ``,`` and new lines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def utc_stamp(moment: datetime) -> str:
    """``20270115T090000Z``: an aware moment in UTC, as DATE-TIME with the ``Z`` suffix."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """``line`` folded into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            # A continuation line's leading space counts among its 75 octets.
            current, size, limit = " ", 1, LINE_OCTETS
        current += character
        size += octets
    pieces.append(current)
    return CRLF.join(pieces)


def calendar_text(
    *,
    uid: str,
    stamp: datetime,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    cancelled: bool = False,
    product: str = "-//SocialTech//Events//EN",
) -> str:
    """A VCALENDAR holding one VEVENT, as the text of an ``.ics`` file."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
