"""Personal data in free text is flagged for the reviewer, never published silently (issue 9).

privacy.py warns (file, line, field, severity "attention") about e-mail addresses and French
phone numbers in bodies, summaries, descriptions and reasons that are not a declared public
contact. Warnings are printed by `check` and never fail it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from catalogue.frontmatter import parse_front_matter
from catalogue.load import load
from catalogue.privacy import find_personal_data, normal_phone, personal_data_warnings
from contentkit import ACTIVITY, STRUCTURE, make_repo, replace

ROOT = Path(__file__).parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
STR = "structures/le-dome.md"
TODAY = date(2026, 11, 25)


def privacy_warnings(tmp_path: Path, files: dict) -> list:
    make_repo(tmp_path, files)
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert problems == [] and catalogue is not None, [str(p) for p in problems]
    return [w for w in warnings if "personnel" in w.message]


def test_personal_email_in_body_is_flagged_with_file_and_line(tmp_path):
    text = ACTIVITY + "\nPour s'inscrire, écrivez à jean.dupont@gmail.com.\n"
    [warning] = privacy_warnings(tmp_path, {ACT: text})
    assert (warning.path, warning.line, warning.field, warning.severity) == (ACT, 31, "texte", "attention")
    assert str(warning).startswith(f"{ACT}:31: texte: attention : « jean.dupont@gmail.com » ressemble à une adresse e-mail personnelle")


def test_body_line_counts_blank_lines_after_the_header(tmp_path):
    text = ACTIVITY.replace("---\nOn découvre", "---\n\n\n\nOn découvre") + "Appelez Marie au 06 12 34 56 78.\n"
    [warning] = privacy_warnings(tmp_path, {ACT: text})
    assert warning.line == 33 and "06 12 34 56 78" in warning.message


FIELDS = {
    # name: (file, new text, line, field, found)
    "summary": (ACT, replace(ACTIVITY, "resume_facile: Vous venez. Vous fabriquez.", "resume_facile: Appelez Marie au 0612345678."), 9, "resume_facile", "0612345678"),
    "structure summary": (STR, replace(STRUCTURE, "description_courte: Un centre de sciences et un fablab.",
                                       "description_courte: Contact direct +33 6 12 34 56 78."), 5, "description_courte", "+33 6 12 34 56 78"),
    "place hours": (STR, replace(STRUCTURE, "    accessibilite:\n", "    horaires: Sur rendez-vous (paul@orange.fr)\n    accessibilite:\n"),
                    17, "lieux[0].horaires", "paul@orange.fr"),
    "accessibility": (STR, replace(STRUCTURE, "      fauteuil: true", "      fauteuil: true\n      description: Prévenir Luc au 07.81.23.45.67"),
                      19, "lieux[0].accessibilite.description", "07.81.23.45.67"),
    "cancellation reason": (ACT, replace(ACTIVITY, "motif: Animateur absent", "motif: Animateur absent, infos 0033 6 12 34 56 78"),
                            23, "seances[1].annulations[0].motif", "0033 6 12 34 56 78"),
    "mailto link": (ACT, ACTIVITY + "\n[Écrire](mailto:claire.martin@laposte.net)\n", 31, "texte", "claire.martin@laposte.net"),
    "tel link": (ACT, ACTIVITY + "\n[Appeler](tel:+33612345678)\n", 31, "texte", "+33612345678"),
    "international format": (ACT, ACTIVITY + "\nTél. : +33 (0)6 12 34 56 78\n", 31, "texte", "+33 (0)6 12 34 56 78"),
}


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_personal_data_in_free_text_fields(tmp_path, name):
    path, text, line, field, found = FIELDS[name]
    warnings = privacy_warnings(tmp_path, {path: text})
    assert [(w.path, w.line, w.field) for w in warnings] == [(path, line, field)], [str(w) for w in warnings]
    assert f"« {found} »" in warnings[0].message and warnings[0].severity == "attention"


def test_declared_public_contacts_are_not_flagged(tmp_path):
    structure_contact = "\nAppelez le 02 31 06 60 50, le 02.31.06.60.50, le +33 2 31 06 60 50 ou écrivez à Contact@LeDome.info.\n"
    activity = replace(ACTIVITY, "badges: [fabriquer]", "badges: [fabriquer]\ncontact:\n  telephone: 06 11 22 33 44\n  email: atelier@ledome.info")
    body = "\nL'atelier : 06 11 22 33 44, atelier@ledome.info ; [écrire](mailto:contact@ledome.info), [appeler](tel:+33231066050).\n"
    assert privacy_warnings(tmp_path, {STR: STRUCTURE + structure_contact, ACT: activity + body}) == []


def test_contact_fields_and_addresses_are_not_free_text(tmp_path):
    structure = replace(STRUCTURE, "https://ledome.info", "https://ledome.info/contact?mail=someone@gmail.com")
    assert privacy_warnings(tmp_path, {STR: structure}) == []


NOT_PERSONAL = [
    "Le 03/12/2026 à 14:00, 14000 Caen, 3 esplanade Stéphane Hessel.",
    "Tarif : 12,50 € ; SIRET 123 456 789 00012 ; n° 2026-12-03.",
    "Coordonnées 49.1866, -0.3561 ; 1 200 participants en 2025.",
    "Suivez @ledome sur les réseaux ; le fichier logo@2x est dans le dossier.",
    "Numéro court 3949 ; code 1234567890123.",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_ordinary_numbers_are_not_phones(text):
    assert list(find_personal_data(text, set(), set())) == []


def test_phone_numbers_are_compared_in_international_form():
    assert normal_phone("02 31 06 60 50") == normal_phone("+33231066050") == normal_phone("0033 2 31 06 60 50") == "+33231066050"
    assert normal_phone("01 02 03") is None


def test_scanning_a_hostile_megabyte_is_fast_and_capped():
    body = ("x@" * 200_000) + ("06 12 34 56 78 " * 20_000) + ("a" * 200_000)
    parsed = parse_front_matter("---\ntitre: x\n---\n" + body)
    started = time.perf_counter()
    warnings = personal_data_warnings("a.md", parsed, set(), set())
    elapsed = time.perf_counter() - started
    print(f"\nprivacy scan of {len(body):,} characters: {elapsed:.3f} s")
    assert elapsed < 2 and 1 <= len(warnings) <= 10


def test_check_prints_the_warning_and_succeeds(tmp_path):
    make_repo(tmp_path, {ACT: ACTIVITY + "\nContact : jean.dupont@gmail.com\n"})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"{ACT}:31: texte: attention : « jean.dupont@gmail.com »" in result.stderr
    assert "Contenu valide" in result.stdout
