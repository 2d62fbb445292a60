"""An Atom feed of new and changed activities (`nouveautes.atom`), for referrers' feed readers.

Entry dates come from the content's history: an activity is published when its file first reached
the first-parent line, updated when that line last changed it. Never the clock: a file not committed
yet, or a tree outside git, is dated SOURCE_DATE_EPOCH (else history's fixed epoch).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from feedgenerator import Atom1Feed
from markupsafe import escape

from ..content.history import fallback_epoch, file_dates
from ..content.load import Catalogue
from .urls import ACTIVITIES_URL, ATOM_PATH, absolute, activity_url

MAX_ENTRIES = 50


class _Feed(Atom1Feed):
    """feedgenerator dates an empty feed by the clock; this one by the content's fallback epoch."""

    def __init__(self, *args, fallback: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else self.fallback


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


def atom_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    dates = file_dates(catalogue.root)
    fallback = fallback_epoch()
    feed = _Feed(
        title="Territoires Partagés : activités nouvelles ou modifiées", link=absolute(site_url, ACTIVITIES_URL),
        description="Les activités du catalogue, les plus récemment ajoutées ou modifiées en premier.",
        language="fr", feed_url=absolute(site_url, ATOM_PATH), feed_guid=absolute(site_url, ATOM_PATH),
        fallback=_moment(fallback),
    )
    entries = []
    for activity in catalogue.activities.values():
        first, last = dates.get(catalogue.sources.get(f"activity:{activity.id}", ""), (fallback, fallback))
        entries.append((last, first, activity))
    entries.sort(key=lambda entry: (-entry[0], entry[2].id))
    for last, first, activity in entries[:MAX_ENTRIES]:
        structure = catalogue.structures.get(activity.structure)
        url = absolute(site_url, activity_url(activity.id))
        feed.add_item(title=activity.title, link=url, unique_id=url, description=str(escape(activity.easy_summary)),
                      pubdate=_moment(first), updateddate=_moment(last),
                      author_name=structure.name if structure else None, categories=[
                          catalogue.vocabulary.categories[c].name for c in activity.categories if c in catalogue.vocabulary.categories])
    out = io.StringIO()
    feed.write(out, "utf-8")
    return {ATOM_PATH: out.getvalue().encode("utf-8")}
