"""The form editor's `config.yml` (Decap CMS), a walk of the model.

Every field of Structure, Activity and Badge with its French key, a French label and hint, its
required flag, a widget matching its type (dates and times with explicit formats, lists for places
and sessions, selects whose options come from the vocabulary, the model's Literal choices and the
catalogue's ids).

The backend is read from the environment at build time, so that the same code serves a fork:
CMS_BACKEND (gitlab, or github with an OAuth proxy in CMS_AUTH_URL), CMS_REPO, CMS_BRANCH,
CMS_APP_ID (the GitLab application's public id; not a secret), CMS_BASE_URL (GitLab instance).
"""

from __future__ import annotations

import os
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal, Mapping
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from ..content import model as m
from ..content.errors import Problem
from ..content.recurrence import RANK_WORDS

# `make editer`: Decap's local backend (decap-server) answers here; only that build's CSP allows it.
LOCAL_BACKEND_PORT = 8081
LOCAL_BACKEND_ORIGIN = f"http://localhost:{LOCAL_BACKEND_PORT}"


LABELS = {
    "nom": "Nom", "role": "Rôle", "famille": "Famille", "type": "Type de structure",
    "description_courte": "Présentation courte", "site_web": "Site web", "contact": "Contact",
    "telephone": "Téléphone", "email": "E-mail", "logo": "Logo", "lieux": "Lieux", "id": "Identifiant",
    "adresse": "Adresse", "code_postal": "Code postal", "commune": "Commune", "quartier": "Quartier prioritaire",
    "coordonnees": "Coordonnées (carte)", "lat": "Latitude", "lon": "Longitude", "horaires": "Horaires",
    "accessibilite": "Accessibilité", "fauteuil": "Accessible en fauteuil roulant", "description": "Description",
    "transports": "Transports en commun",
    "titre": "Titre", "structure": "Structure", "lieu": "Lieu", "categories": "Catégories", "publics": "Publics",
    "gratuit": "Gratuit", "tarif": "Tarif", "inscription": "Inscription", "a_apporter": "À apporter",
    "resume_facile": "Résumé facile à lire", "badges": "Badges", "seances": "Séances",
    "date": "Date", "debut": "Heure de début", "fin": "Heure de fin", "annulation": "Annulation : motif",
    "changement": "Séance déplacée", "motif": "Motif", "chaque": "Jour(s) de la semaine",
    "toutes_les": "Toutes les … semaines", "du": "Du", "au": "Au",
    "sauf": "Sauf", "annulations": "Séances annulées",
    "changements": "Séances déplacées, complètes ou avec une note", "nouvelle_date": "Nouvelle date",
    "toute_la_journee": "Toute la journée", "pause": "Pause", "places": "Places", "statut": "Statut", "note": "Note",
    "rang": "Rang dans le mois (chaque mois)", "interruptions": "Interruptions", "week_end": "Aussi le week-end",
    "sans_dates": "Sans dates (sur rendez-vous, sur orientation, dates à venir)", "mode": "Mode",
    "comment": "Comment faire", "par_un_referent": "Inscription par un conseiller ou un référent",
    "reconnait": "Ce que le badge reconnaît", "criteres": "Critères", "co_construit_avec": "Construit avec",
    "image": "Image", "categorie": "Catégorie", "alignements": "Correspondances (ROME, CléA)",
    "referentiel": "Référentiel", "code": "Code", "intitule": "Intitulé", "url": "Adresse de la fiche",
    "pour_les_employeurs": "Pour les employeurs",
    "co_organisateurs": "Co-organisé avec", "article": "Article devant le nom (au …, à la …)",
}
SINGULAR = {"lieux": "Lieu", "seances": "Séance", "annulations": "Annulation", "changements": "Changement", "interruptions": "Interruption",
            "alignements": "Correspondance", "criteres": "Critère", "sauf": "Date sans séance"}
