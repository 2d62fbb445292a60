"""Les PDF à imprimer (plugins/catalogue/outputs/paper/) : programme de la semaine par territoire, fiche
d'orientation par activité. Relus par pypdf (texte extrait, pages, polices, tailles de caractères, liens),
comme les lirait une personne : les séances et les textes y sont, au bon jour, et la fiche tient sur une page.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO_ROOT, SOURCE_DATE_EPOCH, catalogue_env
from fixtures import ACTIVITY, load_catalogue, replace, write_tree

from catalogue.settings import build_today
from catalogue.limits import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_TEXT
from catalogue.content.sessions import PARIS
from catalogue.outputs.schedule import upcoming
from catalogue.outputs.sessiontext import hours_fr
from catalogue.outputs.text import day_fr

SITE = "https://territoires-partages.example.org"


def make_repo(root: Path, files: dict | None = None) -> Path:
    """The small named tree (tests/fixtures/trees/small), with `files` over it."""
    return write_tree(root, "small", files=files)


def flat(text: str) -> str:
    """Extracted text with every run of spaces and line breaks as one space (titles wrap on paper)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def build(root: Path, output: Path) -> Path:
    """A whole build of a small content tree (as tests/test_build.py does), with the repository's theme."""
    if not (root / "theme").exists():
        shutil.copytree(REPO_ROOT / "content", root / "content")
        (root / "theme").symlink_to(REPO_ROOT / "theme")
    proc = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output),
                           "--settings", str(REPO_ROOT / "pelicanconf.py")], cwd=REPO_ROOT,
                          env=catalogue_env(CATALOGUE_CACHE_DIR=""), capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return output


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(REPO_ROOT, today=build_today({"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}))


# ---- le site du dépôt ------------------------------------------------------------------------------


def test_each_territory_has_its_programme_with_its_week_sessions_day_by_day(built_site, catalogue):
    """Chaque séance des sept jours qui viennent est sous son jour, avec son heure, son titre et son lieu."""
    today = catalogue.today
    for territory_id, territory in catalogue.vocabulary.territories.items():
        data = (built_site / "agenda" / f"programme-{territory_id}.pdf").read_bytes()
        text = pdf_text(data)
        assert "Programme de la semaine" in text and flat(territory.name) in text
        days = [flat(day_fr(date.fromordinal(today.toordinal() + n))).capitalize() for n in range(7)]
        starts = [text.index(day) for day in days]  # every day is there, in order
        assert starts == sorted(starts)
        expected = [s for s in upcoming(catalogue, catalogue.sessions, 7)
                    if catalogue.places[s.place].commune in territory.communes]
        assert expected, f"le contenu d'exemple n'a pas de séance cette semaine en {territory_id}"
        for session in expected:
            day = session.start.astimezone(PARIS).date()
            index = (day - today).days
            section = text[starts[index]:starts[index + 1] if index + 1 < 7 else text.index("Les activités de la semaine")]
            activity = catalogue.activities[session.activity]
            line = flat(f"{hours_fr(session)} {activity.title}")
            assert line in section, f"{line!r} manque le {day} dans le programme {territory_id}"
            assert flat(catalogue.places[session.place].name) in section
            if session.cancelled:
                assert "Séance annulée." in section
        for activity_id in {s.activity for s in expected}:  # each activity's address, printed under its code
            assert f"{SITE.split('://')[1]}/activites/{activity_id}" in text.replace("/ ", "/").replace("- ", "-")


def test_programme_text_is_large_and_every_font_embedded(built_site):
    """Au moins 14 points partout (pied de page compris) ; les polices sont dans le fichier (aucune police
    système supposée) ; une page A4."""
    for path in sorted((built_site / "agenda").glob("programme-*.pdf")):
        reader = PdfReader(path)
        sizes: list[float] = []
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
            page.extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and sizes.append(size * tm[0]))
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object()
                assert "/FontFile2" in descendant["/FontDescriptor"], f"police non embarquée dans {path.name}"
        assert sizes and min(sizes) >= 14, f"{path.name} : texte de {min(sizes)} points"


def test_programme_page_count_is_what_its_footer_says(built_site):
    for path in sorted((built_site / "agenda").glob("programme-*.pdf")):
        reader = PdfReader(path)
        last = flat(reader.pages[-1].extract_text())
        assert f"page {len(reader.pages)} sur {len(reader.pages)}" in last


def test_every_activity_has_a_one_page_orientation_sheet(built_site, catalogue):
    for activity in catalogue.activities.values():
        path = built_site / "activites" / activity.id / "fiche-orientation.pdf"
        reader = PdfReader(path)
        assert len(reader.pages) == 1, f"{path} : {len(reader.pages)} pages"
        text = flat(reader.pages[0].extract_text())
        for heading in ("Pour qui", "Conditions", "Comment orienter", "Coût", "Horaires", "Lieu", "Contact"):
            assert heading in text, f"{heading} manque dans la fiche de {activity.id}"
        assert flat(catalogue.places[activity.place].address) in text
        assert ("Gratuit." in text) if activity.free else (flat(activity.price or "")[:40] in text.replace("’", "'"))
        assert f"territoires-partages.example.org/activites/{activity.id}" in text.replace("/ ", "/")
        links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
        assert f"{SITE}/activites/{activity.id}/" in links, "le code QR mène à la page de l'activité"


def test_sheet_lists_next_sessions_and_says_cancellations(built_site, catalogue):
    """Fablab ouvert : la séance annulée du 2 décembre est dite avec son motif."""
    text = pdf_text((built_site / "activites" / "fablab-ouvert" / "fiche-orientation.pdf").read_bytes())
    assert "mercredi 2 décembre, 14 h – 17 h. Séance annulée. Motif : Fablab fermé" in text
    assert "Le mercredi, 14 h – 17 h." in text
    assert re.search(r"Et \d+ autres dates sur le site", text)


def test_sheet_says_the_weekly_hours_the_activity_page_says(built_site, catalogue):
    """One computation (outputs/weeklyhours.py) for the page, the sheet and the open data: an adviser never
    reads two figures for the same activity."""
    for activity_id in ("fablab-ouvert", "futsal-du-jeudi"):
        page = (built_site / "activites" / activity_id / "index.html").read_text(encoding="utf-8")
        said = re.search(r'<p class="weekly-hours"><strong>Durée&nbsp;:</strong> (.*?) \(pauses non comptées\)', page)
        assert said, f"la page de {activity_id} dit sa durée par semaine"
        sheet = pdf_text((built_site / "activites" / activity_id / "fiche-orientation.pdf").read_bytes())
        assert f"Durée : {flat(said.group(1).replace('&nbsp;', ' '))} (pauses non comptées)." in sheet


def test_sheet_of_an_activity_without_dates_says_how_to_refer(built_site):
    text = pdf_text((built_site / "activites" / "entretien-d-entree" / "fiche-orientation.pdf").read_bytes())
    assert "Sur orientation." in text and "fiche de liaison" in text
    assert "C'est le conseiller ou le référent qui inscrit la personne." in text
    assert "Prochaines séances" not in text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, flat("".join(self._text))))
            self._href = None


