"""French wording helpers (french.py): plurals and names after « à » and « de »."""

from __future__ import annotations

import pytest

from catalogue.content.french import after_fr, article_is_ambiguous, plural_fr, the_others_fr


@pytest.mark.parametrize("name, article, a, de", [
    ("Le WIP", None, "au WIP", "du WIP"),
    ("Le WIP – Grande Halle", None, "au WIP – Grande Halle", "du WIP – Grande Halle"),
    ("La Cravate Solidaire", None, "à la Cravate Solidaire", "de la Cravate Solidaire"),
    ("Les Écuries de l'Odon", None, "aux Écuries de l'Odon", "des Écuries de l'Odon"),
    ("L'Oreille arrachée", None, "à l'Oreille arrachée", "de l'Oreille arrachée"),
    ("L’Oreille arrachée", None, "à l’Oreille arrachée", "de l’Oreille arrachée"),
    ("Café des images", "le", "au Café des images", "du Café des images"),
    ("Maison de quartier", "la", "à la Maison de quartier", "de la Maison de quartier"),
    ("Caen", None, "à Caen", "de Caen"),
    ("E2C Normandie", None, "à E2C Normandie", "d'E2C Normandie"),
    ("Le Dôme", "aucun", "à Le Dôme", "de Le Dôme"),
])
def test_names_after_a_and_de(name, article, a, de):
    assert after_fr("à", name, article) == a
    assert after_fr("de", name, article) == de


def test_ambiguous_names_are_those_opening_with_a_common_noun():
    assert article_is_ambiguous("Café des images", None)
    assert article_is_ambiguous("Salle de sports de Verson", None)
    assert not article_is_ambiguous("Café des images", "le")
    assert not article_is_ambiguous("Le WIP", None)
    assert not article_is_ambiguous("CAP'Sport", None)


def test_plurals():
    assert [plural_fr(n, "séance") for n in (0, 1, 2)] == ["0 séance", "1 séance", "2 séances"]
    assert the_others_fr(1, "date") == "l'autre date"
    assert the_others_fr(4, "date") == "les 4 autres dates"