LONG_TEXT = {"description_courte", "resume_facile", "reconnait", "pour_les_employeurs", "description", "a_apporter", "comment"}
VARIANTS = {m.OneOffSession: "séance unique", m.Series: "série", m.Course: "stage de plusieurs jours"}
FORM_DEFAULTS = {(m.Activity, "gratuit"): True}
LITERAL_LABELS: list[dict] = [m.ROLES, m.FAMILIES, m.JOIN_MODES, m.BOOKING_MODES, m.SESSION_STATUSES,
                  {rank: f"le {word} du mois" for rank, word in RANK_WORDS.items()},
                  {"le": "le (au …, du …)", "la": "la (à la …, de la …)", "les": "les (aux …, des …)",
                   "l'": "l' (à l'…, de l'…)", "aucun": "aucun (à …, de …)"}]

# Fields whose value is an id of something listed elsewhere: shown as a list to choose from.
REFERENCES = {
    (m.Activity, "structure"): "structures", (m.Activity, "lieu"): "lieux",
    (m.Activity, "categories"): "categories", (m.Activity, "publics"): "publics", (m.Activity, "badges"): "badges",
    (m.OneOffSession, "lieu"): "lieux", (m.Series, "lieu"): "lieux", (m.Change, "lieu"): "lieux",
    (m.SeriesChange, "lieu"): "lieux", (m.Course, "lieu"): "lieux",
    (m.Activity, "co_organisateurs"): "structures",
    (m.Badge, "structure"): "structures", (m.Badge, "co_construit_avec"): "structures", (m.Badge, "categorie"): "categories",
    (m.Place, "commune"): "communes", (m.Place, "quartier"): "quartiers",
}
VALIDATORS = {m._slug: "slug", m.check_url: "url", m.check_email: "email", m.check_phone: "phone",
              m.check_relative_path: "path"}

SLUG_PATTERN = [m.SLUG_RE.pattern, "uniquement des minuscules sans accent, des chiffres et des tirets, comme atelier-numerique"]
URL_PATTERN = ["^https://[^\\s]+\\.[^\\s]+$", "une adresse web qui commence par https://"]
EMAIL_PATTERN = [m._EMAIL.pattern, "une adresse e-mail comme contact@exemple.fr"]


@dataclass
class Kind:
    """What a field holds, once Optional, Annotated and tuple are peeled off."""

    name: str  # text slug url email phone path date time bool int float literal model union list
    optional: bool = False
    values: tuple = ()
    models: tuple = ()
    item: "Kind | None" = None
    constraints: dict = field(default_factory=dict)


def _constraints(metadata) -> dict:
    found: dict = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(item.metadata))
            continue
        for attribute in ("min_length", "max_length", "ge", "le", "pattern"):
            value = getattr(item, attribute, None)
            if value is not None:
                found[attribute] = value
    return found


def kind_of(annotation: Any, metadata: tuple = ()) -> Kind:
    metadata = tuple(metadata)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return kind_of(base, metadata + tuple(extra))
    constraints = _constraints(metadata)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            inner = kind_of(args[0], metadata)
            inner.optional = inner.optional or optional
            return inner
        kinds = [kind_of(a) for a in args]
        models = tuple(k.models[0] for k in kinds if k.models)
        if len(models) == 1:  # a date or a period (sauf): the form offers the period, whose end may stay empty
            return Kind("model", optional=optional, models=models, constraints=constraints)
        return Kind("union", optional=optional, models=models, constraints=constraints)
    if origin in (tuple, list):
        item = kind_of(typing.get_args(annotation)[0])
        return Kind("list", item=item, constraints=constraints)
    if origin is Literal:
        return Kind("literal", values=typing.get_args(annotation), constraints=constraints)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Kind("model", models=(annotation,), constraints=constraints)
    for item in metadata:
        if isinstance(item, AfterValidator) and item.func in VALIDATORS:
            return Kind(VALIDATORS[item.func], constraints=constraints)
    simple = {date: "date", time: "time", bool: "bool", int: "int", float: "float", str: "text"}
    if annotation in simple:
        return Kind(simple[annotation], constraints=constraints)
    raise TypeError(f"type de champ non pris en charge par l'éditeur : {annotation!r}")


def field_kind(info: FieldInfo) -> Kind:
    return kind_of(info.annotation, tuple(info.metadata))


