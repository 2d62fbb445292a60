"""The network's identity, read from the settings: what another network changes to reuse the generator.

One frozen object, built from Pelican's settings (`CATALOGUE_NETWORK` and `TIMEZONE` in pelicanconf.py)
when a build starts, and read by the writers (feed names and descriptions, PRODID, event UIDs, the Open
Badges tag, the editor's title). Outside a build (`catalogue check`, `catalogue diff`) the shipped
values apply. Where files are kept between builds (downloads, build caches) is read here too, from
one variable, `CATALOGUE_CACHE_DIR`. The iCal feeds carry a hand-written VTIMEZONE (RRULEs Outlook understands) for
Europe/Paris only: another time zone is refused with a French message rather than written wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

SUPPORTED_TIMEZONES = ("Europe/Paris",)
# In the repository, plugins/catalogue/ sits two folders below it; installed (`pip install .`), the
# generator works for the folder it is run from.
_SOURCE_ROOT = Path(__file__).resolve().parents[2]
PROJECT_ROOT = _SOURCE_ROOT if (_SOURCE_ROOT / "pelicanconf.py").is_file() else Path.cwd()
CACHE_ENV = "CATALOGUE_CACHE_DIR"


class SettingsError(ValueError):
    """A French message naming the setting to fix."""


@dataclass(frozen=True)
class Network:
    site_name: str = "Territoires Partagés"
    region: str = "Caen la Mer, Vallées de l'Orne et de l'Odon"
    prodid: str = "-//Territoires Partages//Catalogue des activites 1.0//FR"
    uid_domain: str = ""  # event UIDs are `<key>@<uid_domain>`; empty: the host of SITE_ABSOLUTE_URL. Never change it once published
    badge_tag: str = "Territoires Partagés"
    badge_coordinator: str = "e2c-normandie"  # the structure that leads the badges for every partner (a structure id)
    editor_title: str = "Éditeur du catalogue – Territoires Partagés"
    timezone: str = "Europe/Paris"


DEFAULT = Network()
_active: list[Network] = [DEFAULT]


def network_from(settings: Mapping[str, Any]) -> Network:
    """The Network of Pelican settings: CATALOGUE_NETWORK (a dict of Network's fields) and TIMEZONE."""
    given = dict(settings.get("CATALOGUE_NETWORK") or {})
    known = {f.name for f in fields(Network)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise SettingsError(f"CATALOGUE_NETWORK : clé(s) inconnue(s) {', '.join(unknown)} ; "
                            f"clés possibles : {', '.join(sorted(known))}")
    for key, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"CATALOGUE_NETWORK[{key!r}] : attendu un texte non vide")
    timezone = settings.get("TIMEZONE") or DEFAULT.timezone
    if timezone not in SUPPORTED_TIMEZONES:
        raise SettingsError(f"TIMEZONE = {timezone!r} : les calendriers ne savent décrire que "
                            f"{', '.join(SUPPORTED_TIMEZONES)} pour l'instant")
    return replace(DEFAULT, **given, timezone=timezone)


def configure(network: Network) -> None:
    _active[0] = network


def network() -> Network:
    return _active[0]


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds) in seconds, read in one place; None when unset or not a number.

    >>> source_date_epoch({"SOURCE_DATE_EPOCH": " 1795564800 "}), source_date_epoch({"SOURCE_DATE_EPOCH": "hier"})
    (1795564800, None)
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def build_today(environ: Mapping[str, str] = os.environ) -> date:
    """'Today' for the build, in the network's time zone: SOURCE_DATE_EPOCH when set, else the clock.

    >>> build_today({"SOURCE_DATE_EPOCH": "1795564800"})
    datetime.date(2026, 11, 25)
    """
    zone = ZoneInfo(network().timezone)
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return datetime.fromtimestamp(epoch, timezone.utc).astimezone(zone).date()
    return datetime.now(zone).date()


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the downloaded form editor and the build caches live: $CATALOGUE_CACHE_DIR, else `.cache/` in
    the project (ignored by git).

    >>> cache_root({CACHE_ENV: "/tmp/c"}), cache_root({CACHE_ENV: " "}) == PROJECT_ROOT / ".cache"
    (PosixPath('/tmp/c'), True)
    """
    configured = environ.get(CACHE_ENV, "").strip()
    return Path(configured) if configured else PROJECT_ROOT / ".cache"


def build_cache(name: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The folder of one build cache (QR codes, PDFs); None when CATALOGUE_CACHE_DIR is set empty, for a
    cold build. The output is the same bytes either way: a cache only saves time.

    >>> build_cache("qr", {CACHE_ENV: "/tmp/c"}), build_cache("qr", {CACHE_ENV: ""})
    (PosixPath('/tmp/c/qr'), None)
    """
    if CACHE_ENV in environ and not environ[CACHE_ENV].strip():
        return None
    return cache_root(environ) / name
