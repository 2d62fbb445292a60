"""The "S'abonner" pages: every feed's addresses (https, webcal, Google, Outlook) and QR code.

Pure except for the one writer registered with the generator (`files`), which adds the
feeds themselves (feedstates.write_feeds) to the QR code images.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from ..sanitise import cachetrust

from . import feeds, feedstates

from .. import parallel
from .feeds import ALL, KINDS, Feed
from ..content.load import Catalogue
from .urls import google_subscribe_url

GOOGLE_MAX_CHARS = 256  # Google's undocumented "add by URL" link fails beyond about 256 characters
OUTLOOK_WORK = "https://outlook.office.com/calendar/addfromweb"
OUTLOOK_PERSONAL = "https://outlook.live.com/calendar/0/addfromweb"
QR_SCALE = 4


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str
    google: str | None  # None when the address is too long for Google's link
    outlook_work: str
    outlook_personal: str
    download: str  # path of the .ics from the site root (for a relative link)
    qr: str  # path of the QR code image from the site root

    @property
    def https_html(self) -> Markup:
        """The address, escaped, with line-break opportunities after each "/" (narrow screens)."""
        return Markup("/<wbr>").join(escape(part) for part in self.https.split("/"))


def webcal(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme):]
    return url


def links(feed: Feed, site_url: str) -> FeedLinks:
    https = f"{site_url.rstrip('/')}/{feed.path}"
    google = google_subscribe_url(webcal(https))
    outlook = f"?url={quote(https, safe='')}&name={quote(feed.name, safe='')}"
    return FeedLinks(
        https=https, webcal=webcal(https), google=google if len(google) <= GOOGLE_MAX_CHARS else None,
        outlook_work=OUTLOOK_WORK + outlook, outlook_personal=OUTLOOK_PERSONAL + outlook,
        download=feed.path, qr=qr_path(feed),
    )


def qr_path(feed: Feed) -> str:
    return feed.path.removesuffix(".ics") + ".svg"


# A fixed mask: any of the eight is readable, and scoring all eight (segno's default) costs 3.4x.
QR_PARAMS = {"error": "m", "micro": False, "mask": 3}
QR_SVG = {"kind": "svg", "scale": QR_SCALE, "border": 4, "xmldecl": True}


def qr_cache_dir(environ=os.environ) -> Path | None:
    """Where QR codes are kept between builds: $CATALOGUE_CACHE_DIR/qr (empty: no cache), else .cache/qr
    in the working folder (the repository, when run through make; ignored by git)."""
    configured = environ.get("CATALOGUE_CACHE_DIR")
    if configured is not None:
        return Path(configured) / "qr" if configured.strip() else None
    return Path(".cache") / "qr"


def _make_qr_svg(data: str) -> bytes:
    import segno

    return _svg(segno.make(data, **QR_PARAMS).matrix)


_DARK_RUN = re.compile(rb"\x01+")


def _svg(matrix) -> bytes:
    """The SVG segno writes for QR_SVG (same bytes: a test compares them), from the module matrix.

    segno's generic writer takes a third of a code's time; reading the dark runs of each row with
    a regular expression is ten times faster, and a regional catalogue has ten thousand feeds.
    """
    border, scale = QR_SVG["border"], QR_SVG["scale"]
    moves: list[str] = []
    last_x, last_y = 0, 0
    for row_index, row in enumerate(matrix):
        y = border + row_index
        for run in _DARK_RUN.finditer(bytes(row)):
            x1, x2 = border + run.start(), border + run.end()
            if moves:
                moves.append(f"m{x1 - last_x} {y - last_y}h{x2 - x1}")
            else:
                moves.append(f"M{x1} {y}.5h{x2 - x1}")
            last_x, last_y = x2, y
    size = (len(matrix) + 2 * border) * scale
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{size}" '
            f'height="{size}" class="segno"><path transform="scale({scale})" class="qrline" stroke="#000" '
            f'd="{"".join(moves)}"/></svg>\n').encode()


_QR_MEMORY: dict[str, bytes] = {}
_QR_CACHE_FORMAT = "scelle-1"  # cached codes carry a seal (cachetrust): a planted or edited one is re-made
_PARALLEL_FROM = 200  # below this many codes, starting worker processes costs more than it saves


def _qr_key(data: str) -> str:
    import segno

    return hashlib.sha256(repr((segno.__version__, QR_PARAMS, QR_SVG, _QR_CACHE_FORMAT, data)).encode()).hexdigest()


def _qr_from_disk(folder: Path | None, data: str) -> bytes | None:
    if folder is None:
        return None
    key = _qr_key(data)
    try:
        stored = (folder / f"{key}.svg").read_bytes()
    except OSError:
        return None
    cached = cachetrust.unseal(key, stored)
    return cached if cached is not None and cached.startswith(b"<?xml") and cached.rstrip().endswith(b"</svg>") else None


def _qr_to_disk(folder: Path | None, data: str, svg: bytes) -> None:
    if folder is None:
        return
    key = _qr_key(data)
    sealed = cachetrust.seal(key, svg)
    if sealed is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_bytes(sealed)
        os.replace(temporary, folder / f"{key}.svg")
    except OSError:
        pass


def qr_svg(data: str) -> bytes:
    """A QR code as an SVG file holding `data`.

    About 1.5 ms a code: the result depends only on `data` (and segno's version), so it is
    kept in memory and in a content-addressed cache folder, where each file is sealed by this
    machine (cachetrust: a planted or edited file is re-made); the bytes are the same with or
    without the cache.
    """
    svg = _QR_MEMORY.get(data)
    if svg is None:
        folder = qr_cache_dir()
        svg = _qr_from_disk(folder, data)
        if svg is None:
            svg = _make_qr_svg(data)
            _qr_to_disk(folder, data, svg)
        _QR_MEMORY[data] = svg
    return svg


def warm_qr_codes(catalogue: Catalogue, site_url: str) -> None:
    """Make every feed's QR code ahead of the pages, on all cores when there are many."""
    folder = qr_cache_dir()
    missing = []
    for feed in feeds.all_feeds(catalogue):
        data = links(feed, site_url).webcal
        if data not in _QR_MEMORY:
            cached = _qr_from_disk(folder, data)
            if cached is None:
                missing.append(data)
            else:
                _QR_MEMORY[data] = cached
    if len(missing) < _PARALLEL_FROM or parallel.cores() < 2:
        made = map(_make_qr_svg, missing)
    else:
        with parallel.fork_pool(parallel.cores()) as pool:
            made = list(pool.map(_make_qr_svg, missing, chunksize=64))
    for data, svg in zip(missing, made):
        _QR_MEMORY[data] = svg
        _qr_to_disk(folder, data, svg)


def qr_size(feed: Feed, site_url: str) -> int:
    """Width (= height) in pixels of the feed's QR code, for the <img> attributes."""
    svg = qr_svg(links(feed, site_url).webcal)
    match = re.search(rb'width="(\d+)"', svg)
    return int(match.group(1)) if match else 0


def qr_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """One QR code per feed, holding its webcal:// address (phones open it in their calendar app)."""
    return {qr_path(feed): qr_svg(links(feed, site_url).webcal) for feed in feeds.all_feeds(catalogue) if offered(catalogue, feed)}


def offered(catalogue: Catalogue, feed: Feed) -> bool:
    """Whether the site offers to subscribe to a feed: not for an activity without dates (its file stays)."""
    return not (feed.kind == "activite" and catalogue.activities[feed.ident].no_dates is not None)


def files(catalogue: Catalogue, site_url: str) -> Iterator[tuple[str, bytes]]:
    """The writer registered in writers.WRITERS: the .ics feeds and their QR codes, one at a time."""
    yield from feedstates.write_feeds(catalogue, site_url)
    yield from qr_files(catalogue, site_url).items()


def session_counts(catalogue: Catalogue) -> Counter:
    """How many sessions each feed holds now (in the window), by feed key."""
    counts: Counter = Counter()
    for session in feeds.in_window(catalogue.sessions, catalogue.today):
        activity = catalogue.activities.get(session.activity)
        if activity is not None:
            counts.update(feeds.session_feed_keys(catalogue, activity, session))
    return counts


def _labels(listed: list[Feed]) -> dict[tuple[str, str], str]:
    """Link texts, distinct on the page: the title, with its kind when two feeds share a title."""
    seen = Counter(feed.title for feed in listed)
    return {feed.key: feed.title if seen[feed.title] == 1 else f"{feed.title} ({KINDS[feed.kind][0].lower()})" for feed in listed}


def pages(catalogue: Catalogue) -> list[tuple[str, str, dict]]:
    """(path, template, context) of the subscribe pages: `abonnement/`, then one per feed."""
    all_feeds = feeds.all_feeds(catalogue)
    counts = session_counts(catalogue)
    first, last = feeds.window(catalogue.today)
    common = {"feed_links": links, "qr_size": qr_size, "counts": counts, "window_first": first, "window_last": last,
              "KINDS": KINDS}
    groups = []
    for kind, (_, heading) in KINDS.items():
        if kind == "activite":
            continue  # one per activity: linked from each activity's page, not listed here
        listed = [f for f in all_feeds if f.kind == kind and counts[f.key]]
        if listed:
            groups.append((kind, heading, listed))
    listed_all = [f for _, _, fs in groups for f in fs]
    main = all_feeds[0]
    assert main.kind == ALL
    result = [(f"{feeds.SUBSCRIBE_DIR}/index.html", "subscribe",
               {**common, "feed": main, "groups": groups, "labels": _labels(listed_all), "is_main": True})]
    for feed in all_feeds[1:]:
        if not offered(catalogue, feed):
            continue  # no dates to subscribe to: no page (the feed file stays, for old subscriptions)
        result.append((f"{feed.subscribe_page}index.html", "subscribe",
                       {**common, "feed": feed, "groups": [], "labels": {}, "is_main": False}))
    return result
