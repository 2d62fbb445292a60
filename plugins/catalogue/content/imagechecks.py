"""Checks of the image files a content file names (logos, badge images).

The image is judged by what the site will publish, so the check is given the sanitising layer's
cleaner rather than importing it: content stays below sanitise.
"""

from __future__ import annotations

import html
import re
from typing import Protocol

from .discover import Collector
from .errors import Loc, Problem, format_loc

_SVG_READ = 200_000
_SVG_TITLE = re.compile(r"<title\b[^>]*>([^<]*)</title>", re.IGNORECASE)
_SVG_ROLE = re.compile(r"""<svg\b[^>]*\brole\s*=\s*["']img["']""", re.IGNORECASE)


class CleanedImage(Protocol):
    """What a cleaner says of an image: the bytes to publish, or why not, and what it left out."""

    @property
    def data(self) -> bytes | None: ...
    @property
    def problem(self) -> str | None: ...
    @property
    def dropped(self) -> tuple: ...
    def dropped_summary(self) -> str: ...


class ImageCleaner(Protocol):
    def __call__(self, data: bytes, name: str, /) -> CleanedImage: ...


def check_file(c: Collector, clean: ImageCleaner, path: str, line: int, loc: Loc, folder: str, relative: str) -> None:
    """The named file exists in the repository and can be published."""
    target = c.root / folder / relative
    inside = c.inside(target)
    if not inside:
        c.add(path, line, loc, f"« {relative} » pointe hors du dépôt{' (lien symbolique en boucle)' if inside is None else ''} : attendu un fichier du dossier {folder}/")
    elif not target.is_file():
        c.add(path, line, loc, f"fichier introuvable « {folder}/{relative} » : ajoutez-le au dépôt ou corrigez le chemin")
    else:
        try:
            image = clean(target.read_bytes(), relative)
        except OSError as exc:
            c.add(path, line, loc, f"{folder}/{relative} : fichier illisible ({exc.strerror or exc.__class__.__name__}) : vérifiez ses droits")
            return
        if image.problem:
            c.add(path, line, loc, f"{folder}/{relative} : {image.problem}")
        elif image.dropped:
            c.warnings.append(Problem(path, line, format_loc(loc), f"{folder}/{relative} : l'image sera publiée sans ce qui suit, "
                                      f"que le site n'accepte pas : {image.dropped_summary()} ; vérifiez son apparence, ou enregistrez-la "
                                      "en « SVG simple » (dessin seul, sans script, ni lien, ni image externe)", "attention"))


def check_svg_label(c: Collector, clean: ImageCleaner, path: str, line: int, loc: Loc, folder: str, relative: str, name: str) -> None:
    """An SVG badge image says its name to screen readers: role="img" and a <title>."""
    target = c.root / folder / relative
    if not relative.lower().endswith(".svg") or not c.inside(target) or not target.is_file():
        return
    try:
        published = clean(target.read_bytes(), relative).data
    except OSError:
        return
    if published is None:
        return
    text = published[:_SVG_READ].decode("utf-8", "replace")
    title = _SVG_TITLE.search(text)
    if not title or not title.group(1).strip() or not _SVG_ROLE.search(text):
        c.add(path, line, loc, f"image sans texte accessible « {folder}/{relative} » : ajoutez role=\"img\" à la balise <svg> "
              f"et, juste après, <title>{name}</title>")
    elif html.unescape(title.group(1)).split() != name.split():
        c.warnings.append(Problem(path, line, format_loc(loc), f"le titre de l'image (« {html.unescape(title.group(1)).strip()} ») "
                                  f"n'est pas le nom du badge (« {name} ») : les lecteurs d'écran lisent ce titre", "attention"))
