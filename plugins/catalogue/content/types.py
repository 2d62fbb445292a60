"""Reusable field types: parse what editors type, fail in French, and say how the form shows them.

Each type is an `Annotated` carrying its validators, its JSON Schema and a `Widget` (what the form
editor shows for it); each field adds a `Form` (its label, and where the form differs from the file)
through `F()`. The JSON Schema (tools/schema.py), the form editor's config (outputs/decap.py), the
form order of `make format` and the guide all walk these declarations (content/fields.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Mapping

import phonenumbers
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .visible import code_point, forbidden_character, normalise_line_breaks
from ..limits import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_TEXT, MAX_URL

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class Model(BaseModel):
    """Every content model: unknown keys refused, values frozen, texts stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


@dataclass(frozen=True)
class Widget:
    """How the form editor shows a value type: `name` is the kind of value (slug, url, email, phone,
    path), `pattern` the form's own check, a regular expression and its French message."""

    name: str
    pattern: tuple[str, str] | None = None


@dataclass(frozen=True)
class Form:
    """A field's editor metadata, declared with the field (`F()`).

    `label` is the form's label; `hint` replaces the description where the form says it otherwise;
    `reference` names the list of ids the value is chosen from (structures, lieux, categories…);
    `singular` labels one item of a list; `summary` is the collapsed item's Decap summary; `widget`
    overrides the type's widget ("text": several lines); `default` is the form's starting value;
    `options` labels the values of a choice.
    """

    label: str = ""
    hint: str | None = None
    reference: str | None = None
    singular: str | None = None
    summary: str | None = None
    widget: str | None = None
    default: Any = None
    options: Mapping[Any, str] = field(default_factory=dict)


def F(alias: str, description: str, default: Any = ..., *, label: str = "", hint: str | None = None,
      reference: str | None = None, singular: str | None = None, summary: str | None = None,
      widget: str | None = None, form_default: Any = None, options: Mapping[Any, str] | None = None,
      **kw: Any) -> Any:
    """A field with its French key, its French description and its editor metadata (a `Form`)."""
    info = Field(default, alias=alias, description=description, **kw)
    info.metadata.append(Form(label, hint, reference, singular, summary, widget, form_default, dict(options or {})))
    return info


@dataclass(frozen=True)
class Variant:
    """How the form shows one kind of a list's items (a session: unique, serie, stage): its name in a
    sentence, the collapsed item's summary, and a hint."""

    name: str
    summary: str
    hint: str


def form_of(metadata: Any) -> Form:
    """The `Form` of a field's metadata (an empty one for fields declared without `F()`)."""
    return next((item for item in metadata if isinstance(item, Form)), Form())



def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("slug", "attendu : un identifiant en texte")
    if not SLUG_RE.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "identifiant invalide « {value} » : uniquement minuscules sans accent, chiffres et tirets (par exemple « {suggestion} »)",
            {"value": value, "suggestion": slugify(value) or "atelier-numerique"},
        )
    return value


def slugify(text: str) -> str:
    """An identifier suggested for a name.

    >>> slugify("Atelier numérique : CV & lettre")
    'atelier-numerique-cv-lettre'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: Any) -> date:
    """A date as editors type it, ISO or French.

    >>> parse_date("2026-12-03"), parse_date("3/12/2026")
    (datetime.date(2026, 12, 3), datetime.date(2026, 12, 3))
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if value is None:
        raise PydanticCustomError("date", "date manquante : attendu une date comme 2026-12-03 (ou 03/12/2026)")
    text = str(value).strip() if isinstance(value, (str, int)) else None
    match = text and (_DATE_ISO.match(text) or _DATE_FR.match(text))
    if not match:
        raise PydanticCustomError("date", "date invalide « {value} » : attendu une date comme 2026-12-03 (ou 03/12/2026)", {"value": value})
    if match.re is _DATE_ISO:
        year, month, day = (int(g) for g in match.groups())
    else:
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date", "la date « {value} » n'existe pas dans le calendrier : vérifiez le jour et le mois", {"value": value}
        ) from None


_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$")


def parse_time(value: Any) -> time:
    """An hour as editors type it.

    >>> parse_time("14:00"), parse_time("9h30"), parse_time("14h")
    (datetime.time(14, 0), datetime.time(9, 30), datetime.time(14, 0))
    """
    if isinstance(value, time):
        return value
    if value is None:
        raise PydanticCustomError("time", "heure manquante : attendu une heure comme \"14:00\" ou 14h30")
    text = value.strip() if isinstance(value, str) else None
    match = text and _TIME.match(text)
    if match and (":" in text or "h" in text.lower()):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise PydanticCustomError("time", "heure invalide « {value} » : attendu une heure comme \"14:00\" ou 14h30", {"value": value})


