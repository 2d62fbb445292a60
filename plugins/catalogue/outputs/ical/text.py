"""iCalendar content lines (RFC 5545 3.1-3.3): escaping, folding, dates, and the calendar's fixed parts."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ...content.sessions import PARIS, french_date
from .eventlines import TZID

# Europe/Paris since 1996 (EU rule): last Sunday of March 01:00 UTC, last Sunday of October
# 01:00 UTC. Outlook reads only TZID, DTSTART, RRULE, TZOFFSETFROM and TZOFFSETTO here
# ([MS-STANOICAL]); 1970-03-29 and 1970-10-25 are the last Sundays of those months.
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TZID}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
FOOTER = b"END:VCALENDAR\r\n"


# Line breaks of any kind (Python's str.splitlines() and some clients split on all of these).
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Other control characters are not allowed in iCalendar TEXT (RFC 5545 3.3.11): dropped.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_URI_BAD = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029]")
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(text: str) -> str:
    """An iCalendar TEXT value: `\\`, `;`, `,` escaped, every line break as `\\n`, controls dropped."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text)).translate(_ESCAPES)


def clean_uri(uri: str) -> str:
    """A URI value is not escaped, so it must not hold a space, a control or a line break."""
    return _URI_BAD.sub("", uri)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), between characters and never inside an escape.

    Continuation lines start with one space, which counts in their 75 octets.
    """
    if len(line) <= 75 and line.isascii():
        return line
    data = line.encode()
    if len(data) <= 75:
        return line
    parts = []
    start, limit, size = 0, 75, len(data)
    while size - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            cut -= 1
        run = cut
        while run > start and data[run - 1] == 0x5C:  # an odd run of backslashes starts an escape
            run -= 1
        if (cut - run) % 2:
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def text_line(name: str, value: str) -> str:
    return fold(f"{name}:{escape_text(value)}")


def param_value(text: str) -> str:
    """A parameter value (RFC 5545 3.2): quoted, without the characters a quoted value cannot hold.

    >>> param_value('Le "WIP"; Caen')
    '"Le WIP; Caen"'
    """
    return '"' + _CONTROLS.sub("", _BREAKS.sub(" ", text)).replace('"', "") + '"'


def when(start: datetime, end: datetime) -> str:
    """« mardi 12 janvier 2027, 14:00–16:00 », in Paris time."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    return f"{french_date(start.date())}, {start:%H:%M}–{end:%H:%M}"


def utc_stamp(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local_time(moment: datetime) -> str:
    moment = moment.astimezone(PARIS) if moment.tzinfo is not None else moment
    return f"{moment:%Y%m%dT%H%M%S}"
