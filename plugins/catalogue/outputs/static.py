"""The images content refers to, rebuilt from allow-lists (sanitise.images), never copied."""

from __future__ import annotations

from ..content.load import Catalogue
from ..sanitise.images import publishable
from .urls import badge_image_path, structure_logo_path


def static_files(catalogue: Catalogue, site_url: str = "") -> dict[str, bytes]:
    """Images referenced by content, rebuilt (never copied) next to the pages that show them."""
    files: dict[str, bytes] = {}
    for badge in catalogue.badges.values():
        files[badge_image_path(badge)] = publishable((catalogue.root / "badges" / badge.image).read_bytes(), badge.image)
    for structure in catalogue.structures.values():
        if structure.logo:
            files[structure_logo_path(structure)] = publishable((catalogue.root / "structures" / structure.logo).read_bytes(), structure.logo)
    return files
