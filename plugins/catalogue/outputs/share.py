"""Handing an activity over to a person: a short text to send by SMS or e-mail, and the QR code of
the printed page.

Pure. The text is easy to read and short (an SMS of a few lines): what, when, where, which bus,
which phone, and the page's address. The same text goes into the `sms:` and the `mailto:` links,
so that both say the same; nothing runs in the page (plain links, no JavaScript).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

from ..content.model import Activity, Contact, Place, Session
from . import transport
from .sessiontext import booking_label, when_fr
from .qrcodes import qr_svg
from .urls import activity_url, mailto_uri, sms_uri

NBSP = re.compile("[\u00a0\u202f]")


class SessionLine(Protocol):
    """A session line of an activity page (pages.SessionItem): the session, its last day, its place."""

    session: Session
    last: Session | None
    place: Place
    commune: str


@dataclass(frozen=True)
class ShareLinks:
    text: str
    sms: str
    mailto: str


@dataclass(frozen=True)
class Share:
    """What an activity page hands over: built once per page, the links made for one session or the next one."""

    activity: Activity
    place: Place  # where the next session happens, else the usual place
    commune: str
    contact: Contact | None
    next: Session | None  # the next session one can attend

    def page_url(self, site_url: str) -> str:
        return f"{site_url.rstrip('/')}/{activity_url(self.activity.id)}"

    def text(self, site_url: str, item: SessionLine | None = None) -> str:
        """For one session line of the page (at its place), else for the activity's next session (or its
        booking mode): 'Fablab ouvert\nmardi 8 décembre, 14 h – 17 h\nLe Dôme, 3 esplanade …, 14000 Caen\n…'."""
        session, last, place, commune = (item.session, item.last, item.place, item.commune) if item else (self.next, None, self.place, self.commune)
        activity = self.activity
        lines = [activity.title]
        if session is not None:
            lines.append(when_fr(session, last))
        elif activity.no_dates is not None:
            lines.append(booking_label(activity.no_dates.mode))
        lines.append(f"{place.name}, {place.address}, {place.postcode} {commune}")
        bus = transport.short_fr(place)
        if bus:
            lines.append(bus)
        lines.append("Gratuit" if activity.free else (activity.price or ""))
        if self.contact and self.contact.phone:
            lines.append(f"Tél. {self.contact.phone}")
        lines.append(self.page_url(site_url))
        return NBSP.sub(" ", "\n".join(line for line in lines if line))

    def links(self, site_url: str, item: SessionLine | None = None) -> ShareLinks:
        body = self.text(site_url, item)
        return ShareLinks(body, sms_uri(body), mailto_uri(self.activity.title, body))

    def qr(self, site_url: str) -> Markup:
        """The page's address as an inline SVG QR code, for the printed page (an image file would have
        to be loaded before printing; inline, it is always there)."""
        svg = qr_svg(self.page_url(site_url)).decode()
        size = re.search(r'width="(\d+)"', svg)
        body = svg[svg.index("<svg"):].strip()
        label = escape(f"QR code de la page « {self.activity.title} »")
        side = size.group(1) if size else "0"
        return Markup(body.replace(' class="segno"', f' class="qr-code" viewBox="0 0 {side} {side}" role="img" aria-label="{label}"', 1))
