"""Personal data in free text is flagged for the reviewer, never published silently (issues 9, 13).

privacy.py warns (file, line, field, severity "attention") about e-mail addresses (also
obfuscated), phone numbers (French or foreign), dates of birth, NIR and IBANs in bodies,
summaries, descriptions, reasons, vocabulaire.yml and content/pages that are not a declared
public contact. Warnings are printed by `check`, never fail it, and never repeat the value in
full (it is masked).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from catalogue.content.frontmatter import parse_front_matter
from catalogue.content.load import load
from catalogue.content.privacy import find_personal_data, mask, normal_phone, personal_data_warnings
from stdnum.fr import nir
from fixtures import ACTIVITY, STRUCTURE, VOCABULARY, replace, write_tree

ROOT = Path(__file__).parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
STR = "structures/le-dome.md"
TODAY = date(2026, 11, 25)


def privacy_warnings(tmp_path: Path, files: dict) -> list:
    write_tree(tmp_path, "small", files=files)
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert problems == [] and catalogue is not None, [str(p) for p in problems]
    return [w for w in warnings if "personnel" in w.message]


def test_personal_email_in_body_is_flagged_with_file_and_line(tmp_path):
    text = ACTIVITY + "\nPour s'inscrire, écrivez à jean.dupont@gmail.com.\n"
    [warning] = privacy_warnings(tmp_path, {ACT: text})
    assert (warning.path, warning.line, warning.field, warning.severity) == (ACT, 31, "texte", "attention")
    assert str(warning).startswith(f"{ACT}:31: texte: attention : « j……@g…….com » ressemble à une adresse e-mail personnelle")
    assert "jean.dupont" not in str(warning)


def test_body_line_counts_blank_lines_after_the_header(tmp_path):
    text = ACTIVITY.replace("---\nOn découvre", "---\n\n\n\nOn découvre") + "Appelez Marie au 06 12 34 56 78.\n"
    [warning] = privacy_warnings(tmp_path, {ACT: text})
    assert warning.line == 33 and "« 06 1 …… 78 »" in warning.message


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
    assert f"« {mask(found, 'email' if '@' in found else '')} »" in warnings[0].message
    assert found not in warnings[0].message and warnings[0].severity == "attention"


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
    body = ("x@" * 200_000) + ("Appelez le 06 12 34 56 78. " * 10_000) + ("12 " * 50_000) + ("a" * 200_000)
    parsed = parse_front_matter("---\ntitre: x\n---\n" + body)
    started = time.perf_counter()
    warnings = personal_data_warnings("a.md", parsed, set(), set())
    elapsed = time.perf_counter() - started
    print(f"\nprivacy scan of {len(body):,} characters: {elapsed:.3f} s")
    assert elapsed < 2 and 1 <= len(warnings) <= 10


def test_check_prints_the_warning_and_succeeds(tmp_path):
    write_tree(tmp_path, "small", files={ACT: ACTIVITY + "\nContact : jean.dupont@gmail.com\n"})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"{ACT}:31: texte: attention : « j……@g…….com »" in result.stderr
    assert "jean.dupont" not in result.stderr + result.stdout
    assert "Contenu valide" in result.stdout


# ---- issue 13: more kinds, more places, masked messages ------------------------------------------------


def valid_nir(first13: str) -> str:
    """A NIR with its right key (97 - n mod 97, Corsica's 2A/2B counted as 19/18), computed by python-stdnum."""
    return first13 + nir.calc_check_digits(first13)


NIR_MAINLAND = valid_nir("1850714118042")
NIR_CORSICA = valid_nir("192052A118034")
WRONG_KEY = NIR_MAINLAND[:13] + f"{(int(NIR_MAINLAND[13:]) + 1) % 100:02d}"

FOUND = {
    # name: (text, kind, value found)
    "narrow no-break spaces": ("Appelez Marie au 06\u202f12\u202f34\u202f56\u202f78.", "téléphone", "06\u202f12\u202f34\u202f56\u202f78"),
    "slashes": ("Appelez Marie au 06/12/34/56/78.", "téléphone", "06/12/34/56/78"),
    "dots": ("Appelez Marie au 06.12.34.56.78.", "téléphone", "06.12.34.56.78"),
    "british number": ("Sa fille à Londres : +44 20 7946 0958.", "téléphone", "+44 20 7946 0958"),
    "german number": ("Son frère : +49 30 901820.", "téléphone", "+49 30 901820"),
    "[at] and [dot]": ("Écrire à jean.dupont [at] gmail [dot] com.", "e-mail", "jean.dupont [at] gmail [dot] com"),
    "(at)": ("Écrire à jean.dupont(at)gmail.com.", "e-mail", "jean.dupont(at)gmail.com"),
    "arobase": ("Écrire à jean.dupont arobase gmail point com.", "e-mail", "jean.dupont arobase gmail point com"),
    "full-width at": ("Écrire à jean.dupont＠gmail.com.", "e-mail", "jean.dupont＠gmail.com"),
    # zero-width spaces are refused outright (visible.py); soft hyphens are allowed, and must not hide an address
    "soft hyphens": ("Écrire à jean.du\u00adpont@gm\u00adail.com.", "e-mail", "jean.du\u00adpont@gm\u00adail.com"),
    "NIR with spaces": (f"Son numéro de sécu : {NIR_MAINLAND[0]} {NIR_MAINLAND[1:3]} {NIR_MAINLAND[3:5]} {NIR_MAINLAND[5:7]} "
                        f"{NIR_MAINLAND[7:10]} {NIR_MAINLAND[10:13]} {NIR_MAINLAND[13:]}.", "sécurité sociale",
                        f"{NIR_MAINLAND[0]} {NIR_MAINLAND[1:3]} {NIR_MAINLAND[3:5]} {NIR_MAINLAND[5:7]} "
                        f"{NIR_MAINLAND[7:10]} {NIR_MAINLAND[10:13]} {NIR_MAINLAND[13:]}"),
    "NIR in one block": (f"NIR {NIR_MAINLAND}", "sécurité sociale", NIR_MAINLAND),
    "Corsican NIR": (f"NIR {NIR_CORSICA}", "sécurité sociale", NIR_CORSICA),
    "IBAN": ("Virement sur FR76 3000 6000 0112 3456 7890 189 merci.", "IBAN", "FR76 3000 6000 0112 3456 7890 189"),
    "British IBAN": ("IBAN GB82WEST12345698765432.", "IBAN", "GB82WEST12345698765432"),
    "born on": ("Inès, née le 12/03/1998, participe.", "date de naissance", "née le 12/03/1998"),
    "born on, month in words": ("Karim, né le 1er mars 2001.", "date de naissance", "né le 1er mars 2001"),
    "date of birth": ("Date de naissance : 12.03.1998", "date de naissance", "Date de naissance"),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_more_kinds_of_personal_data_are_found_and_masked(tmp_path, name):
    text, noun, found = FOUND[name]
    [warning] = privacy_warnings(tmp_path, {ACT: ACTIVITY + "\n" + text + "\n"})
    assert (warning.path, warning.line, warning.field) == (ACT, 31, "texte")
    assert noun in warning.message and "« " in warning.message
    if name != "date of birth":  # the phrase alone is no personal data: it is quoted
        assert found not in str(warning), str(warning)
        digits = "".join(ch for ch in found if ch.isalnum())
        assert digits not in "".join(ch for ch in str(warning) if ch.isalnum())


def test_nir_mask_keeps_only_its_ends():
    value = "1 85 07 14 118 042 42"
    assert mask(value) == "1 85 …… 42"


NOT_SENSITIVE = [
    f"Numéro {WRONG_KEY} (clé fausse)",
    "Compte FR76 3000 6000 0112 3456 7890 188 (clé fausse)",
    "Le Dôme est né en 2015 ; ouvert le 12/03/2026.",
    "Rendez-vous @ la mairie, point de départ du circuit.",
    "Nous sommes (at) home ; le point fort du lieu.",
]


@pytest.mark.parametrize("text", NOT_SENSITIVE)
def test_wrong_check_digits_and_ordinary_words_are_not_flagged(text):
    assert list(find_personal_data(text, set(), set())) == []


def test_declared_contact_written_obfuscated_or_with_invisible_characters_is_not_flagged(tmp_path):
    body = "\nÉcrivez à contact [at] ledome [point] info ou con\u00adtact@ledome.info, appelez le 02\u202f31\u202f06\u202f60\u202f50.\n"
    assert privacy_warnings(tmp_path, {STR: STRUCTURE + body}) == []


def test_vocabulary_is_scanned(tmp_path):
    vocabulary = replace(VOCABULARY, "nom: Colombelles", "nom: Colombelles (référente Anne, 06 98 76 54 32)")
    [warning] = privacy_warnings(tmp_path, {"vocabulaire.yml": vocabulary})
    assert (warning.path, warning.line, warning.field) == ("vocabulaire.yml", 10, "territoires.caen-la-mer.communes.colombelles.nom")
    assert "06 98 76 54 32" not in warning.message


def test_content_pages_are_scanned_with_their_line(tmp_path):
    page = "Title: Mentions légales\nSlug: mentions-legales\n\n## Éditeur\n\nResponsable : paul.martin@free.fr, 06 98 76 54 32\n"
    warnings = privacy_warnings(tmp_path, {"content/pages/mentions-legales.md": page})
    assert sorted((w.path, w.line) for w in warnings) == [("content/pages/mentions-legales.md", 6)] * 2
    assert not any("paul.martin" in w.message or "06 98 76 54 32" in w.message for w in warnings)


def test_declared_contact_on_a_content_page_is_not_flagged(tmp_path):
    page = "Title: Mentions légales\n\nContact : Le Dôme, téléphone [02 31 06 60 50](tel:+33231066050), contact@ledome.info.\n"
    assert privacy_warnings(tmp_path, {"content/pages/mentions-legales.md": page}) == []


def test_shipped_content_has_no_personal_data_warning():
    catalogue, problems, warnings = load(ROOT)
    assert problems == []
    assert [str(w) for w in warnings if "ressemble à" in w.message] == []
