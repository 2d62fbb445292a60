"""The paper outputs as one writer for the generator: every territory's programme, then every activity's sheet.

Yielded one file at a time, so that a regional catalogue never holds all its PDFs in memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...content.load import Catalogue
from ..urls import orientation_sheet_path, weekly_programme_path
from . import sheet, weekly


def files(catalogue: Catalogue, site_url: str) -> Iterator[tuple[str, bytes]]:
    for territory_id in catalogue.vocabulary.territories:
        yield weekly_programme_path(territory_id), weekly.programme(catalogue, territory_id, site_url)
    for activity in catalogue.activities.values():
        yield orientation_sheet_path(activity.id), sheet.sheet(catalogue, activity, site_url)
