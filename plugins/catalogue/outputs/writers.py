"""Every file of the site besides its pages, by the pure writer that makes it.

A writer is `(catalogue, site_url) -> {relative path: bytes}`, or an iterable of such pairs when
it makes too many files to hold them all in memory (the calendars of a large catalogue).
"""

from __future__ import annotations

from . import hosting, openbadges, qrcodes, static
from .admin import admin_files
from .ical import feedstates, single
from .opendata import writer as opendata
from .paper import writer as paper

WRITERS = (static.static_files, single.session_files, openbadges.definitions, feedstates.write_feeds, qrcodes.qr_files,
           admin_files, hosting.server_files, opendata.files, paper.files)
