"""How dates, times, phones and text are shown to visitors (French, plain)."""

from __future__ import annotations

from datetime import date, datetime, time

import markdown as markdown_lib
import nh3
import phonenumbers
from babel.dates import format_date
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}


def day_fr(day: date | datetime, with_year: bool = False) -> str:
    """'mardi 1er décembre' (with the French ordinal for the first of the month)."""
    day = day.date() if isinstance(day, datetime) else day
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


def tel_uri(phone: str) -> str:
    number = phonenumbers.parse(phone, "FR")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def render_markdown(text: str) -> Markup:
    """Editors' Markdown as HTML reduced to a safe allow-list (no script, style or handlers)."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


FILTERS = {
    "day_fr": day_fr,
    "time_fr": time_fr,
    "when_fr": when_fr,
    "tel_uri": tel_uri,
    "markdown": render_markdown,
}
