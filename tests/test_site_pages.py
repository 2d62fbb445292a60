"""The plan of the public pages (pages.py), the presentation filters (present.py) and the
per-session calendar files (single.py), tested without Pelican on a small catalogue."""

from __future__ import annotations

import re
from datetime import date

import pytest

from catalogue.outputs import pages, text as present
from catalogue.content import french
from catalogue.sanitise import imagesize
from catalogue.outputs import schedule
from catalogue.outputs import urls
from catalogue.outputs import views
from catalogue.outputs.ical import feedstates, single, text as ical_text
from fixtures import load
from fixtures import write_tree

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("small"), "town-and-village")
    catalogue, problems, _ = load(root, TODAY)
    assert catalogue is not None, "\n".join(map(str, problems))
    return catalogue


def by_path(plan) -> dict[str, pages.Page]:
    return {page.path: page for page in plan}


# ---- the plan ----------------------------------------------------------------------------------


def test_plan_has_one_page_per_template_and_item(small):
    plan = by_path(pages.plan(small))
    assert len(plan) == len(pages.plan(small)), "two pages share a path"
    for path in ("index.html", "activites/index.html", "agenda/index.html", "partenaires/index.html", "badges/index.html"):
        assert path in plan
    for aid in small.activities:
        assert plan[f"activites/{aid}/index.html"].template == "activity"
    for sid in small.structures:
        assert plan[f"structures/{sid}/index.html"].template == "structure"
    assert plan["badges/fabriquer/index.html"].template == "badge"


def test_filter_pages_are_static_and_skip_empty_filters(small):
    groups = {g.key: {f.key: f for f in g.filters} for g in views.filter_groups(small)}
    assert set(groups) == {"condition", "acces", "categorie", "territoire", "public", "structure"}
    # no access detail said: a wheelchair-accessible place counts as one without steps, and nothing else is claimed
    assert set(groups["acces"]) == {"sans-marche"} and groups["acces"]["sans-marche"].activity_ids == ("foot",)
    assert groups["acces"]["sans-marche"].url == "filtres/acces/sans-marche/"
    assert groups["condition"]["gratuit"].activity_ids == ("fablab-ouvert", "foot")
    assert groups["condition"]["sans-inscription"].activity_ids == ("fablab-ouvert",)
    # fablab-ouvert has an upcoming session moved to a place without wheelchair access
    assert groups["condition"]["accessible-en-fauteuil"].activity_ids == ("foot",)
    assert groups["territoire"]["ville"].activity_ids == ("fablab-ouvert", "foot")
    assert groups["territoire"]["campagne"].activity_ids == ("cuisine",)
    assert groups["public"]["jeunes"].activity_ids == ("cuisine", "foot")
    assert set(groups["structure"]) == {"atelier", "club"}, "structures without activities have no filter page"
    assert groups["categorie"]["fablab"].url == "filtres/categorie/fablab/"
    assert groups["condition"]["gratuit"].url == "filtres/gratuit/"
    assert groups["condition"]["gratuit"].heading == "Les activités gratuites"
    assert groups["structure"]["club"].heading == "Les activités proposées par Club de sport"
    assert groups["categorie"]["fablab"].heading == "Les activités\u00a0: Fablab"
    plan = by_path(pages.plan(small))
    for group in groups.values():
        for f in group.values():
            page = plan[f.url + "index.html"]
            assert page.template == "catalogue"
            assert [c.activity.id for c in page.context["cards"]] == list(f.activity_ids)


def test_filter_pages_never_collide_with_activity_pages(small):
    for group in views.filter_groups(small):
        for f in group.filters:
            assert not f.url.startswith("activites/")


def test_agenda_weeks_start_on_monday_and_group_by_day(small):
    weeks = views.weeks(small)
    assert len(weeks) == views.AGENDA_WEEKS
    assert weeks[0].monday == date(2026, 11, 23) and weeks[0].url == "agenda/"
    assert weeks[1].monday == date(2026, 11, 30) and weeks[1].url == "agenda/2026-11-30/"
    first_days = [day for day, _ in weeks[0].days]
    assert first_days == [date(2026, 11, 25)], "the past (Monday, Tuesday) is not listed"
    second = dict(weeks[1].days)
    assert [i.session.activity for i in second[date(2026, 12, 1)]] == ["cuisine"]
    cancelled = second[date(2026, 12, 2)][0]
    assert cancelled.session.cancelled and cancelled.calendar is None
    moved = dict(weeks[2].days)[date(2026, 12, 9)][0]
    assert moved.session.moved and not moved.usual_place and moved.place.id == "atelier-village"
    assert moved.calendar == f"activites/fablab-ouvert/{moved.session.key}.ics"


