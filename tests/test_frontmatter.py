"""content/frontmatter.py: how one file is read — header and body split, YAML kept as editors type it,
the line of every key and list item, and a French message with its line for each way a file can be wrong."""

from __future__ import annotations

import pytest

from catalogue.content.frontmatter import (
    MAX_BYTES, MAX_DEPTH, MAX_YAML_CHARS, ReadError, decode, parse_front_matter, parse_yaml, read_bytes, read_content_file,
    read_yaml_file,
)
from fixtures import ACT, TREES


def error(call, *args) -> ReadError:
    with pytest.raises(ReadError) as caught:
        call(*args)
    return caught.value


# ---- what is kept as typed ----------------------------------------------------------------------


def test_times_dates_and_yes_no_words_stay_text():
    """YAML 1.1 would read 14:00 as 840, `non` as False and 2026-02-30 as a crash: the model parses them."""
    data = parse_yaml("debut: 14:00\ngratuit: non\ndate: 2026-02-30\nzero: 0012\nvide: ~\n").data
    assert data == {"debut": "14:00", "gratuit": "non", "date": "2026-02-30", "zero": "0012", "vide": None}


def test_only_true_false_and_plain_numbers_are_typed():
    data = parse_yaml("a: true\nb: False\nc: 12\nd: -3\ne: 1.5\nf: 1e3\ng: 1_000\nh: 0x1F\n").data
    assert data == {"a": True, "b": False, "c": 12, "d": -3, "e": 1.5, "f": "1e3", "g": "1_000", "h": "0x1F"}


def test_a_number_key_is_text():
    assert parse_yaml("12: douze\n").data == {"12": "douze"}


# ---- lines ---------------------------------------------------------------------------------------


def test_every_key_and_item_has_its_file_line():
    parsed = read_content_file(TREES / "small" / ACT)
    assert parsed.lines[("titre",)] == 2
    assert parsed.lines[("seances",)] == 11
    assert parsed.lines[("seances", 0)] == 12
    assert parsed.lines[("seances", 1, "chaque")] == 15
    assert parsed.lines[("seances", 1, "sauf", 1)] == 20
    assert parsed.body == "On découvre les machines." and parsed.body_line == 29


def test_line_of_falls_back_to_the_nearest_parent():
    parsed = parse_yaml("seances:\n  - date: x\n", first_line=2)
    assert parsed.line_of(("seances", 0, "fin")) == 3
    assert parsed.line_of(("autre",)) == 2


def test_body_line_skips_the_blank_lines_after_the_header():
    parsed = parse_front_matter("---\ntitre: a\n---\n\n\nTexte.\n")
    assert parsed.body == "Texte." and parsed.body_line == 6


# ---- refused, with a French message and a line ----------------------------------------------------


@pytest.mark.parametrize("text, line, fragment", [
    ("titre: a\n", 1, "en-tête manquant"),
    ("---\ntitre: a\n", 3, "en-tête non fermé"),
    ("---\n---\nTexte\n", 2, "en-tête vide"),
    ("---\n- a\n- b\n---\n", 2, "liste de champs « nom: valeur »"),
    ("---\ntitre: a\ntitre: b\n---\n", 3, "le champ « titre » est écrit deux fois"),
    ("---\ntitre: a: b\n---\n", 2, "deux-points inattendu"),
    ("---\ntitre: a\n\tlieu: b\n---\n", 3, "tabulation interdite"),
    ("---\na: &x [1]\nb: *x\n---\n", 3, "alias YAML"),
    ("---\nbase: {x: 1}\nautre:\n  <<: {x: 2}\n---\n", 4, "fusions YAML (<<) ne sont pas acceptées"),
    ("---\nimage: !!binary aGVsbG8=\n---\n", 2, "étiquette YAML « !!binary » non acceptée"),
    ("---\nx: !!python/object:os.system ls\n---\n", 2, "non acceptée"),
    ("---\nx: !!int douze\n---\n", 2, "étiquette YAML « !!int » non acceptée"),
    ('---\ntitre: "pas fermé\n---\n', 2, "YAML mal formé"),
])
def test_bad_headers_are_refused_in_french_at_their_line(text, line, fragment):
    problem = error(parse_front_matter, text)
    assert fragment in problem.message
    assert problem.line == line, problem.message


def test_a_duplicate_key_points_at_the_field():
    problem = error(parse_yaml, "seances:\n  - date: a\n    date: b\n")
    assert problem.loc == ("seances", 0, "date") and problem.line == 3


def test_nesting_and_size_are_capped_before_they_cost():
    deep = "a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH + 3))
    assert "imbrication trop profonde" in error(parse_yaml, deep).message
    long = "titre: " + "x" * MAX_YAML_CHARS
    assert "champs trop longs" in error(parse_yaml, long).message


def test_decode_accepts_windows_habits_and_refuses_other_encodings():
    assert decode("\ufefftitre: é\r\nlieu: x\r".encode("utf-8")) == "titre: é\nlieu: x\n"
    latin = error(decode, "titre: a\nlieu: é\n".encode("latin-1"))
    assert latin.line == 2 and "non UTF-8" in latin.message
    nul = error(decode, b"titre: a\n\nx\x00")
    assert nul.line == 3 and "octets nuls" in nul.message


def test_read_bytes_refuses_folders_and_huge_files(tmp_path):
    assert "pas un fichier ordinaire" in error(read_bytes, tmp_path).message
    big = tmp_path / "gros.md"
    big.write_bytes(b"x" * (MAX_BYTES + 1))
    assert "fichier trop gros (1.0 Mo)" in error(read_bytes, big).message
    assert "fichier illisible" in error(read_bytes, tmp_path / "absent.md").message


def test_yaml_file_must_be_a_mapping(tmp_path):
    path = tmp_path / "vocabulaire.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert "liste de champs" in error(read_yaml_file, path).message
    assert read_yaml_file(TREES / "small" / "vocabulaire.yml").lines[("categories", "fablab", "nom")] == 18
