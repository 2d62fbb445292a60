"""outputs/urls.py: the addresses of the built site — each page at the address the links use, each session's
calendar file next to its activity, every folder the pages write reserved (content/kinds.py), Google links that decode back."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from catalogue.content.kinds import CATALOGUE_FOLDERS
from catalogue.content.load import load
from catalogue.content.sessions import PARIS
from catalogue.outputs import pages, urls
from fixtures import write_tree

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("urls"), "small", "situations")
    catalogue, problems, _ = load(root, TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue


def test_each_item_has_its_page_at_the_address_links_use(catalogue):
    planned = {page.path for page in pages.plan(catalogue)}
    addresses = ([urls.activity_url(a) for a in catalogue.activities] + [urls.structure_url(s) for s in catalogue.structures]
                 + [urls.badge_url(b) for b in catalogue.badges])
    for address in addresses:
        assert address.endswith("/") and not address.startswith("/"), address  # relative: the site works under a path
        assert address + "index.html" in planned, address


def test_every_folder_the_pages_write_is_reserved_for_the_catalogue(catalogue):
    """A free page may not take a catalogue folder: the list must hold every folder the plan writes to."""
    tops = {page.path.split("/")[0] for page in pages.plan(catalogue) if "/" in page.path}
    assert tops <= CATALOGUE_FOLDERS, tops - CATALOGUE_FOLDERS
    assert {"calendriers", "theme", "admin"} <= CATALOGUE_FOLDERS


def test_one_calendar_file_per_session_and_one_per_course(catalogue):
    paths: dict[str, set] = {}
    for session in catalogue.sessions:
        path = urls.session_calendar_path(session)
        assert path.startswith(urls.activity_url(session.activity)) and path.endswith(".ics")
        paths.setdefault(path, set()).add(session.key)
    shared = {path: keys for path, keys in paths.items() if len(keys) > 1}
    assert shared, "the course of the `stage` activity has several days"
    for path, keys in shared.items():
        assert {s.course for s in catalogue.sessions if s.key in keys} == {path.rsplit("/", 1)[1][:-4]}, path
    assert len(paths) == len({s.course or s.key for s in catalogue.sessions})


def test_google_event_link_carries_utc_times_and_decodes_to_the_same_text():
    start = datetime(2027, 3, 28, 10, 0, tzinfo=PARIS)  # summer time since 02:00 that day
    end = datetime(2027, 3, 28, 12, 30, tzinfo=PARIS)
    link = urls.google_event_url("Atelier « vélo » & co; 100 %", start, end, "Le Dôme, Caen", "Ligne 1\nLigne 2")
    query = parse_qs(urlsplit(link).query)
    assert link.startswith(urls.GOOGLE_EVENT + "?action=TEMPLATE&")
    assert query["dates"] == ["20270328T080000Z/20270328T103000Z"]
    assert query["text"] == ["Atelier « vélo » & co; 100 %"]
    assert query["location"] == ["Le Dôme, Caen"] and query["details"] == ["Ligne 1\nLigne 2"]
    assert " " not in link and "\n" not in link


def test_google_subscribe_link_encodes_the_whole_webcal_address():
    link = urls.google_subscribe_url("webcal://exemple.fr/sous chemin/calendriers/tout.ics?x=1&y=2")
    assert parse_qs(urlsplit(link).query) == {"cid": ["webcal://exemple.fr/sous chemin/calendriers/tout.ics?x=1&y=2"]}
