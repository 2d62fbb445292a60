"""How dates, times, phones and text are shown to visitors (French, plain)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache, partial

from urllib.parse import quote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options as CmarkOptions
import phonenumbers
from babel.dates import format_date
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from . import french
from .french import plural_fr  # noqa: F401 (re-exported: templates and tests know it here)

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}


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
    """Babel's formatting costs ~35 µs a call and agendas repeat the same few hundred days."""
    weekday = format_date(day, "EEEE", locale="fr")
    month = format_date(day, "MMMM", locale="fr")
    number = "1er" if day.day == 1 else str(day.day)
    return f"{weekday} {number} {month}" + (f" {day.year}" if with_year else "")


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


# Every HTML element name: a "<" followed by anything else (« <Caen> », « <3 ») is text the editor typed,
# kept as text rather than dropped by the sanitiser as an unknown tag.
HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2
h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark math menu meta
meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search
section select slot small source span strong style sub summary sup svg table tbody td template textarea tfoot th
thead time title tr track u ul var video wbr center font frame frameset marquee noembed noframes plaintext strike
tt xmp applet basefont big blink acronym dir image keygen listing menuitem nobr rb rtc
""".split())
_NOT_A_TAG = re.compile(r"<(?!!--|/?(?:" + "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True)) + r")(?=[\s/>]|$))", re.IGNORECASE)
_TYPED_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
_CODE = re.compile(r"^(```|~~~).*?^\1|`+[^`]*`+", re.MULTILINE | re.DOTALL)


def removed_tags(text: str) -> list[str]:
    """The HTML tags an editor typed in a body that the site does not keep (« <div> », « <script> »), once each."""
    plain = _CODE.sub("", text or "")
    found = [m.group(1).lower() for m in _TYPED_TAG.finditer(plain)]
    return list(dict.fromkeys(t for t in found if t in HTML_ELEMENTS and t not in _ALLOWED_TAGS))


@lru_cache(maxsize=None)
def _render(text: str) -> Markup:
    html = _NOT_A_TAG.sub("&lt;", cmarkgfm.github_flavored_markdown_to_html(text, options=_CMARK_OPTIONS))
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


def dated_filters(today: date) -> dict:
    """The date filters for one build: they add the year to a date out of season around `today`."""
    return {"day_fr": partial(day_fr, today=today), "when_fr": partial(when_fr, today=today)}


FILTERS = {
    "typo_fr": typo_fr,
    "week_fr": week_fr,
    "geo_uri": geo_uri,
    "osm_url": osm_url,
    "day_fr": day_fr,
    "time_fr": time_fr,
    "when_fr": when_fr,
    "tel_uri": tel_uri,
    "markdown": render_markdown,
    **french.FILTERS,
}