def form_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """(French key, field) of the fields an editor types: not the id and body the loader injects."""
    return [(info.alias or name, info) for name, info in model.model_fields.items() if not info.exclude]


def union_fields(models: tuple) -> list[tuple[str, FieldInfo, list[type[BaseModel]], bool]]:
    """The fields of several models in one form: (key, field, models having it, required in all of them)."""
    merged: dict[str, tuple[FieldInfo, list, bool]] = {}
    for model in models:
        for key, info in form_fields(model):
            if key in merged:
                first, owners, required = merged[key]
                merged[key] = (first, owners + [model], required and info.is_required())
            else:
                merged[key] = (info, [model], info.is_required())
    return [(key, info, owners, required and len(owners) == len(models)) for key, (info, owners, required) in merged.items()]


# ---- config.yml ---------------------------------------------------------------------------------------


def _options(values: Mapping[str, str]) -> list[dict]:
    return [{"label": label, "value": value} for value, label in values.items()]


def choices(catalogue) -> dict[str, list[dict]]:
    """The lists editors choose from, from the vocabulary and the catalogue."""
    vocabulary = catalogue.vocabulary
    communes, areas = {}, {}
    for territory in vocabulary.territories.values():
        for cid, commune in territory.communes.items():
            communes[cid] = commune.name
            for aid, name in commune.priority_areas.items():
                areas[aid] = f"{name} ({commune.name})"
    places = {}
    for structure in sorted(catalogue.structures.values(), key=lambda s: s.name.lower()):
        for place in structure.places:
            places[place.id] = f"{place.name} – {vocabulary.commune_name(place.commune)} ({structure.name})"
    return {
        "categories": _options({k: v.name for k, v in vocabulary.categories.items()}),
        "publics": _options({k: v.name for k, v in vocabulary.audiences.items()}),
        "communes": _options(communes),
        "quartiers": _options(areas),
        "structures": _options({s.id: s.name for s in sorted(catalogue.structures.values(), key=lambda s: s.name.lower())}),
        "lieux": _options(places),
        "badges": _options({b.id: b.name for b in sorted(catalogue.badges.values(), key=lambda b: b.name.lower())}),
    }


def _literal_options(values: tuple) -> list[dict]:
    for labels in LITERAL_LABELS:
        if set(values) <= set(labels):
            return [{"label": labels[v], "value": v} for v in values]
    return [{"label": str(v), "value": v} for v in values]


FORM_HINTS = {
    (m.Activity, "structure"): "La structure qui propose l'activité : le fichier est rangé dans son dossier. "
                               "Ne la changez plus après le premier enregistrement",
    (m.Activity, "lieu"): "Le lieu habituel de l'activité (les lieux sont décrits avec les structures)",
    (m.Badge, "structure"): "La structure qui délivre le badge",
}


def _hint(info: FieldInfo, owners: list | None = None, form_hint: str | None = None, select: bool = False) -> str:
    text = (form_hint or info.description or "").strip()
    if select:  # the form shows names to choose from: no ids, no file to look into
        text = re.sub(r"\s*\((voir [^)]*|identifiant)\)", "", text)
    text = text[:1].upper() + text[1:]
    if owners is not None and len(owners) == 1:
        text += f" (seulement pour une {VARIANTS[owners[0]]})"
    return text


def _date_widget() -> dict:
    return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False,
            "picker_utc": True, "default": ""}


def _time_widget() -> dict:
    return {"widget": "datetime", "format": "HH:mm", "date_format": False, "time_format": "HH:mm", "default": ""}