def test_home_week_is_the_next_seven_days(small):
    home = by_path(pages.plan(small))["index.html"].context
    assert [day for day, _ in home["week"]] == [date(2026, 11, 25), date(2026, 12, 1)]


def test_activity_page_context(small):
    context = by_path(pages.plan(small))["activites/fablab-ouvert/index.html"].context
    assert context["easy_lines"] == ["Vous venez au fablab.", "Vous fabriquez un objet !", "C'est gratuit."]
    shown, more = context["sessions"], context["more_sessions"]
    assert len(shown) == pages.SESSIONS_SHOWN and more
    assert shown[0].session.start.date() == TODAY, "sessions of today are still listed"
    assert [p.id for p, _ in context["other_places"]] == ["atelier-village"]
    assert context["contact"].email == "atelier@example.org"
    assert [b.id for b in context["badges"]] == ["fabriquer"]
    assert [f.key for f in context["categories"]] == ["fablab"]
    past = by_path(pages.plan(small))["activites/cuisine/index.html"].context
    assert [i.session.start.date() for i in past["sessions"]] == [date(2026, 12, 1)], "past sessions are left out"


def test_cards_show_the_next_session_that_is_not_cancelled(small):
    card = views.card(small, small.activities["fablab-ouvert"])
    assert card.next.session.start.date() == TODAY
    assert card.commune == "Centre-Ville"
    assert views.card(small, small.activities["foot"]).next is None


def test_partners_members_first_then_by_kind(small):
    groups = views.partner_groups(small)
    assert [(label, [s.id for s in items]) for label, items in groups] == [
        ("Les membres du consortium", ["atelier", "club"]),
        ("Établissements d'enseignement", ["abbaye", "ecole"]),
        ("Entreprises, associations et organisations professionnelles", ["banque"]),
    ]


def test_subscribe_link_only_when_the_page_exists(small, monkeypatch):
    plan = pages.plan(small)
    has_page = any(p.path == urls.SUBSCRIBE_PATH for p in plan)
    assert all(p.context["subscribe_url"] == ("abonnement/" if has_page else None) for p in plan)


@pytest.mark.parametrize("text, expected", [
    ("Vous venez. Vous repartez.", ["Vous venez.", "Vous repartez."]),
    ("Il coûte 3 €. Appelez avant ! Merci.", ["Il coûte 3 €.", "Appelez avant !", "Merci."]),
    ("Le 1. ou le 2 décembre.", ["Le 1. ou le 2 décembre."]),
    ("Une seule phrase", ["Une seule phrase"]),
])
def test_split_sentences(text, expected):
    assert views.split_sentences(text) == expected


def test_teaser_keeps_whole_sentences():
    text = "Première phrase. " + "Deuxième phrase un peu longue. " * 3 + "Fin."
    teaser = views.teaser(text, 60)
    assert teaser == "Première phrase. Deuxième phrase un peu longue."
    assert views.teaser("Une phrase très longue " * 20) == ("Une phrase très longue " * 20).strip()


