"""How dates, times, phones and places are shown to visitors (French, plain)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache, partial


import phonenumbers
from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from ..content import french
from ..content.markdown import render_markdown
from .urls import apple_maps_url, geo_uri, osm_url
from ..content.sessions import french_date

# A date is shown without its year only within this window around the build's today: shorter
# than a year, so that « mercredi 9 décembre » names one day only, and a typo in the year (2037
# for 2026) shows as « mercredi 9 décembre 2037 » instead of passing for this December.
SEASON_MONTHS_BEFORE, SEASON_MONTHS_AFTER = 1, 10


def in_season(day: date, today: date) -> bool:
    """Whether a visitor reads `day` right without its year: a month before today to ten months after."""
    return today - relativedelta(months=SEASON_MONTHS_BEFORE) <= day <= today + relativedelta(months=SEASON_MONTHS_AFTER)


def day_fr(day: date | datetime, with_year: bool = False, today: date | None = None) -> str:
    """'mardi 1er décembre' (with the French ordinal for the first of the month); with the year
    when asked, or when `today` is given and the day is out of season."""
    plain = day.date() if isinstance(day, datetime) else day
    return _day_fr(plain, with_year or (today is not None and not in_season(plain, today)))


@lru_cache(maxsize=4096)
def _day_fr(day: date, with_year: bool) -> str:
    """The one French date formatter (sessions.french_date, also used by content messages), without its year
    when not asked; cached, since agendas repeat the same few hundred days."""
    text = french_date(day)
    return text if with_year else text.rsplit(" ", 1)[0]


def month_fr(day: date) -> str:
    """'janvier 2027'."""
    return format_date(day, "MMMM y", locale="fr")


def time_fr(moment: time | datetime) -> str:
    """'14 h' or '14 h 30'."""
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def when_fr(start: datetime, end: datetime, with_year: bool = False, today: date | None = None) -> str:
    """'mardi 1er décembre, 14 h – 16 h'."""
    return f"{day_fr(start, with_year, today)}, {time_fr(start)} – {time_fr(end)}"


def e164(phone: str | None) -> str | None:
    """'+33261910000' from a validated French number, as tel: links and Open Badges want it."""
    if not phone:
        return None
    return phonenumbers.format_number(phonenumbers.parse(phone, "FR"), phonenumbers.PhoneNumberFormat.E164)


def tel_uri(phone: str) -> str:
    return f"tel:{e164(phone)}"


def week_fr(monday: date) -> str:
    """'du 30 novembre au 6 décembre' for the week starting on `monday`."""
    from datetime import timedelta

    sunday = monday + timedelta(days=6)
    nbsp = "\u00a0"  # no line break between a day and its month
    end = f"{sunday.day if sunday.day > 1 else '1er'}{nbsp}{format_date(sunday, 'MMMM', locale='fr')}"
    start = "1er" if monday.day == 1 else str(monday.day)
    if monday.year != sunday.year:
        return f"du {start}{nbsp}{format_date(monday, 'MMMM', locale='fr')}{nbsp}{monday.year} au {end}{nbsp}{sunday.year}"
    if monday.month != sunday.month:
        start += nbsp + format_date(monday, "MMMM", locale="fr")
    return f"du {start} au {end}"


_NBSP_RULES = (
    (re.compile(r"(\d) ?h ?(\d\d)\b"), "\\1\u00a0h\u00a0\\2"),  # 14 h 30, 14h30
    (re.compile(r"(\d) h\b"), "\\1\u00a0h"),  # 14 h
    (re.compile(r"(\d) (€|%)"), "\\1\u00a0\\2"),  # 3 €
    (re.compile(r" ([:;?!»])"), "\u00a0\\1"),  # French spacing before high punctuation
    (re.compile(r"« "), "«\u00a0"),
)


def typo_fr(text: str | None) -> str:
    """French typography for content text: no line break inside "14 h 30", "3 €" or before ":"."""
    if not text:
        return text or ""
    for pattern, replacement in _NBSP_RULES:
        text = pattern.sub(replacement, text)
    return text


# The sign-up mode in a few words, for a card (the activity page says it in full: model.JOIN_MODES).
JOIN_SHORT = {"libre": "sans inscription, venez directement", "appeler": "sur inscription, appelez avant",
              "referent": "sur orientation (un conseiller vous inscrit)"}


def join_short(mode: str) -> str:
    return JOIN_SHORT.get(mode, mode)


def dated_filters(today: date) -> dict:
    """The date filters for one build: they add the year to a date out of season around `today`."""
    return {"day_fr": partial(day_fr, today=today), "when_fr": partial(when_fr, today=today)}


FILTERS = {
    "typo_fr": typo_fr,
    "week_fr": week_fr,
    "geo_uri": geo_uri,
    "osm_url": osm_url,
    "apple_maps_url": apple_maps_url,
    "day_fr": day_fr,
    "time_fr": time_fr,
    "when_fr": when_fr,
    "tel_uri": tel_uri,
    "join_short": join_short,
    "month_fr": month_fr,
    "markdown": render_markdown,
    **french.FILTERS,
}