def links_of(page: Path) -> list[tuple[Path, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [((page.parent / href).resolve(), text) for href, text in parser.links if href and href.endswith(".pdf")]


def test_pages_link_to_the_pdfs(built_site, catalogue):
    """La page d'activité, l'agenda et la page de chaque territoire mènent à des PDF qui existent."""
    for activity in catalogue.activities.values():
        found = links_of(built_site / "activites" / activity.id / "index.html")
        assert [text for _, text in found] == [f"Fiche d'orientation (PDF) : {flat(activity.title)}"]
        assert found[0][0] == (built_site / "activites" / activity.id / "fiche-orientation.pdf").resolve()
    agenda = links_of(built_site / "agenda" / "index.html")
    assert sorted(p.name for p, _ in agenda) == sorted(f"programme-{t}.pdf" for t in catalogue.vocabulary.territories)
    assert all(p.is_file() and text.startswith("Programme de la semaine (PDF) : ") for p, text in agenda)
    for territory_id in catalogue.vocabulary.territories:
        page = built_site / "filtres" / "territoire" / territory_id / "index.html"
        if page.is_file():
            assert [p.name for p, _ in links_of(page)] == [f"programme-{territory_id}.pdf"]


# ---- petits dépôts : pages exactes, pire cas, reproductibilité ---------------------------------------


def test_small_catalogue_page_counts_and_the_same_bytes_twice(tmp_path):
    root = make_repo(tmp_path / "repo")
    first, second = build(root, tmp_path / "a"), build(root, tmp_path / "b")
    pdfs = sorted(p.relative_to(first) for p in first.rglob("*.pdf"))
    assert [str(p) for p in pdfs] == ["activites/fablab-ouvert/fiche-orientation.pdf",
                                      "agenda/programme-caen-la-mer.pdf", "agenda/programme-vallees-orne-odon.pdf"]
    # seven days, two sessions, then the activity's code: the programme of Caen la Mer takes a second page
    pages = {"activites/fablab-ouvert/fiche-orientation.pdf": 1, "agenda/programme-caen-la-mer.pdf": 2,
             "agenda/programme-vallees-orne-odon.pdf": 1}
    for relative in pdfs:
        data = (first / relative).read_bytes()
        assert data == (second / relative).read_bytes(), f"{relative} change d'une construction à l'autre"
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == pages[str(relative)], relative
        info = reader.metadata
        assert info["/CreationDate"] == "D:20261125000000+01'00'", "seul le jour de la construction, à minuit"
        assert "/ModDate" not in info
    quiet = pdf_text((first / "agenda" / "programme-vallees-orne-odon.pdf").read_bytes())
    assert quiet.count("Pas de séance ce jour-là.") == 7
    busy = pdf_text((first / "agenda" / "programme-caen-la-mer.pdf").read_bytes())
    assert "14 h – 16 h Fablab ouvert" in busy and "Jeudi 26 novembre" in busy


def test_changes_said_in_words_on_the_programme(tmp_path):
    """Built on Wednesday 25 November: Friday's session is cancelled, Tuesday's moved by an hour."""
    activity = replace(ACTIVITY, "  - chaque: mardi", "  - chaque: [mardi, vendredi]")
    activity = replace(activity, """    changements:
      - date: 2027-01-12""", """      - date: 2026-11-27
        motif: Salle en travaux
    changements:
      - date: 2026-12-01
        debut: "15:00"
        fin: "17:00"
        motif: L'animateur arrive plus tard
      - date: 2027-01-12""")
    root = make_repo(tmp_path / "repo", {"activities/le-dome/fablab-ouvert.md": activity})
    text = pdf_text((build(root, tmp_path / "out") / "agenda" / "programme-caen-la-mer.pdf").read_bytes())
    friday, saturday = text.index("Vendredi 27 novembre"), text.index("Samedi 28 novembre")
    tuesday, end = text.index("Mardi 1er décembre"), text.index("Les activités de la semaine")
    assert "14 h – 16 h Fablab ouvert Le Dôme, Caen Séance annulée. Motif : Salle en travaux" in text[friday:saturday]
    assert "15 h – 17 h Fablab ouvert Le Dôme, Caen Changement : L'animateur arrive plus tard" in text[tuesday:end]


def test_sheet_with_every_text_at_its_longest_still_fits_one_page(tmp_path):
    long_text = lambda limit: ("Une phrase de la longueur la plus grande que permet le champ. " * 20)[:limit].strip()  # noqa: E731
    sessions = "\n".join(f"""  - date: 2026-12-{day:02d}
    debut: "09:00"
    fin: "17:00"
    note: {long_text(MAX_TEXT)}""" for day in range(1, 29))
    activity = f"""---
titre: {long_text(MAX_SHORT_TEXT)}
structure: le-dome
lieu: le-dome-caen
categories: [fablab, sport]
publics: [tout-public, jeunes-16-25]
gratuit: false
tarif: {long_text(MAX_TEXT)}
inscription: referent
a_apporter: {long_text(MAX_TEXT)}
resume_facile: {long_text(MAX_LONG_TEXT)}
seances:
{sessions}
---
"""
    root = make_repo(tmp_path / "repo", {"activities/le-dome/fablab-ouvert.md": activity,
                                         "badges/fabriquer.md": None, "badges/images/fabriquer.svg": None})
    data = (build(root, tmp_path / "out") / "activites" / "fablab-ouvert" / "fiche-orientation.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = flat(reader.pages[0].extract_text())
    assert "Comment orienter" in text and "Contact" in text and "02 31 06 60 50" in text
    assert re.search(r"Et \d+ autres dates sur le site", text)


def test_sheets_kept_between_builds_are_the_same_bytes_and_a_planted_one_is_remade(tmp_path, monkeypatch):
    from catalogue.outputs.paper import sheet

    root = make_repo(tmp_path / "repo")
    catalogue = load_catalogue(root, today=date(2026, 11, 25))
    activity = catalogue.activities["fablab-ouvert"]
    monkeypatch.setenv("CATALOGUE_CACHE_DIR", "")
    fresh = sheet.sheet(catalogue, activity, SITE)
    monkeypatch.setenv("CATALOGUE_CACHE_DIR", str(tmp_path / "cache"))
    assert sheet.sheet(catalogue, activity, SITE) == fresh  # made, then stored
    [stored] = (tmp_path / "cache" / "paper").glob("*.pdf")
    assert sheet.sheet(catalogue, activity, SITE) == fresh  # read back
    stored.write_bytes(b"%PDF-1.3 planted by a pull request %%EOF")  # not sealed by this machine
    assert sheet.sheet(catalogue, activity, SITE) == fresh
    changed = load_catalogue(make_repo(tmp_path / "repo", {"activities/le-dome/fablab-ouvert.md": replace(
        ACTIVITY, "gratuit: true", "gratuit: false\ntarif: 2 € la séance")}), today=date(2026, 11, 25))
    assert "2 € la séance" in pdf_text(sheet.sheet(changed, changed.activities["fablab-ouvert"], SITE))
