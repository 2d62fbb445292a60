"""PNG, JPEG and WebP images decoded and encoded again (Pillow) before they are published.

A raster file can carry more than pixels: EXIF with GPS position, comments, trailing bytes
(an HTML or ZIP "polyglot"), a mislabelled type. Re-encoding the decoded pixels keeps only the
picture, in the format its extension says, with the same settings every time (same input,
same bytes).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError
from ..limits import MAX_PIXELS

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
_TOO_BIG = "image trop grande ({size}) : au plus 25 millions de pixels ; réduisez-la (un logo de 1000 pixels de large suffit)"


class RasterRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def clean_raster(data: bytes, name: str) -> bytes:
    """The picture of `data` encoded again as its extension says, with no metadata."""
    expected = FORMATS[name[name.rfind("."):].lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise RasterRefused(_TOO_BIG.format(size=f"{image.width} × {image.height} pixels"))
                image.load()
                picture = ImageOps.exif_transpose(image)
    except RasterRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise RasterRefused(_TOO_BIG.format(size="plus de 25 millions de pixels")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise RasterRefused(f"image illisible : ce fichier n'est pas une image {_NAMES[expected]} valide ; "
                            f"ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en {_NAMES[expected]}") from None
    if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    if expected == "JPEG" and picture.mode not in ("L", "RGB"):
        picture = picture.convert("RGB")
    picture.info = {key: value for key, value in picture.info.items() if key == "transparency"}
    out = io.BytesIO()
    options = {"PNG": {"optimize": False}, "JPEG": {"quality": 92, "subsampling": 0}, "WEBP": {"lossless": True, "method": 4}}[expected]
    picture.save(out, expected, **options)
    return out.getvalue()
