"""Italian dates without the weekday and the leading zero ("27 dicembre 2026, 17:00"), the
shape the other languages use. Formats not named here are Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
