"""The image a partner's file becomes on the site: rebuilt, never copied.

`make check` and the build both go through `clean_image`, so what is checked is exactly what
is published: an SVG rebuilt from an allow-list (svgsafe), a PNG, JPEG or WebP decoded and
encoded again without its metadata (rastersafe). The result is cached by content, so the
build does not redo the check's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .rastersafe import RasterRefused, clean_raster
from .svgsafe import Dropped, SvgRefused, clean_svg
from ..limits import MAX_IMAGE_BYTES

MAX_LISTED = 6
_ADVICE = "enregistrez-la en « SVG simple » (dessin seul, sans script, ni lien, ni image externe)"


@dataclass(frozen=True)
class CleanImage:
    """Bytes to publish (None when refused), why it was refused, and what the rebuild left out."""

    data: bytes | None
    problem: str | None = None
    dropped: tuple[Dropped, ...] = ()

    def dropped_summary(self) -> str:
        """What was dropped, in French, with its lines: for a `make check` warning."""
        listed = [f"ligne {d.line} : {d.what}" for d in self.dropped[:MAX_LISTED]]
        more = len(self.dropped) - MAX_LISTED
        return " ; ".join(listed) + (f" ; et {more} autre(s)" if more > 0 else "")


@lru_cache(maxsize=256)
def clean_image(data: bytes, name: str) -> CleanImage:
    """The publishable form of the image file `name` holding `data`."""
    if len(data) > MAX_IMAGE_BYTES:
        return CleanImage(None, f"image trop lourde ({len(data) / 1e6:.1f} Mo) : au plus {MAX_IMAGE_BYTES // 1_000_000} Mo ; réduisez-la")
    if not name.lower().endswith(".svg"):
        try:
            return CleanImage(clean_raster(data, name))
        except RasterRefused as exc:
            return CleanImage(None, exc.message)
    try:
        svg = clean_svg(data)
    except SvgRefused as exc:
        return CleanImage(None, f"ligne {exc.line} : {exc.message} : {_ADVICE}")
    return CleanImage(svg.data, None, svg.dropped)


def publishable(data: bytes, name: str) -> bytes:
    """The bytes to write on the site; the loader has refused the content already if there are none."""
    image = clean_image(data, name)
    if image.data is None:
        raise ValueError(f"{name}: {image.problem}")
    return image.data
