"""How dates, times, phones and text are shown to visitors (French, plain)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from urllib.parse import quote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options as CmarkOptions
import phonenumbers
from babel.dates import format_date
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}


def day_fr(day: date | datetime, with_year: bool = False) -> str:
    """'mardi 1er décembre' (with the French ordinal for the first of the month)."""
    return _day_fr(day.date() if isinstance(day, datetime) else day, with_year)


@lru_cache(maxsize=4096)
def _day_fr(day: date, with_year: bool) -> str:
    """Babel's formatting costs ~35 µs a call and agendas repeat the same few hundred days."""
    weekday = format_date(day, "EEEE", locale="fr")
    month = format_date(day, "MMMM", locale="fr")
    number = "1er" if day.day == 1 else str(day.day)
    return f"{weekday} {number} {month}" + (f" {day.year}" if with_year else "")


def time_fr(moment: time | datetime) -> str:
    """'14 h' or '14 h 30'."""
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def when_fr(start: datetime, end: datetime, with_year: bool = False) -> str:
    """'mardi 1er décembre, 14 h – 16 h'."""
    return f"{day_fr(start, with_year)}, {time_fr(start)} – {time_fr(end)}"


def e164(phone: str | None) -> str | None:
    """'+33261910000' from a validated French number, as tel: links and Open Badges want it."""
    if not phone:
        return None
    return phonenumbers.format_number(phonenumbers.parse(phone, "FR"), phonenumbers.PhoneNumberFormat.E164)


def tel_uri(phone: str) -> str:
    return f"tel:{e164(phone)}"


# Bodies are CommonMark with GitHub's tables and strikethrough, the dialect the form editor (Decap) writes.
# cmark-gfm renders in linear time (about 20 µs a description, 30x Python-Markdown), so no input can
# stall the build; the limits below are about what a description is, not about the renderer.
MAX_BODY_CHARS = 10_000
MAX_NESTING = 12  # lists within lists or quotes within quotes: beyond this, no reader follows
_NESTING_TAG = re.compile(r"<(/?)(?:ul|ol|blockquote)\b")
_CMARK_OPTIONS = CmarkOptions.CMARK_OPT_UNSAFE  # raw HTML reaches nh3's allow-list below, as the only filter


def markdown_problem(text: str) -> str | None:
    """Why a Markdown body cannot be published (French), or None."""
    if len(text) > MAX_BODY_CHARS:
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_BODY_CHARS))
        return f"texte trop long ({count} caractères, au plus {limit}) : gardez l'essentiel, le détail peut aller sur le site de la structure"
    if _nesting(_render(text)) > MAX_NESTING:
        return f"mise en forme trop imbriquée (plus de {MAX_NESTING} listes dans des listes ou citations dans des citations) : simplifiez le texte"
    return None


def _nesting(html: str) -> int:
    depth = deepest = 0
    for match in _NESTING_TAG.finditer(html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def render_markdown(text: str) -> Markup:
    """Editors' Markdown as HTML reduced to a safe allow-list (no script, style or handlers)."""
    return _render(text or "")


@lru_cache(maxsize=None)
def _render(text: str) -> Markup:
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=_CMARK_OPTIONS)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


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


def plural_fr(count: int, singular: str, plural: str | None = None) -> str:
    """'1 activité', '3 activités', '0 activité' (French keeps the singular for 0 and 1)."""
    return f"{count} {singular if count < 2 else (plural or singular + 's')}"


def _place_query(place, commune: str) -> str:
    return f"{place.address}, {place.postcode} {commune}".strip()


def geo_uri(place, commune: str = "") -> str:
    """A geo: URI that map apps on Android open (RFC 5870, with the query form apps understand)."""
    if place.coordinates:
        lat, lon = place.coordinates.lat, place.coordinates.lon
        return f"geo:{lat},{lon}?q={lat},{lon}({quote(place.name, safe='')})"
    return "geo:0,0?q=" + quote(_place_query(place, commune), safe="")


def osm_url(place, commune: str = "") -> str:
    """The place on openstreetmap.org (a plain link: nothing is loaded until the visitor follows it)."""
    if place.coordinates:
        lat, lon = place.coordinates.lat, place.coordinates.lon
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?query=" + quote(_place_query(place, commune), safe="")


FILTERS = {
    "typo_fr": typo_fr,
    "week_fr": week_fr,
    "plural_fr": plural_fr,
    "geo_uri": geo_uri,
    "osm_url": osm_url,
    "day_fr": day_fr,
    "time_fr": time_fr,
    "when_fr": when_fr,
    "tel_uri": tel_uri,
    "markdown": render_markdown,
}
