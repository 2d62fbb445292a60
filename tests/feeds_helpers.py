"""The feed tests' day and site, and their own readers of .ics text.

Used by tests/test_feeds*.py on the `network` and `feeds` content trees (tests/fixtures/). Nothing here
imports the feed writer: the readers below are the tests' own, so that a bug in the writer cannot hide itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from catalogue.content.load import load

TODAY = date(2026, 10, 20)  # the window is then 2026-10-13 .. 2027-10-20: both clock changes in it
SITE = "https://territoires-partages.example.org"


def load_ok(root: Path, today: date = TODAY):
    catalogue, problems, _ = load(root, today)
    assert catalogue is not None, "\n".join(str(p) for p in problems)
    return catalogue


# ---- the tests' own reading of .ics text -----------------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def unfold(data: bytes) -> list[str]:
    """Content lines (RFC 5545 3.1): CRLF + one space or tab is removed."""
    return re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(data: bytes) -> list[dict[str, list[str]]]:
    """Each VEVENT as {property name with parameters: [raw values]}."""
    found, current = [], None
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current.setdefault(name, []).append(value)
    return found


def utc(moment: datetime | date) -> datetime | date:
    """A timed event's instant in UTC; an all-day event's date (VALUE=DATE) as it is."""
    return moment.astimezone(timezone.utc) if isinstance(moment, datetime) else moment


def blocks_by_uid(data: bytes) -> dict[str, bytes]:
    """The exact bytes of each VEVENT, by its (unfolded) UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.S)
    return {events(b"BEGIN:VCALENDAR\r\n" + b + b"END:VCALENDAR\r\n")[0]["UID"][0]: b for b in blocks}
