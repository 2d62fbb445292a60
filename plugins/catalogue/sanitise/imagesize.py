"""The intrinsic size of a publishable image (SVG, PNG, JPEG), for its <img> width and height."""

from __future__ import annotations

import math
import re

from .svgsafe import LENGTH, VIEW_BOX


def image_size(data: bytes) -> tuple[float, float] | None:
    """Intrinsic size of an SVG (viewBox, else width/height), PNG or JPEG; None when unknown or not a
    positive, finite size (the caller then shows a square)."""
    size = _raw_size(data)
    if size is None or not all(math.isfinite(v) and v > 0 for v in size):
        return None
    return size


def _raw_size(data: bytes) -> tuple[float, float] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                return None
            marker, length = data[index + 1], int.from_bytes(data[index + 2:index + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[index + 7:index + 9], "big"), int.from_bytes(data[index + 5:index + 7], "big")
            index += 2 + length
        return None
    head = data[:4096].decode("utf-8", "ignore")
    tag = re.search(r"<svg\b[^>]*>", head)
    if not tag:
        return None
    view_box = re.search(r'viewBox="([^"]*)"', tag.group(0))
    numbers = VIEW_BOX.fullmatch(view_box.group(1)) if view_box else None
    if numbers:
        return float(numbers.group(3)), float(numbers.group(4))
    width, height = (re.search(rf'\b{a}="([^"]*)"', tag.group(0)) for a in ("width", "height"))
    lengths = [LENGTH.fullmatch(m.group(1)) if m else None for m in (width, height)]
    if all(lengths) and not any(m.group(2) == "%" for m in lengths):
        return float(lengths[0].group(1)), float(lengths[1].group(1))
    return None
