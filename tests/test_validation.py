"""content/validation.py: pydantic's errors become an editor's French, at the line of the field typed,
with a suggestion only among the keys allowed at that place."""

from __future__ import annotations

import pytest

from catalogue.content.frontmatter import parse_front_matter
from catalogue.content.model import Activity, Badge
from catalogue.content.validation import MAX_PROBLEMS, allowed_keys, validate
from fixtures import ACT, ACTIVITY, BADGE, replace


def check(text: str, model=Activity, path: str = ACT):
    return validate(model, parse_front_matter(text), path, {"id": "fablab-ouvert", "body": ""})


def only_problem(text: str, model=Activity):
    instance, problems = check(text, model)
    assert instance is None and len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_small_trees_activity_and_badge_are_valid():
    assert check(ACTIVITY)[0].title == "Fablab ouvert"
    assert check(BADGE, Badge, "badges/fabriquer.md")[0].name == "Fabriquer au fablab"


def test_an_unknown_key_is_located_with_a_suggestion_and_the_allowed_keys():
    instance, problems = check(replace(ACTIVITY, "gratuit: true", "gratuite: true"))
    assert instance is None and [p.field for p in problems] == ["gratuit", "gratuite"]  # and the real one is missing
    problem = problems[1]
    assert (problem.path, problem.line) == (ACT, 7)
    assert "champ inconnu « gratuite ». Vouliez-vous dire « gratuit » ?" in problem.message
    assert "Champs possibles : a_apporter, " in problem.message and "en tout)" in problem.message


def test_a_session_key_is_only_suggested_from_its_own_kind():
    """`du` belongs to series and courses: a one-off session with `d` is not told to write `du`."""
    problem = only_problem(replace(ACTIVITY, 'date: 2026-12-03\n    debut: "14:00"', 'date: 2026-12-03\n    dbut: "14:00"'))
    assert problem.field == "seances[0].dbut" and problem.line == 13
    assert "Vouliez-vous dire « debut » ?" in problem.message
    assert "du" not in allowed_keys(Activity, ("seances", 0, "unique"))
    assert "du" in allowed_keys(Activity, ("seances", 1, "serie"))


def test_a_missing_field_is_said_where_the_rule_is():
    """`gratuit: non` needs a `tarif`: said at the line of `gratuit`, on the field that is missing."""
    problem = only_problem(replace(ACTIVITY, "gratuit: true", "gratuit: false"))
    assert (problem.line, problem.field) == (7, "tarif")


def test_wrong_types_say_what_is_expected_in_french():
    problem = only_problem(replace(ACTIVITY, "gratuit: true", "gratuit: peut-être"))
    assert problem.message.startswith("valeur « peut-être » : attendu oui ou non")
    problem = only_problem(replace(ACTIVITY, "categories: [fablab]", "categories:"))
    assert problem.field == "categories" and problem.message.startswith("valeur vide : attendu une liste")


def test_a_choice_outside_the_list_names_the_possible_values():
    problem = only_problem(replace(ACTIVITY, "inscription: libre", "inscription: appel"))
    assert problem.field == "inscription"
    assert "valeur « appel » non reconnue. Vouliez-vous dire « appeler » ?" in problem.message
    assert "Valeurs possibles : " in problem.message


def test_a_field_the_loader_fills_may_not_be_written():
    """`id` comes from the file name and `body` from the text after the header: never from the header."""
    instance, problems = check(replace(ACTIVITY, "titre: Fablab ouvert", "id: autre\ntitre: Fablab ouvert"))
    assert instance is None
    assert [(p.line, p.field) for p in problems] == [(2, "id")]
    assert problems[0].message.startswith("champ inconnu « id »")


def test_a_huge_value_is_cut_in_the_message():
    number = "9" * 5000
    problem = only_problem(replace(ACTIVITY, "inscription: libre", f"inscription: {number}"))
    assert "(5000 caractères)" in problem.message and number not in problem.message
    assert len(problem.message) < 600


def test_past_the_limit_one_line_says_how_many_more_errors_there_are():
    keys = "".join(f"inconnu{i}: x\n" for i in range(MAX_PROBLEMS + 7))
    instance, problems = check(replace(ACTIVITY, "gratuit: true\n", "gratuit: true\n" + keys))
    assert instance is None and len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message.startswith("… et 7 autre(s) erreur(s) dans ce fichier")


@pytest.mark.parametrize("field, value, fragment", [
    ("titre", '""', "ne doit pas être vide"),
    ("titre", '"' + "x" * 400 + '"', "texte trop long dans « titre » : 400 caractères"),
])
def test_text_limits(field, value, fragment):
    problem = only_problem(replace(ACTIVITY, "titre: Fablab ouvert", f"{field}: {value}"))
    assert problem.field == field and fragment in problem.message
