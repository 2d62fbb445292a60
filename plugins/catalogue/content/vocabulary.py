"""The network's vocabulary (vocabulaire.yml): territories and their communes, categories, publics,
school holidays. The content files refer to it by id; the pages name what the ids stand for."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .frontmatter import ReadError, read_yaml_file
from .types import Bool, Date, F, MaybeText, Model, ShortText, Slug

VOCABULARY_FILE = "vocabulaire.yml"


class Term(Model):
    name: ShortText = F("nom", "le nom affiché")
    description: MaybeText = F("description", "une phrase d'explication", None)


class Audience(Term):
    """A public; some are a condition to take part (an age, women only), said in plain words."""

    condition: MaybeText = F("condition", "si ce public est une condition pour venir, dite simplement, comme « réservé aux femmes »", None)
    age_min: int | None = F("age_min", "l'âge minimum, en années, comme 18", None, ge=0, le=120)
    age_max: int | None = F("age_max", "l'âge maximum, en années, comme 25", None, ge=0, le=120)
    access_needs: Bool = F("besoins_d_acces", "oui pour les personnes en situation de handicap : la page de ce public "
                           "range aussi les activités par besoin d'accès (sans marche, boucle magnétique…) et dit qui appeler", False)

    @model_validator(mode="after")
    def _ages(self) -> "Audience":
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise PydanticCustomError("ages", "age_min ({low}) est plus grand que age_max ({high}) : inversez-les",
                                      {"low": self.age_min, "high": self.age_max})
        return self

    @property
    def ages(self) -> str | None:
        """'de 18 à 25 ans', 'à partir de 26 ans', "jusqu'à 25 ans", or None."""
        if self.age_min is not None and self.age_max is not None:
            return f"de {self.age_min} à {self.age_max}\u00a0ans"
        if self.age_min is not None:
            return f"à partir de {self.age_min}\u00a0ans"
        if self.age_max is not None:
            return f"jusqu'à {self.age_max}\u00a0ans"
        return None

    @property
    def ages_in_name(self) -> bool:
        """Whether the name already says the ages (« Jeunes de 16 à 25 ans »): pages then do not repeat them."""
        return all(str(age) in self.name for age in (self.age_min, self.age_max) if age is not None)


class Commune(Model):
    name: ShortText = F("nom", "le nom de la commune")
    priority_areas: dict[Slug, ShortText] = F("quartiers_prioritaires", "quartiers prioritaires : identifiant -> nom", {})


class Territory(Model):
    name: ShortText = F("nom", "le nom du territoire")
    communes: dict[Slug, Commune] = F("communes", "les communes : identifiant -> nom")


class SchoolHoliday(Model):
    name: ShortText = F("nom", "le nom des vacances, comme « Vacances de Noël »")
    first: Date = F("du", "le premier jour de vacances, souvent un samedi")
    last: Date = F("au", "le dernier jour de vacances : la veille de la reprise des cours")

    @model_validator(mode="after")
    def _order(self) -> "SchoolHoliday":
        if self.last < self.first:
            raise PydanticCustomError("au", "« au » ({last}) est avant « du » ({first}) : inversez-les",
                                      {"first": self.first.isoformat(), "last": self.last.isoformat()})
        return self


class SchoolHolidays(Model):
    """The school holidays of the network's zone: the agenda says why a week is empty."""

    zone: Literal["A", "B", "C"] = F("zone", "la zone des vacances scolaires : A, B ou C (la Normandie est en zone B)")
    periods: tuple[SchoolHoliday, ...] = F("periodes", "les périodes de vacances : nom, du, au (dates du calendrier scolaire officiel)", ())


class Vocabulary(Model):
    territories: dict[Slug, Territory] = F("territoires", "les territoires et leurs communes")
    categories: dict[Slug, Term] = F("categories", "les catégories d'activités")
    audiences: dict[Slug, Audience] = F("publics", "les publics, avec leur condition éventuelle (âge, réservé aux femmes…)")
    school_holidays: SchoolHolidays | None = F(
        "vacances_scolaires", "les vacances scolaires de la zone (zone, periodes) : l'agenda les nomme", None)

    def commune(self, commune_id: str) -> tuple[str, Commune] | None:
        for territory_id, territory in self.territories.items():
            if commune_id in territory.communes:
                return territory_id, territory.communes[commune_id]
        return None

    def commune_name(self, commune_id: str) -> str:
        """The commune's display name (its id when unknown, so a writer never fails on it)."""
        found = self.commune(commune_id)
        return found[1].name if found else commune_id

    @property
    def commune_ids(self) -> list[str]:
        return [c for t in self.territories.values() for c in t.communes]


def read_vocabulary(root: Path) -> Vocabulary | None:
    """The vocabulary of a content tree for the tools that need only it (schemas, guide); None when the
    file is missing or wrong, which the loader reports with the file, line and fix."""
    try:
        return Vocabulary.model_validate(read_yaml_file(root / VOCABULARY_FILE).data)
    except (OSError, ReadError, ValidationError):
        return None
