"""Every file of the site besides its pages, by the pure writer that makes it.

A writer is `(catalogue, site_url) -> {relative path: bytes}`, or an iterable of such pairs when
it makes too many files to hold them all in memory (the calendars of a large catalogue).
"""

from __future__ import annotations

from . import addtocalendar, hosting, openbadges, pages, subscribe
from .admin import admin_files

WRITERS = (pages.static_files, addtocalendar.session_files, openbadges.definitions, subscribe.files, admin_files,
           hosting.server_files)
