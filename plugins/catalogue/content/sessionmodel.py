"""The sessions an activity lists (`seances`): one-off dates, weekly or monthly series, courses of
several days, and what changes in them (cancellations, moves, interruptions, skipped days)."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, BeforeValidator, Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .types import WEEKDAYS, Bool, Date, F, MaybeText, Model, Slug, Text, Time, Variant, Weekday, one_or_many

SESSION_STATUSES = {"complet": "Complet", "reporte": "Reporté"}
RANK_WORDS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième", -1: "dernier"}
RANK_CHOICES = {rank: f"le {word} du mois" for rank, word in RANK_WORDS.items()}


class Break(Model):
    start: Time = F("debut", "le début de la pause, comme \"12:30\"", label='Heure de début')
    end: Time = F("fin", "la fin de la pause, comme \"13:30\"", label='Heure de fin')


class SessionDetails(Model):
    """What any session may say beyond its time: capacity, status, a note (shared by all kinds)."""

    seats: int | None = F("places", "le nombre de places, comme 8", None, ge=1, le=10000, label='Places')
    status: Literal[tuple(SESSION_STATUSES)] | None = F(  # type: ignore[valid-type]
        "statut", "complet (plus de place) ou reporte (nouvelle date à venir)", None, label='Statut', options=SESSION_STATUSES
    )
    note: str | None = F("note", "une information pour cette séance, comme « Apportez une tenue de sport. »", None, label='Note')


class Change(Model):
    date: Date | None = F("date", "la nouvelle date", None, label='Date')
    start: Time | None = F("debut", "la nouvelle heure de début", None, label='Heure de début')
    end: Time | None = F("fin", "la nouvelle heure de fin", None, label='Heure de fin')
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None, label='Lieu', reference='lieux')
    reason: MaybeText = F("motif", "pourquoi la séance change", None, label='Motif')


class OneOffSession(SessionDetails):
    form_variant: ClassVar[Variant] = Variant("séance unique", "{{fields.date}} {{fields.debut}}–{{fields.fin}}",
                                              "Une seule date.")
    type: Literal["unique"] | None = F("type", "unique : une seule date", None)
    date: Date = F("date", "la date de la séance, comme 2026-12-03", label='Date')
    start: Time | None = F("debut", "l'heure de début, comme \"14:00\"", None, label='Heure de début')
    end: Time | None = F("fin", "l'heure de fin, comme \"16:00\" (\"01:00\" si la séance finit après minuit)", None, label='Heure de fin')
    all_day: Bool = F("toute_la_journee", "oui pour une séance sur toute la journée, sans heures", False, label='Toute la journée')
    pause: Break | None = F("pause", "une pause au milieu de la séance : debut et fin", None, label='Pause')
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None, label='Lieu', reference='lieux')
    cancellation: Text | None = F("annulation", "si la séance est annulée : le motif", None, label='Annulation : motif')
    change: Change | None = F("changement", "si la séance est déplacée : date, debut, fin, lieu, motif", None, label='Séance déplacée')

    @model_validator(mode="after")
    def _hours(self) -> "OneOffSession":
        return check_hours(self)


class Course(SessionDetails):
    """A course on consecutive days (a "stage"): one item on pages, one event a day in feeds."""

    form_variant: ClassVar[Variant] = Variant(
        "stage de plusieurs jours", "du {{fields.du}} au {{fields.au}}, {{fields.debut}}–{{fields.fin}}",
        "Un stage sur plusieurs jours qui se suivent : une seule ligne sur la page, une séance par jour dans les agendas.")

    type: Literal["stage"] = F("type", "stage : plusieurs jours qui se suivent")
    first: Date = F("du", "le premier jour du stage", label='Du')
    last: Date = F("au", "le dernier jour du stage (14 jours au plus)", label='Au')
    start: Time | None = F("debut", "l'heure de début de chaque journée, comme \"09:00\"", None, label='Heure de début')
    end: Time | None = F("fin", "l'heure de fin de chaque journée, comme \"17:00\"", None, label='Heure de fin')
    all_day: Bool = F("toute_la_journee", "oui si chaque jour dure toute la journée, sans heures", False, label='Toute la journée')
    pause: Break | None = F("pause", "la pause de chaque journée : debut et fin", None, label='Pause')
    weekends: Bool = F("week_end", "oui si le stage continue le samedi et le dimanche", False, label='Aussi le week-end')
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None, label='Lieu', reference='lieux')
    cancellation: Text | None = F("annulation", "si tout le stage est annulé : le motif", None, label='Annulation : motif')

    @model_validator(mode="after")
    def _hours(self) -> "Course":
        return check_hours(self)


def check_hours(entry: Any) -> Any:
    """A timed session needs both hours; an all-day one has none."""
    if entry.all_day and (entry.start or entry.end or entry.pause):
        raise PydanticCustomError("toute_la_journee", "une séance « toute_la_journee: oui » n'a pas d'heures : retirez debut, fin et pause (ou retirez toute_la_journee)")
    if not entry.all_day and entry.start is None:
        raise PydanticCustomError("debut", "champ « debut » manquant : l'heure de début, comme \"14:00\" (ou toute_la_journee: oui)")
    if not entry.all_day and entry.end is None:
        raise PydanticCustomError("fin", "champ « fin » manquant : l'heure de fin, comme \"16:00\" (ou toute_la_journee: oui)")
    return entry


class Cancellation(Model):
    date: Date = F("date", "la date annulée, une date de la série", label='Date')
    reason: Text = F("motif", "le motif de l'annulation", label='Motif')


class SeriesChange(SessionDetails):
    date: Date = F("date", "la date de la série qui change", label='Date')
    new_date: Date | None = F("nouvelle_date", "la nouvelle date, si la séance change de jour", None, label='Nouvelle date')
    start: Time | None = F("debut", "la nouvelle heure de début", None, label='Heure de début')
    end: Time | None = F("fin", "la nouvelle heure de fin", None, label='Heure de fin')
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None, label='Lieu', reference='lieux')
    reason: MaybeText = F("motif", "pourquoi la séance change", None, label='Motif')


def _date_range(value: Any) -> Any:
    """Every `sauf` entry as a period: `du 2027-02-13 au 2027-03-01` (as typed in a list) -> {du, au};
    a single date -> {du} (a period of one day), so that a wrong value gets one message, on its field."""
    if isinstance(value, str):
        match = _RANGE.match(value.strip())
        if match:
            return {"du": match.group(1), "au": match.group(2)}
    return value if isinstance(value, dict) else {"du": value}


_RANGE = re.compile(r"^du\s+(\S+)\s+au\s+(\S+)$", re.IGNORECASE)


class DateRange(Model):
    first: Date = F("du", "le premier jour sans séance", label='Du')
    last: Date | None = F("au", "le dernier jour sans séance (vide : seulement le jour « du »)", None, label='Au')


class Suspension(Model):
    first: Date = F("du", "le premier jour où la série s'arrête", label='Du')
    last: Date | None = F("au", "le dernier jour de l'arrêt (vide : jusqu'à nouvel ordre)", None, label='Au')
    reason: Text = F("motif", "pourquoi la série s'arrête, montré aux visiteurs et dans les calendriers", label='Motif')


_DATE_PATTERN = r"(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})"
SkippedDay = Annotated[
    DateRange,
    BeforeValidator(_date_range),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": f"^({_DATE_PATTERN}|du {_DATE_PATTERN} au {_DATE_PATTERN})$",
         "examples": ["2026-12-22", "du 2027-02-13 au 2027-03-01"]},
        {"type": "object", "additionalProperties": False, "required": ["du"], "properties": {
            "du": {"type": "string", "pattern": f"^{_DATE_PATTERN}$"}, "au": {"type": "string", "pattern": f"^{_DATE_PATTERN}$"}}},
    ]}),
]


def _ranks(value: Any) -> Any:
    return [value] if isinstance(value, (int, str)) and not isinstance(value, bool) else value


RANKS = (1, 2, 3, 4, 5, -1)
SPOKEN_RANKS = {"premier": 1, "1er": 1, "deuxième": 2, "deuxieme": 2, "2e": 2, "troisième": 3, "troisieme": 3, "3e": 3,
                "quatrième": 4, "quatrieme": 4, "4e": 4, "cinquième": 5, "cinquieme": 5, "5e": 5, "dernier": -1}
_SPOKEN_RANK = re.compile(r"^(" + "|".join(SPOKEN_RANKS) + r")\s+(" + "|".join(WEEKDAYS) + r")(?:\s+du\s+mois)?$")


class Series(SessionDetails):
    form_variant: ClassVar[Variant] = Variant(
        "série", "{{fields.chaque}} du {{fields.du}} au {{fields.au}}, {{fields.debut}}–{{fields.fin}}",
        "Une activité qui revient : chaque semaine (ou toutes les 2 semaines), ou chaque mois (« rang »).")
    type: Literal["serie"] | None = F("type", "serie : chaque semaine ou chaque mois", None)
    days: Annotated[
        tuple[Weekday, ...],
        BeforeValidator(one_or_many),
        Field(min_length=1),
        WithJsonSchema({"anyOf": [
            {"type": "string", "enum": list(WEEKDAYS)},
            {"type": "string", "pattern": _SPOKEN_RANK.pattern, "examples": ["premier samedi", "dernier vendredi"]},
            {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}, "minItems": 1},
        ]}),
    ] = F(
        "chaque", "le ou les jours de la semaine : lundi, mardi, … (ou « premier samedi », « dernier vendredi »)", label='Jour(s) de la semaine'
    )
    ranks: Annotated[tuple[Literal[RANKS], ...], BeforeValidator(_ranks)] = F(  # type: ignore[valid-type]
        "rang", "chaque mois : 1 pour le premier jour du mois, 2 le deuxième, …, -1 le dernier", (), label='Rang dans le mois (chaque mois)', options=RANK_CHOICES
    )
    every: int = F("toutes_les", "toutes les N semaines (1 = chaque semaine ; la semaine de « du » est la première)", 1, ge=1, le=4, label='Toutes les … semaines')
    first: Date = F("du", "la date de début de la série", label='Du')
    last: Date = F("au", "la date de fin de la série", label='Au')
    start: Time = F("debut", "l'heure de début, comme \"14:00\"", label='Heure de début')
    end: Time = F("fin", "l'heure de fin, comme \"16:00\" (\"01:00\" si la séance finit après minuit)", label='Heure de fin')
    pause: Break | None = F("pause", "une pause au milieu de chaque séance : debut et fin", None, label='Pause')
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None, label='Lieu', reference='lieux')
    skipped: tuple[SkippedDay, ...] = F("sauf", "les dates ou périodes sans séance (vacances : « du 2027-02-13 au 2027-03-01 »), non affichées comme annulées", (), label='Sauf', singular='Date sans séance')
    suspensions: tuple[Suspension, ...] = F("interruptions", "les périodes où la série s'arrête, avec le motif montré aux visiteurs : du, au, motif", (), label='Interruptions', singular='Interruption')
    cancellations: tuple[Cancellation, ...] = F("annulations", "les séances annulées : date et motif", (), label='Séances annulées', singular='Annulation', summary='{{fields.date}} : {{fields.motif}}')
    changes: tuple[SeriesChange, ...] = F("changements", "les séances déplacées, complètes ou avec une note : date, puis ce qui change", (), label='Séances déplacées, complètes ou avec une note', singular='Changement', summary='{{fields.date}} → {{fields.nouvelle_date}} {{fields.debut}}')

    @model_validator(mode="before")
    @classmethod
    def _spoken_rank(cls, value: Any) -> Any:
        """`chaque: premier samedi` or `chaque: dernier vendredi du mois` -> chaque: samedi, rang: 1."""
        if isinstance(value, dict) and isinstance(value.get("chaque"), str) and "rang" not in value:
            match = _SPOKEN_RANK.match(value["chaque"].strip().lower())
            if match:
                return {**value, "chaque": match.group(2), "rang": SPOKEN_RANKS[match.group(1)]}
        return value


_TYPE_TAGS = ("unique", "serie", "stage")


def _session_kind(value: Any) -> str | None:
    if isinstance(value, dict) and "type" in value:
        kind = str(value["type"]).strip().lower() if isinstance(value["type"], str) else value["type"]
        return kind if kind in _TYPE_TAGS else None
    if isinstance(value, dict) and ({"chaque", "du", "au", "toutes_les"} & set(value)):
        return "serie"
    return "unique"


SessionEntry = Annotated[
    Union[Annotated[OneOffSession, Tag("unique")], Annotated[Series, Tag("serie")], Annotated[Course, Tag("stage")]],
    Discriminator(
        _session_kind,
        custom_error_type="type_seance",
        custom_error_message="type de séance inconnu : attendu unique (une date), serie (chaque semaine ou chaque mois) ou stage (plusieurs jours qui se suivent)",
    ),
]

SESSION_KINDS: dict[str, type[BaseModel]] = {"unique": OneOffSession, "serie": Series, "stage": Course}