def _scalar(kind: Kind, reference: str | None, catalogue_choices: dict, multiple: bool) -> dict:
    if reference:
        return {"widget": "select", "options": catalogue_choices[reference], "multiple": multiple}
    if kind.name == "literal":
        return {"widget": "select", "options": _literal_options(kind.values), "multiple": multiple}
    if kind.name == "date":
        return _date_widget()
    if kind.name == "time":
        return _time_widget()
    if kind.name == "bool":
        return {"widget": "boolean", "default": False}
    if kind.name in ("int", "float"):
        out: dict = {"widget": "number", "value_type": kind.name}
        if "ge" in kind.constraints:
            out["min"] = kind.constraints["ge"]
        if "le" in kind.constraints:
            out["max"] = kind.constraints["le"]
        if kind.name == "float":
            out["step"] = 0.0001
        return out
    if kind.name == "path":
        return {"widget": "image", "choose_url": False}
    out = {"widget": "string"}
    if kind.name == "slug":
        out["pattern"] = SLUG_PATTERN
    elif kind.name == "url":
        out["pattern"] = URL_PATTERN
    elif kind.name == "email":
        out["pattern"] = EMAIL_PATTERN
    elif "pattern" in kind.constraints:
        out["pattern"] = [kind.constraints["pattern"], "le format indiqué dans l'aide"]
    elif "max_length" in kind.constraints:
        limit = kind.constraints["max_length"]
        out["pattern"] = [f"^[\\s\\S]{{0,{limit}}}$", f"au plus {limit} caractères"]
    return out


def field_config(owner: type[BaseModel], key: str, info: FieldInfo, required: bool, catalogue_choices: dict,
                 owners: list | None = None) -> dict:
    """One Decap field for one model field; `required` is the flag the form enforces."""
    kind = field_kind(info)
    label = LABELS.get(key, key.replace("_", " ").capitalize())
    if owners is not None and len(owners) == 1:
        label += f" ({VARIANTS[owners[0]]})"
    out: dict = {"label": label, "name": key, "required": required}
    reference = REFERENCES.get((owner, key))
    hint = _hint(info, owners, FORM_HINTS.get((owner, key)), select=bool(reference))
    if kind.name == "model":
        sub = kind.models[0]
        out.update({"widget": "object", "collapsed": not required,
                    "fields": [field_config(sub, k, i, required and i.is_required(), catalogue_choices) for k, i in form_fields(sub)]})
    elif kind.name == "list" and kind.item and kind.item.name in ("model", "union"):
        models = kind.item.models
        # default []: a new entry starts with no session, not with an empty one that blocks saving
        out.update({"widget": "list", "label_singular": SINGULAR.get(key, label), "collapsed": True, "default": []})
        if kind.item.name == "model":
            out["fields"] = [field_config(models[0], k, i, i.is_required(), catalogue_choices) for k, i in form_fields(models[0])]
        else:  # Decap's "variable types": one form per kind, its tag written as `type:` in the file
            out.update({"typeKey": TYPE_KEY, "types": [variant_config(model, catalogue_choices) for model in models]})
        summary = _summary(key)
        if summary:
            out["summary"] = summary
    elif kind.name == "list" and kind.item is not None and (reference or kind.item.name == "literal"):
        out.update(_scalar(kind.item, reference, catalogue_choices, multiple=True))
    elif kind.name == "list" and kind.item is not None:
        item = {"label": SINGULAR.get(key, label), "name": key, **_scalar(kind.item, None, catalogue_choices, False)}
        out.update({"widget": "list", "label_singular": SINGULAR.get(key, label), "default": [], "field": item})
    else:
        out.update(_scalar(kind, reference, catalogue_choices, multiple=False))
        if kind.name == "bool" and (owner, key) in FORM_DEFAULTS:
            out["default"] = FORM_DEFAULTS[(owner, key)]
        if kind.name == "text" and key in LONG_TEXT:
            out["widget"] = "text"
    if kind.name == "list" and "min_length" in kind.constraints and required:
        out["min"] = kind.constraints["min_length"]
    limit = (kind.item or kind).constraints.get("max_length") if kind.name in ("text", "list") else None
    if hint and limit:
        hint += f" ({limit} caractères au plus)"
    if hint:
        out["hint"] = hint
    return out


