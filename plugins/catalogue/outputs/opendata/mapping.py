"""The mapping tables from the catalogue's vocabulary to data·inclusion's (correspondances-data-inclusion.yml).

The allowed values come from the pinned `data-inclusion-schema` package itself, so that a value the
schema does not know is refused here, in French, with the file and line, before anything is published.
Every category, public and sign-up mode of the vocabulary must have its entry. A tree without the
file (another network starting out, a test tree) publishes catalogue.json and the tables, without
the data·inclusion files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from data_inclusion.schema import v1
from pydantic import BeforeValidator, Field

from ...content.errors import Problem, format_loc
from ...content.frontmatter import ReadError, read_yaml_file
from ...content.model import JOIN_MODES, F, Model, Slug, Vocabulary
from ...content.validation import validate

MAPPING_FILE = "correspondances-data-inclusion.yml"

Thematique = Literal[tuple(t.value for t in v1.Thematique)]  # type: ignore[valid-type]
Public = Literal[tuple(p.value for p in v1.Public)]  # type: ignore[valid-type]
TypeService = Literal[tuple(t.value for t in v1.TypeService)]  # type: ignore[valid-type]
ModeMobilisation = Literal[tuple(m.value for m in v1.ModeMobilisation)]  # type: ignore[valid-type]
PersonneMobilisatrice = Literal[tuple(p.value for p in v1.PersonneMobilisatrice)]  # type: ignore[valid-type]
ReseauPorteur = Literal[tuple(r.value for r in v1.ReseauPorteur)]  # type: ignore[valid-type]


def _code(value: object) -> object:
    """YAML reads 14118 as a number: a code is text (and keeps its leading zeros when quoted)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


InseeCode = Annotated[str, BeforeValidator(_code), Field(pattern=r"^(\d{5}|2[AB]\d{3})$")]
EpciCode = Annotated[str, BeforeValidator(_code), Field(pattern=r"^\d{9}$")]
Siret = Annotated[str, BeforeValidator(_code), Field(pattern=r"^\d{14}$")]


class TerritoryZone(Model):
    epci: EpciCode | None = F("code_epci", "le code EPCI (SIREN, 9 chiffres) du territoire ; vide : les codes de ses communes", None)


class CategoryMapping(Model):
    type: TypeService = F("type", "le type de service data·inclusion : " + ", ".join(t.value for t in v1.TypeService))  # type: ignore[valid-type]
    thematiques: tuple[Thematique, ...] = F("thematiques", "les thématiques data·inclusion de la catégorie", ())  # type: ignore[valid-type]


class JoinMapping(Model):
    modes: tuple[ModeMobilisation, ...] = F("modes_mobilisation", "comment mobiliser le service : "  # type: ignore[valid-type]
                                            + ", ".join(m.value for m in v1.ModeMobilisation), min_length=1)
    by: tuple[PersonneMobilisatrice, ...] = F("mobilisable_par", "qui peut le mobiliser : usagers, professionnels", min_length=1)  # type: ignore[valid-type]


class StructureMapping(Model):
    siret: Siret | None = F("siret", "le numéro SIRET de la structure (14 chiffres)", None)
    networks: tuple[ReseauPorteur, ...] = F("reseaux_porteurs", "les réseaux porteurs data·inclusion de la structure", ())  # type: ignore[valid-type]


class DataInclusionMapping(Model):
    source: Slug = F("source", "l'identifiant du producteur des données, comme territoires-partages")
    territories: dict[Slug, TerritoryZone] = F("territoires", "chaque territoire : code_epci")
    communes: dict[Slug, InseeCode] = F("communes", "chaque commune : son code INSEE (5 caractères, pas le code postal)")
    categories: dict[Slug, CategoryMapping] = F("categories", "chaque catégorie : type et thematiques")
    publics: dict[Slug, tuple[Public, ...]] = F("publics", "chaque public : les publics data·inclusion ([] : aucun équivalent)")  # type: ignore[valid-type]
    join: dict[Slug, JoinMapping] = F("inscription", "chaque mode d'inscription : modes_mobilisation et mobilisable_par")
    structures: dict[Slug, StructureMapping] = F("structures", "facultatif, par structure : siret, reseaux_porteurs", {})

    def zone(self, territory_id: str, vocabulary: Vocabulary) -> list[str]:
        """The territory's EPCI code, else its communes' INSEE codes."""
        zone = self.territories.get(territory_id)
        if zone and zone.epci:
            return [zone.epci]
        territory = vocabulary.territories.get(territory_id)
        return sorted(self.communes[c] for c in (territory.communes if territory else ()) if c in self.communes)


def _missing(mapping: DataInclusionMapping, vocabulary: Vocabulary, line_of) -> list[Problem]:
    """Every term of the vocabulary needs its line: a new category must not vanish from the export."""
    wanted = (("territoires", "territoire", list(vocabulary.territories), mapping.territories),
              ("communes", "commune", vocabulary.commune_ids, mapping.communes),
              ("categories", "catégorie", list(vocabulary.categories), mapping.categories),
              ("publics", "public", list(vocabulary.audiences), mapping.publics),
              ("inscription", "mode d'inscription", list(JOIN_MODES), mapping.join))
    problems = []
    for key, noun, terms, table in wanted:
        for term in terms:
            if term not in table:
                problems.append(Problem(MAPPING_FILE, line_of((key,)), key,
                                        f"{noun} « {term} » sans correspondance data·inclusion : ajoutez la ligne « {term}: » "
                                        f"sous « {key}: » (voir les exemples du fichier)"))
    return problems


_CACHE: dict[tuple[str, bytes, str], tuple[DataInclusionMapping | None, list[Problem]]] = {}


def load_mapping(root: Path, vocabulary: Vocabulary) -> tuple[DataInclusionMapping | None, list[Problem]]:
    """(the mapping or None, its problems; none when the tree has no such file). Read once per content
    of the file and vocabulary."""
    path = Path(root) / MAPPING_FILE
    if not path.exists():
        return None, []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(MAPPING_FILE, 0, "", f"fichier illisible ({exc.strerror or exc.__class__.__name__}) : vérifiez ses droits")]
    key = (str(path), raw, vocabulary.model_dump_json())
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(path, vocabulary)
    return _CACHE[key]


def _load(path: Path, vocabulary: Vocabulary) -> tuple[DataInclusionMapping | None, list[Problem]]:
    try:
        parsed = read_yaml_file(path)
    except ReadError as exc:
        return None, [Problem(MAPPING_FILE, exc.line, format_loc(exc.loc) if not isinstance(exc.loc, str) else exc.loc, exc.message)]
    mapping, problems = validate(DataInclusionMapping, parsed, MAPPING_FILE)
    if mapping is None:
        return None, problems
    problems = _missing(mapping, vocabulary, parsed.line_of)
    return (None if problems else mapping), problems