def test_image_size():
    assert imagesize.image_size(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150">') == (300, 150)
    assert imagesize.image_size(b'<?xml version="1.0"?><svg width="40" height="20">') == (40, 20)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (120).to_bytes(4, "big") + (60).to_bytes(4, "big")
    assert imagesize.image_size(png) == (120, 60)
    assert imagesize.image_size(b"nothing") is None


def test_sort_key_ignores_accents_case_and_articles():
    names = ["Le Dôme", "association", "École", "Café"]
    assert sorted(names, key=french.sort_key) == ["association", "Café", "Le Dôme", "École"]


# ---- presentation filters ----------------------------------------------------------------------


@pytest.mark.parametrize("monday, expected", [
    (date(2026, 11, 23), "du 23 au 29 novembre"),
    (date(2026, 11, 30), "du 30 novembre au 6 décembre"),
    (date(2026, 12, 28), "du 28 décembre 2026 au 3 janvier 2027"),
    (date(2027, 2, 22), "du 22 au 28 février"),
    (date(2027, 3, 1), "du 1er au 7 mars"),
    (date(2027, 1, 25), "du 25 au 31 janvier"),
])
def test_week_fr(monday, expected):
    assert present.week_fr(monday).replace("\u00a0", " ") == expected
    assert not re.search(r"\d (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)",
                         present.week_fr(monday)), "a day number never ends a line"


def test_dates_in_french():
    from datetime import datetime

    from catalogue.content.sessions import PARIS

    start = datetime(2026, 12, 1, 14, 0, tzinfo=PARIS)
    assert present.when_fr(start, start.replace(hour=16)) == "mardi 1er décembre, 14 h – 16 h"
    assert present.when_fr(start.replace(minute=30), start.replace(hour=17)) == "mardi 1er décembre, 14 h 30 – 17 h"


def test_plural_fr():
    assert french.plural_fr(0, "activité") == "0 activité"
    assert french.plural_fr(1, "activité") == "1 activité"
    assert french.plural_fr(3, "activité") == "3 activités"
    assert french.plural_fr(2, "autre date", "autres dates") == "2 autres dates"


def test_map_links(small):
    with_coordinates = small.places["atelier-centre"]
    assert present.geo_uri(with_coordinates) == "geo:49.18,-0.36?q=49.18,-0.36(L%27Atelier%2C%20centre)"
    assert present.osm_url(with_coordinates) == "https://www.openstreetmap.org/?mlat=49.18&mlon=-0.36#map=18/49.18/-0.36"
    without = small.places["atelier-village"]
    assert present.geo_uri(without, "Le Village") == "geo:0,0?q=Place%20de%20l%27%C3%89glise%2C%2014210%20Le%20Village"
    assert present.osm_url(without, "Le Village").startswith("https://www.openstreetmap.org/search?query=Place%20de")


# ---- per-session calendar files ----------------------------------------------------------------


def test_one_calendar_file_per_upcoming_session_not_cancelled(small):
    files = dict(single.session_files(small, "https://exemple.fr"))
    upcoming = [s for s in schedule.upcoming(small, small.sessions) if not s.cancelled]
    assert set(files) == {urls.session_calendar_path(s) for s in upcoming}
    assert not any(s.cancelled and urls.session_calendar_path(s) in files for s in small.sessions)


def test_calendar_file_is_valid_icalendar(small):
    import icalendar

    session = next(s for s in small.sessions if s.moved)
    data = single.session_event(small, session, "https://exemple.fr")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"{session.uid}@exemple.fr"
    assert event.decoded("DTSTART") == session.start
    assert event.decoded("DTEND") == session.end
    assert str(event["SUMMARY"]) == "Fablab ouvert"
    assert "Salle du village" in str(event["LOCATION"])
    assert "Atelier au village" in str(event["DESCRIPTION"])
    assert str(event.get("ORGANIZER", "mailto:")).startswith("mailto:")
    assert str(event["URL"]) == "https://exemple.fr/activites/fablab-ouvert/"
    assert int(event["SEQUENCE"]) == 1
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_fold_keeps_utf8_characters_whole():
    line = "DESCRIPTION:" + "é" * 100
    folded = ical_text.fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    for part in parts:
        part.decode("utf-8")  # would raise on a split character
    assert folded.replace("\r\n ", "") == line


def test_escape_text():
    assert ical_text.escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"


def test_calendar_file_event_is_byte_identical_to_the_feeds(small):
    """Importing one session and subscribing to a feed must give one event, not two."""
    files = dict(single.session_files(small, "https://exemple.fr"))
    feed_bytes = b"".join(data for _, data in feedstates.write_feeds(small, "https://exemple.fr"))
    for data in files.values():
        event = data[data.index(b"BEGIN:VEVENT"):data.index(b"END:VEVENT") + len(b"END:VEVENT\r\n")]
        assert event in feed_bytes
