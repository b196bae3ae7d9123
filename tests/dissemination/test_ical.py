"""The iCalendar text: CRLF lines folded at 75 octets, escaped text, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dissemination.events import ical


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_lines_end_with_crlf_and_are_folded_at_75_octets_without_cutting_a_character():
    text = ical.calendar_text(
        uid="event-1@alpha.socialtech",
        stamp=datetime(2027, 1, 10, 8, 0, tzinfo=UTC),
        starts_at=datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")),
        ends_at=datetime(2027, 1, 15, 12, 30, tzinfo=ZoneInfo("Europe/Brussels")),
        summary="Économie sociale: ateliers d’été " * 4,
        description="Line one; with, commas\nLine two \\ backslash " + "é" * 80,
        location="Impact Hub, Rue de la Loi 42; Brussels",
        url="https://a.localhost/events/summer/",
    )
    assert text.endswith("\r\n")
    raw_lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines)  # something was folded
    assert "\n" not in text.replace("\r\n", "")  # no bare line feeds
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART:20270115T090000Z" in lines
    assert "DTEND:20270115T113000Z" in lines
    assert "DTSTAMP:20270110T080000Z" in lines
    assert "UID:event-1@alpha.socialtech" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith(
        "DESCRIPTION:Line one\\; with\\, commas\\nLine two \\\\ backslash é"
    )
    assert "LOCATION:Impact Hub\\, Rue de la Loi 42\\; Brussels" in lines
    assert "URL:https://a.localhost/events/summer/" in lines


def test_escape_text_escapes_backslash_first():
    assert ical.escape_text("a\\;b,c\r\nd") == "a\\\\\\;b\\,c\\nd"


def test_fold_keeps_short_lines_whole():
    assert ical.fold("SUMMARY:short") == "SUMMARY:short"
    folded = ical.fold("X" * 160)
    assert [len(piece) for piece in folded.split("\r\n")] == [75, 75, 12]
