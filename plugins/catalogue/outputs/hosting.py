"""The web server's rules, shipped with the site: `_headers` (Cloudflare Pages, Netlify) and `.htaccess` (Apache).

Their sources live in deploy/ (with the nginx and Caddy versions, which are server configuration,
not site files). A meta tag cannot set what they set: the calendars' `text/calendar; charset=utf-8`
(accents are garbled otherwise), `X-Content-Type-Options: nosniff`, `frame-ancestors` and a
Content-Security-Policy on SVG, iCalendar and JSON files.
"""

from __future__ import annotations

from .urls import HOST_FILES


def server_files(catalogue, site_url: str) -> dict[str, bytes]:
    """{name: bytes} of deploy/_headers and deploy/.htaccess, copied as they are to the site's root."""
    folder = catalogue.root / "deploy"
    return {name: (folder / name).read_bytes() for name in sorted(HOST_FILES) if (folder / name).is_file()}
