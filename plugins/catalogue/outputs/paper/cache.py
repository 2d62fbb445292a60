"""PDFs kept between builds (`make serve`, the next `make site`): a sheet is made again only when what it
shows, or the code and files that draw it, change. Embedding the font costs most of a sheet's time.

The key is a digest of everything the sheet is drawn from (the caller's `inputs`), of fpdf2's version and of
this package's own files (code, fonts, pictograms). Each stored file is sealed by this machine (cachetrust,
as the QR codes are): a planted or edited one is made again. The bytes are the same with or without it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import fpdf

from ...sanitise import cachetrust
from ...settings import build_cache

HERE = Path(__file__).parent


def cache_dir(environ=os.environ) -> Path | None:
    """Where PDFs are kept between builds (settings.build_cache)."""
    return build_cache("paper", environ)


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256(fpdf.__version__.encode())
    for path in sorted(p for p in HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cached(inputs: str, make: Callable[[], bytes]) -> bytes:
    """The PDF made by `make()` from `inputs`, taken from the cache when this machine sealed it there."""
    key = hashlib.sha256(f"{code_digest()}\0{inputs}".encode()).hexdigest()
    folder = cache_dir()
    if folder is not None:
        data = cachetrust.read_sealed(folder / f"{key}.pdf", key)
        if data is not None and data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"):
            return data
    data = make()
    if folder is not None:
        cachetrust.write_sealed(folder / f"{key}.pdf", key, data)
    return data