TYPE_KEY = "type"
VARIANT_SUMMARIES = {
    m.OneOffSession: "{{fields.date}} {{fields.debut}}–{{fields.fin}}",
    m.Series: "{{fields.chaque}} du {{fields.du}} au {{fields.au}}, {{fields.debut}}–{{fields.fin}}",
    m.Course: "du {{fields.du}} au {{fields.au}}, {{fields.debut}}–{{fields.fin}}",
}
VARIANT_HINTS = {
    m.OneOffSession: "Une seule date.",
    m.Series: "Une activité qui revient : chaque semaine (ou toutes les 2 semaines), ou chaque mois (« rang »).",
    m.Course: "Un stage sur plusieurs jours qui se suivent : une seule ligne sur la page, une séance par jour dans les agendas.",
}


def variant_config(model: type[BaseModel], catalogue_choices: dict) -> dict:
    """One of Decap's variable types: the fields of one kind of session, without the type key itself."""
    name = next(tag for tag, kind in m.SESSION_KINDS.items() if kind is model)
    details = {info.alias for info in m.SessionDetails.model_fields.values()}
    keys = [(k, i) for k, i in form_fields(model) if k != TYPE_KEY]
    keys = [item for item in keys if item[0] not in details] + [item for item in keys if item[0] in details]  # when, then details
    fields = [field_config(model, k, i, i.is_required(), catalogue_choices) for k, i in keys]
    label = VARIANTS[model][:1].upper() + VARIANTS[model][1:]
    return {"label": label, "name": name, "widget": "object", "summary": VARIANT_SUMMARIES[model],
            "hint": VARIANT_HINTS[model], "fields": fields}


def _summary(key: str) -> str | None:
    return {
        "lieux": "{{fields.nom}} ({{fields.id}})",
        "annulations": "{{fields.date}} : {{fields.motif}}",
        "changements": "{{fields.date}} → {{fields.nouvelle_date}} {{fields.debut}}",
        "alignements": "{{fields.referentiel}} {{fields.code}} {{fields.intitule}}",
    }.get(key)


def model_fields_config(model: type[BaseModel], catalogue_choices: dict) -> list[dict]:
    return [field_config(model, key, info, info.is_required(), catalogue_choices) for key, info in form_fields(model)]


BODY_FIELD = {"label": "Texte de présentation", "name": "body", "widget": "markdown", "required": False,
              "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list"],
              "editor_components": [], "modes": ["rich_text", "raw"],
              "hint": "Le texte long de la page, en Markdown. Les phrases courtes se lisent mieux."}


# Decap's GitHub sign-in goes to `base_url`, by default Netlify's server: a third party would see every
# partner's sign-in. A GitHub build must name the OAuth proxy the network hosts itself.
GITHUB_AUTH_HELP = ("CMS_BACKEND=github demande CMS_AUTH_URL, l'adresse (https://…) du petit serveur de connexion "
                    "OAuth que votre réseau héberge (voir CONTRIBUTING.md, « Se connecter à l'éditeur en ligne »). "
                    "Sans elle, la connexion des partenaires passerait par le serveur d'un tiers (api.netlify.com). "
                    "Définissez CMS_AUTH_URL (sur GitHub : Settings → Secrets and variables → Actions → Variables), "
                    "ou choisissez CMS_BACKEND=gitlab")


def backend_problems(environ: Mapping[str, str] = os.environ) -> list[Problem]:
    """What makes the editor's sign-in unsafe or impossible, as French messages: the build refuses it."""
    name = environ.get("CMS_BACKEND", "gitlab").strip() or "gitlab"
    if name != "github":
        return []
    url = environ.get("CMS_AUTH_URL", "").strip()
    if not url:
        return [Problem("CMS_AUTH_URL", 0, "", f"variable d'environnement absente : {GITHUB_AUTH_HELP}")]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.netloc.endswith("netlify.com"):
        return [Problem("CMS_AUTH_URL", 0, "", f"adresse refusée « {url} » : attendu l'adresse https:// de votre "
                        "propre serveur de connexion OAuth (voir CONTRIBUTING.md, « Se connecter à l'éditeur en ligne »)")]
    return []


