"""Issue 15, the time half, end to end: content files for each situation -> `check` -> the built pages' text ->
the feeds read by icalendar, vobject, recurring-ical-events and ical.js (Thunderbird's parser), which must all
agree on the same UTC instants, on both sides of both clock changes of 2027 (28 March, 31 October)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ics_readers
from conftest import catalogue_env
from fixtures import write_tree

ROOT = Path(__file__).parents[1]
U = "@territoires-partages.example.org"  # the UIDs' domain: the site's host


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = write_tree(tmp_path_factory.mktemp("situations") / "depot", "small", "situations")
    check = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "check"], capture_output=True, text=True,
                           env=catalogue_env(), cwd=root, timeout=300)
    output = root / "sortie"
    build = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output),
                            "--settings", str(ROOT / "pelicanconf.py")], capture_output=True, text=True, env=catalogue_env(), timeout=600)
    assert build.returncode == 0, build.stderr
    return output, check


def page_text(output: Path, url: str) -> str:
    """What a reader sees of a page's main content: tags dropped, entities and spaces normalised."""
    text = (output / url / "index.html").read_text(encoding="utf-8")
    main = re.search(r"<main\b.*?</main>", text, re.S).group(0)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).replace("\u00a0", " ")


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


# Every event the feeds must hold, written by hand from the content: (UID, SUMMARY, STATUS, start, end), UTC.
EXPECTED = {
    "journee": {
        ("journee-20270327" + U, "Journée portes ouvertes", "CONFIRMED", "2027-03-27", "2027-03-28"),
        ("journee-20271031" + U, "Journée portes ouvertes", "CONFIRMED", "2027-10-31", "2027-11-01"),
    },
    "stage": {
        ("stage-20261207" + U, "Stage de quatre jours (jour 1 sur 2)", "CONFIRMED", "2026-12-07T08:00Z", "2026-12-07T16:00Z"),
        ("stage-20261208" + U, "Stage de quatre jours (jour 2 sur 2)", "CONFIRMED", "2026-12-08T08:00Z", "2026-12-08T16:00Z"),
        ("stage-20270326" + U, "Stage de quatre jours (jour 1 sur 4)", "CONFIRMED", "2027-03-26T08:00Z", "2027-03-26T16:00Z"),
        ("stage-20270327" + U, "Stage de quatre jours (jour 2 sur 4)", "CONFIRMED", "2027-03-27T08:00Z", "2027-03-27T16:00Z"),
        ("stage-20270328" + U, "Stage de quatre jours (jour 3 sur 4)", "CONFIRMED", "2027-03-28T07:00Z", "2027-03-28T15:00Z"),
        ("stage-20270329" + U, "Stage de quatre jours (jour 4 sur 4)", "CONFIRMED", "2027-03-29T07:00Z", "2027-03-29T15:00Z"),
        # without week_end, Saturday 30 and Sunday 31 October are left out
        ("stage-20271029" + U, "Stage de quatre jours (jour 1 sur 2)", "CONFIRMED", "2027-10-29T07:00Z", "2027-10-29T10:00Z"),
        ("stage-20271101" + U, "Stage de quatre jours (jour 2 sur 2)", "CONFIRMED", "2027-11-01T08:00Z", "2027-11-01T11:00Z"),
    },
    "nuit": {
        ("nuit-20270327" + U, "Soirée jeux", "CONFIRMED", "2027-03-27T21:00Z", "2027-03-28T00:00Z"),
        ("nuit-20270328" + U, "Soirée jeux", "CONFIRMED", "2027-03-28T20:00Z", "2027-03-28T23:00Z"),
        ("nuit-20271030" + U, "Soirée jeux", "CONFIRMED", "2027-10-30T20:00Z", "2027-10-30T23:00Z"),
        ("nuit-20271031" + U, "Soirée jeux", "CONFIRMED", "2027-10-31T21:00Z", "2027-11-01T00:00Z"),
    },
    "mensuel": {
        ("mensuel-20270328" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-03-28T08:00Z", "2027-03-28T10:00Z"),
        ("mensuel-20270425" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-04-25T08:00Z", "2027-04-25T10:00Z"),
        ("mensuel-20270530" + U, "ANNULÉ – Brunch du dernier dimanche", "CANCELLED", "2027-05-30T08:00Z", "2027-05-30T10:00Z"),
        ("mensuel-20270627" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-06-27T08:00Z", "2027-06-27T10:00Z"),
        # 25 July and 29 August: in the `sauf` period, not in feeds
        ("mensuel-20270926" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-09-26T08:00Z", "2027-09-26T10:00Z"),
        ("mensuel-20271031" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-10-31T09:00Z", "2027-10-31T11:00Z"),
        ("mensuel-20270306" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-03-06T09:00Z", "2027-03-06T10:00Z"),
        ("mensuel-20270320" + U, "Brunch du dernier dimanche", "CONFIRMED", "2027-03-20T09:00Z", "2027-03-20T10:00Z"),
    },
    "quinzaine": {  # the week of `du` (Wednesday 24 March) is the first: its Thursday, then two weeks later
        ("quinzaine-20270325" + U, "Jeux une semaine sur deux", "CONFIRMED", "2027-03-25T13:00Z", "2027-03-25T15:00Z"),
        ("quinzaine-20270405" + U, "Jeux une semaine sur deux", "CONFIRMED", "2027-04-05T12:00Z", "2027-04-05T14:00Z"),
        ("quinzaine-20270408" + U, "Jeux une semaine sur deux", "CONFIRMED", "2027-04-08T12:00Z", "2027-04-08T14:00Z"),
    },
    "statuts": {
        ("statuts-20270324" + U, "Atelier vélo", "CONFIRMED", "2027-03-24T13:00Z", "2027-03-24T15:00Z"),
        ("statuts-20270331" + U, "COMPLET – Atelier vélo", "CONFIRMED", "2027-03-31T12:00Z", "2027-03-31T14:00Z"),
        ("statuts-20270407" + U, "REPORTÉ – Atelier vélo", "CANCELLED", "2027-04-07T12:00Z", "2027-04-07T14:00Z"),
        ("statuts-20271030" + U, "COMPLET – Atelier vélo", "CONFIRMED", "2027-10-30T08:00Z", "2027-10-30T10:00Z"),
    },
    "sur-rendez-vous": set(),
    "sur-orientation": set(),
}


def test_check_passes_without_warnings(site):
    _, check = site
    assert check.returncode == 0, check.stderr
    assert "Contenu valide" in check.stdout
    mine = [line for line in check.stderr.splitlines() if any(f"/{ident}.md" in line for ident in EXPECTED)]
    assert mine == []  # no "aucune séance" for the activities without dates, no false hint


@pytest.mark.parametrize("reader", ics_readers.READERS)
def test_each_activity_feed_holds_its_sessions(site, reader):
    output, _ = site
    for ident, events in EXPECTED.items():
        assert ics_readers.READERS[reader]((output / f"calendriers/activite/{ident}.ics").read_bytes()) == events, ident


def test_icaljs_reads_the_same_instants(site):
    output, _ = site
    paths = {ident: output / f"calendriers/activite/{ident}.ics" for ident in EXPECTED}
    found = ics_readers.read_icaljs_many(list(paths.values()))
    for ident, path in paths.items():
        assert found[str(path)] == EXPECTED[ident], ident
    everything = ics_readers.read_icaljs_many([output / "calendriers/tout.ics"])[str(output / "calendriers/tout.ics")]
    assert set().union(*EXPECTED.values()) <= everything


def test_the_feed_says_what_is_special_about_each_session(site):
    import icalendar

    output, _ = site

    def events(ident):
        calendar = icalendar.Calendar.from_ical((output / f"calendriers/activite/{ident}.ics").read_bytes())
        return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}

    stage = events("stage")
    assert {str(e["X-TERRITOIRES-PARTAGES-STAGE"]) for k, e in stage.items() if "20270326" in k} == {"stage-20270326" + U}
    assert "Pause de 12 h 30 à 13 h 30." in str(stage["stage-20270326"]["DESCRIPTION"])
    assert "10 places." in str(stage["stage-20270326"]["DESCRIPTION"])
    night = events("nuit")["nuit-20270327"]
    assert "Fin le lendemain, dimanche 28 mars 2027, à 1 h." in str(night["DESCRIPTION"])
    monthly = events("mensuel")["mensuel-20270530"]
    assert "Pas de séance du samedi 1er mai 2027 au lundi 31 mai 2027 : Travaux dans la salle" in str(monthly["DESCRIPTION"])
    statuses = events("statuts")
    assert "À noter : Apportez une chambre à air." in str(statuses["statuts-20270324"]["DESCRIPTION"])
    assert "8 places." in str(statuses["statuts-20270324"]["DESCRIPTION"])
    assert "COMPLET" in str(statuses["statuts-20270331"]["DESCRIPTION"])
    assert "SÉANCE REPORTÉE" in str(statuses["statuts-20270407"]["DESCRIPTION"])
    # a status change is a change subscribers must see: SEQUENCE goes up, the UID stays
    assert [int(statuses[k]["SEQUENCE"]) for k in ("statuts-20270324", "statuts-20270331", "statuts-20270407")] == [0, 1, 1]
    journee = events("journee")["journee-20271031"]
    assert "À noter : Apportez une tenue de sport." in str(journee["DESCRIPTION"])
    raw = (output / "calendriers/activite/journee.ics").read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20270327\r\nDTEND;VALUE=DATE:20270328\r\n" in raw


def test_activities_without_dates_have_a_feed_file_but_no_calendar_on_their_page(site):
    output, _ = site
    for ident, mode in (("sur-rendez-vous", "Sur rendez-vous"), ("sur-orientation", "Sur orientation")):
        assert b"BEGIN:VCALENDAR" in (output / f"calendriers/activite/{ident}.ics").read_bytes()
        text = page_text(output, f"activites/{ident}")
        when = section(text, "Quand ?", "Où ?")
        assert mode in when
        assert "reprend" not in text and "S'abonner" not in text and "Ajouter à mon agenda" not in text
    assert "Appelez le 02 31 06 60 50 et dites « je voudrais un rendez-vous conseil »." in page_text(output, "activites/sur-rendez-vous")
    referral = page_text(output, "activites/sur-orientation")
    assert "C'est votre conseiller ou votre référent (Mission Locale, France Travail, assistante sociale…) qui vous inscrit." in referral
    assert "Vous n'avez pas de conseiller ? Appelez Le Dôme" in referral
    listing = page_text(output, "filtres/sur-rendez-vous")
    assert "Conseil sur rendez-vous" in listing and "Accompagnement sur orientation" in listing and "Stage" not in listing
    catalogue = page_text(output, "activites")
    card = catalogue.split("Conseil sur rendez-vous", 1)[1][:300]
    assert "Quand : Sur rendez-vous" in card and "Pas de date prévue" not in card


def test_pages_say_each_time_plainly(site):
    output, _ = site
    journee = section(page_text(output, "activites/journee"), "Quand ?", "Où ?")
    assert "samedi 27 mars, toute la journée" in journee and "dimanche 31 octobre 2027, toute la journée" in journee
    stage = section(page_text(output, "activites/stage"), "Quand ?", "Où ?")
    assert "du vendredi 26 au lundi 29 mars, 9 h – 12 h 30 et 13 h 30 – 17 h chaque jour" in stage
    assert "du vendredi 29 octobre au lundi 1er novembre, 9 h – 12 h chaque jour" in stage
    assert stage.count("Ajouter à mon agenda :") == 3  # one item (and one file) per course, not one per day
    assert "samedi 27 mars" not in stage
    night = section(page_text(output, "activites/nuit"), "Quand ?", "Où ?")
    assert "samedi 27 mars, 22 h – 1 h (fin le lendemain)" in night and "23 h 59" not in night
    monthly = section(page_text(output, "activites/mensuel"), "Quand ?", "Où ?")
    assert "Interrompu Pas de séance du samedi 1er mai 2027 au lundi 31 mai 2027 : Travaux dans la salle." in monthly
    assert monthly.count("Travaux") == 1  # one line for the interruption, not one per session
    statuses = section(page_text(output, "activites/statuts"), "Quand ?", "Où ?")
    assert "mercredi 24 mars, 14 h – 16 h 8 places À noter : Apportez une chambre à air." in statuses
    assert "Complet mercredi 31 mars, 14 h – 16 h Plus de place pour cette séance." in statuses
    assert "Reporté mercredi 7 avril, 14 h – 16 h Nouvelle date à venir : Animateur malade." in statuses
    # full and postponed sessions are not offered as calendar entries
    assert statuses.count("Ajouter à mon agenda :") == 1
    assert not (output / "activites/statuts/statuts-20270331.ics").exists()
    assert (output / "activites/statuts/statuts-20270324.ics").exists()
    assert (output / "activites/stage/stage-20270326.ics").read_bytes().count(b"BEGIN:VEVENT") == 4
    # the agenda lists each day of a course under its day, saying which day it is
    agenda = page_text(output, "agenda/2026-12-07")
    assert "9 h – 17 h Stage de quatre jours (jour 1 sur 2)" in agenda and "9 h – 17 h Stage de quatre jours (jour 2 sur 2)" in agenda
