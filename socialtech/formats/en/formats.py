"""English as the platform writes it: day before month and 24-hour times, as in the other
languages of the programmes, so that "17:00 (Europe/Brussels)" reads the same everywhere.
Formats not named here are Django's."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