def parse_bool(value: Any) -> Any:
    """oui/non as well as true/false.

    >>> parse_bool("Oui"), parse_bool("non"), parse_bool(True)
    (True, False, True)
    """
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("oui", "vrai", "yes"):
            return True
        if lowered in ("non", "faux", "no"):
            return False
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("bool", "valeur « {value} » : attendu oui ou non (true ou false)", {"value": value})


def check_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "FR")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise PydanticCustomError("phone", "numéro de téléphone invalide « {value} » : attendu un numéro comme 02 31 06 60 50", {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "adresse e-mail invalide « {value} » : attendu une adresse comme contact@exemple.fr", {"value": value})
    return value


_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"]*)?$")


def check_url(value: str) -> str:
    if value[:7].lower() == "http://":
        raise PydanticCustomError("url", "adresse non sécurisée « {value} » : attendu une adresse commençant par https:// "
                                  "(écrivez « https://{rest} » ; si le site ne s'ouvre pas ainsi, ne mettez pas de lien)",
                                  {"value": value, "rest": value[7:]})
    if len(value) > MAX_URL:
        raise PydanticCustomError("url", "adresse web trop longue ({length} caractères, au plus {limit}) : donnez l'adresse d'une page plus courte",
                                  {"length": len(value), "limit": MAX_URL})
    if forbidden_character(value) or not _URL.match(value):
        raise PydanticCustomError("url", "adresse web invalide « {value} » : attendu une adresse commençant par https://", {"value": value})
    return value


def check_relative_path(value: str) -> str:
    """A file path inside the repository: no URL, no absolute path, no `..`."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//"):
        raise PydanticCustomError("path", "« {value} » est une adresse web : attendu le chemin d'un fichier du dépôt, comme images/mon-badge.svg", {"value": value})
    if value.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", value) or "\\" in value:
        raise PydanticCustomError("path", "chemin « {value} » interdit : attendu un chemin relatif sans « .. », comme images/mon-badge.svg", {"value": value})
    if not re.match(r"^[A-Za-z0-9._/-]+\.(svg|png|jpg|jpeg|webp)$", value):
        raise PydanticCustomError("path", "chemin d'image invalide « {value} » : lettres sans accent, chiffres, tirets, et une extension .svg, .png, .jpg ou .webp", {"value": value})
    return value


def check_text(value: str) -> str:
    """Text shown on pages and in calendars: no invisible control or bidi character."""
    bad = forbidden_character(value)
    if bad:
        raise PydanticCustomError(
            "invisible_character",
            "caractère invisible interdit {char} en position {position} : il vient souvent d'un copier-coller "
            "ou d'un code « \\… » entre guillemets ; supprimez-le ou retapez le texte",
            {"char": code_point(bad[1]), "position": bad[0]},
        )
    return value


def one_or_many(value: Any) -> Any:
    """One value typed where a list is expected is a list of one.

    >>> one_or_many("caen"), one_or_many(["caen", "ifs"])
    (['caen'], ['caen', 'ifs'])
    """
    return [value] if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _postcode(value: Any) -> Any:
    return f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else value


SLUG_FORM = Widget("slug", (SLUG_RE.pattern, "uniquement des minuscules sans accent, des chiffres et des tirets, comme atelier-numerique"))
Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern}), SLUG_FORM]
ShortText = Annotated[str, Field(min_length=1, max_length=MAX_SHORT_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # a name, a title
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # one or two sentences
LongText = Annotated[str, Field(min_length=1, max_length=MAX_LONG_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # a short paragraph


def _blank_is_none(value: Any) -> Any:
    """An optional text left empty (the form editor writes `""`) is no text at all, as before limits existed."""
    return None if isinstance(value, str) and not value.strip() else value


MaybeShortText = Annotated[ShortText | None, BeforeValidator(_blank_is_none)]
MaybeText = Annotated[Text | None, BeforeValidator(_blank_is_none)]
MaybeLongText = Annotated[LongText | None, BeforeValidator(_blank_is_none)]
Date = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})$", "examples": ["2026-12-03"]}),
]
Time = Annotated[
    time,
    BeforeValidator(parse_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}([:hH](\d{2})?)$", "examples": ["14:00", "14h30"]}),
]
Bool = Annotated[bool, BeforeValidator(parse_bool), WithJsonSchema({"type": "boolean"})]
Phone = Annotated[str, AfterValidator(check_phone), Widget("phone")]
Email = Annotated[str, AfterValidator(check_email), Widget("email", (_EMAIL.pattern, "une adresse e-mail comme contact@exemple.fr"))]
Url = Annotated[str, AfterValidator(check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://", "maxLength": MAX_URL}),
                Widget("url", ("^https://[^\\s]+\\.[^\\s]+$", "une adresse web qui commence par https://"))]
Postcode = Annotated[str, BeforeValidator(_postcode), Field(pattern=r"^\d{5}$")]
RelPath = Annotated[str, AfterValidator(check_relative_path), Widget("path")]  # the form's image upload
Weekday = Annotated[Literal[WEEKDAYS], BeforeValidator(_lower)]  # type: ignore[valid-type]