def backend_config(environ: Mapping[str, str] = os.environ) -> dict:
    name = environ.get("CMS_BACKEND", "gitlab").strip() or "gitlab"
    repo = (environ.get("CMS_REPO") or environ.get("CI_PROJECT_PATH") or environ.get("GITHUB_REPOSITORY")
            or "territoires-partages/catalogue").strip()
    backend: dict = {"name": name, "repo": repo, "branch": environ.get("CMS_BRANCH", "main").strip() or "main"}
    if name == "gitlab":
        base = (environ.get("CMS_BASE_URL") or environ.get("CI_SERVER_URL") or "https://gitlab.com").rstrip("/")
        backend.update({"auth_type": "pkce", "app_id": environ.get("CMS_APP_ID", "").strip(), "base_url": base,
                        "api_root": f"{base}/api/v4", "auth_endpoint": "oauth/authorize"})
    elif name == "github":
        backend["open_authoring"] = True
        if environ.get("CMS_AUTH_URL", "").strip():
            backend["base_url"] = environ["CMS_AUTH_URL"].strip().rstrip("/")
    backend["squash_merges"] = True
    backend["commit_messages"] = {
        "create": "Ajout : {{collection}} « {{slug}} » (éditeur en ligne)",
        "update": "Modification : {{collection}} « {{slug}} » (éditeur en ligne)",
        "delete": "Suppression : {{collection}} « {{slug}} » (éditeur en ligne)",
        "uploadMedia": "Ajout de l'image « {{path}} » (éditeur en ligne)",
        "deleteMedia": "Suppression de l'image « {{path}} » (éditeur en ligne)",
        "openAuthoring": "{{message}}",
    }
    return backend


def _collection(name: str, label: str, singular: str, folder: str, model: type[BaseModel], identifier: str,
                catalogue_choices: dict, **extra: Any) -> dict:
    return {
        "name": name, "label": label, "label_singular": singular, "folder": folder, "extension": "md",
        "format": "yaml-frontmatter", "create": True, "delete": False, "identifier_field": identifier,
        "slug": "{{slug}}", **extra, "editor": {"preview": False},
        "fields": model_fields_config(model, catalogue_choices) + [dict(BODY_FIELD)],
    }


def cms_config(catalogue, site_url: str = "", environ: Mapping[str, str] = os.environ) -> dict:
    """The whole Decap configuration, as a dict."""
    catalogue_choices = choices(catalogue)
    config: dict = {"locale": "fr", "backend": backend_config(environ), "publish_mode": "editorial_workflow"}
    if local_backend(environ):
        config["local_backend"] = {"url": f"{LOCAL_BACKEND_ORIGIN}/api/v1"}
    if site_url:
        config["site_url"] = site_url.rstrip("/") + "/"
        config["display_url"] = site_url.rstrip("/") + "/"
    config.update({
        "media_folder": "badges/images", "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            _collection("activites", "Activités", "Activité", "activities", m.Activity, "titre", catalogue_choices,
                        path="{{structure}}/{{slug}}", summary="{{titre}} ({{structure}})",
                        sortable_fields=["titre", "structure"],
                        view_groups=[{"label": "Structure", "field": "structure"}],
                        description="Les activités et leurs séances. Une activité est rangée dans le dossier de sa structure."),
            _collection("structures", "Structures", "Structure", "structures", m.Structure, "nom", catalogue_choices,
                        media_folder="logos", public_folder="logos", summary="{{nom}}", sortable_fields=["nom", "role"],
                        description="Les membres du consortium et les partenaires, avec leurs lieux."),
            _collection("badges", "Badges", "Badge", "badges", m.Badge, "nom", catalogue_choices,
                        media_folder="images", public_folder="images", summary="{{nom}}", sortable_fields=["nom"],
                        description="Les badges (Open Badges) et leurs critères."),
        ],
    })
    return config


def config_yaml(config: dict) -> str:
    header = ("# Configuration de l'éditeur en ligne (Decap CMS), générée à partir du modèle du catalogue\n"
              "# par plugins/catalogue/cms.py à chaque construction du site : ne pas la modifier à la main.\n")
    return header + yaml.dump(config, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


class _NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Repeated option lists written out in full: no YAML anchors for a person to puzzle over.

    libyaml's dumper writes the same text as the pure-Python one, five times faster."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def local_backend(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CMS_LOCAL_BACKEND", "").strip() == "1"
