"""The feeds' QR codes (segno), kept between builds in a sealed cache folder: a phone that reads one
opens the feed's webcal:// address in its calendar app."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .. import parallel
from ..content.load import Catalogue
from ..sanitise import cachetrust
from ..settings import build_cache
from .ical.feedlist import Feed, all_feeds, offered
from .urls import qr_path, webcal

QR_SCALE = 4
# A fixed mask: any of the eight is readable, and scoring all eight (segno's default) costs 3.4x.
QR_PARAMS = {"error": "m", "micro": False, "mask": 3}
QR_SVG = {"kind": "svg", "scale": QR_SCALE, "border": 4, "xmldecl": True}


def qr_cache_dir(environ=os.environ) -> Path | None:
    """Where QR codes are kept between builds (settings.build_cache)."""
    return build_cache("qr", environ)


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
    cached = cachetrust.read_sealed(folder / f"{key}.svg", key)
    return cached if cached is not None and cached.startswith(b"<?xml") and cached.rstrip().endswith(b"</svg>") else None


def _qr_to_disk(folder: Path | None, data: str, svg: bytes) -> None:
    if folder is not None:
        key = _qr_key(data)
        cachetrust.write_sealed(folder / f"{key}.svg", key, svg)


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


def _data(feed: Feed, site_url: str) -> str:
    """What a feed's code holds: its webcal:// address."""
    return webcal(f"{site_url.rstrip('/')}/{feed.path}")


def warm_qr_codes(catalogue: Catalogue, site_url: str) -> None:
    """Make every feed's QR code ahead of the pages, on all cores when there are many."""
    folder = qr_cache_dir()
    missing = []
    for feed in all_feeds(catalogue):
        data = _data(feed, site_url)
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
    svg = qr_svg(_data(feed, site_url))
    match = re.search(rb'width="(\d+)"', svg)
    return int(match.group(1)) if match else 0


def qr_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """One QR code per feed, holding its webcal:// address (phones open it in their calendar app)."""
    return {qr_path(feed.path): qr_svg(_data(feed, site_url)) for feed in all_feeds(catalogue) if offered(catalogue, feed)}


