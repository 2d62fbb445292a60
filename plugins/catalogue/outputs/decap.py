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
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..content import model as m
from ..content.errors import Problem
from ..content.fields import Kind, field_kind, form_fields
from ..content.kinds import KINDS, ContentKind
from ..content.types import Form, form_of

# `make editer`: Decap's local backend (decap-server) answers here; only that build's CSP allows it.
LOCAL_BACKEND_PORT = 8081
LOCAL_BACKEND_ORIGIN = f"http://localhost:{LOCAL_BACKEND_PORT}"


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


def _literal_options(values: tuple, labels: Mapping) -> list[dict]:
    return [{"label": labels.get(v, str(v)), "value": v} for v in values]


def _hint(info: FieldInfo, form: Form) -> str:
    text = (form.hint or info.description or "").strip()
    if form.reference:  # the form shows names to choose from: no ids, no file to look into
        text = re.sub(r"\s*\((voir [^)]*|identifiant)\)", "", text)
    return text[:1].upper() + text[1:]


def _date_widget() -> dict:
    return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False,
            "picker_utc": True, "default": ""}


def _time_widget() -> dict:
    return {"widget": "datetime", "format": "HH:mm", "date_format": False, "time_format": "HH:mm", "default": ""}


def _scalar(kind: Kind, form: Form, catalogue_choices: dict, multiple: bool) -> dict:
    if form.reference:
        return {"widget": "select", "options": catalogue_choices[form.reference], "multiple": multiple}
    if kind.name == "literal":
        return {"widget": "select", "options": _literal_options(kind.values, form.options), "multiple": multiple}
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
    if kind.widget is not None and kind.widget.pattern:
        out["pattern"] = list(kind.widget.pattern)
    elif "pattern" in kind.constraints:
        out["pattern"] = [kind.constraints["pattern"], "le format indiqué dans l'aide"]
    elif "max_length" in kind.constraints:
        limit = kind.constraints["max_length"]
        out["pattern"] = [f"^[\\s\\S]{{0,{limit}}}$", f"au plus {limit} caractères"]
    return out


def field_config(key: str, info: FieldInfo, required: bool, catalogue_choices: dict) -> dict:
    """One Decap field for one model field; `required` is the flag the form enforces."""
    kind = field_kind(info)
    form = form_of(info.metadata)
    label = form.label or key.replace("_", " ").capitalize()
    out: dict = {"label": label, "name": key, "required": required}
    hint = _hint(info, form)
    if kind.name == "model":
        sub = kind.models[0]
        out.update({"widget": "object", "collapsed": not required,
                    "fields": [field_config(k, i, required and i.is_required(), catalogue_choices) for k, i in form_fields(sub)]})
    elif kind.name == "list" and kind.item and kind.item.name in ("model", "union"):
        models = kind.item.models
        # default []: a new entry starts with no session, not with an empty one that blocks saving
        out.update({"widget": "list", "label_singular": form.singular or label, "collapsed": True, "default": []})
        if kind.item.name == "model":
            out["fields"] = [field_config(k, i, i.is_required(), catalogue_choices) for k, i in form_fields(models[0])]
        else:  # Decap's "variable types": one form per kind, its tag written as `type:` in the file
            out.update({"typeKey": TYPE_KEY, "types": [variant_config(model, catalogue_choices) for model in models]})
        if form.summary:
            out["summary"] = form.summary
    elif kind.name == "list" and kind.item is not None and (form.reference or kind.item.name == "literal"):
        out.update(_scalar(kind.item, form, catalogue_choices, multiple=True))
    elif kind.name == "list" and kind.item is not None:
        item = {"label": form.singular or label, "name": key, **_scalar(kind.item, Form(), catalogue_choices, False)}
        out.update({"widget": "list", "label_singular": form.singular or label, "default": [], "field": item})
    else:
        out.update(_scalar(kind, form, catalogue_choices, multiple=False))
        if kind.name == "bool" and form.default is not None:
            out["default"] = form.default
        if kind.name == "text" and form.widget:
            out["widget"] = form.widget
    if kind.name == "list" and "min_length" in kind.constraints and required:
        out["min"] = kind.constraints["min_length"]
    limit = (kind.item or kind).constraints.get("max_length") if kind.name in ("text", "list") else None
    if hint and limit:
        hint += f" ({limit} caractères au plus)"
    if hint:
        out["hint"] = hint
    return out


TYPE_KEY = "type"


def variant_config(model: type[BaseModel], catalogue_choices: dict) -> dict:
    """One of Decap's variable types: the fields of one kind of session, without the type key itself."""
    name = next(tag for tag, kind in m.SESSION_KINDS.items() if kind is model)
    variant = model.form_variant  # type: ignore[attr-defined]
    details = {info.alias for info in m.SessionDetails.model_fields.values()}
    keys = [(k, i) for k, i in form_fields(model) if k != TYPE_KEY]
    keys = [item for item in keys if item[0] not in details] + [item for item in keys if item[0] in details]  # when, then details
    fields = [field_config(k, i, i.is_required(), catalogue_choices) for k, i in keys]
    label = variant.name[:1].upper() + variant.name[1:]
    return {"label": label, "name": name, "widget": "object", "summary": variant.summary,
            "hint": variant.hint, "fields": fields}


def model_fields_config(model: type[BaseModel], catalogue_choices: dict) -> list[dict]:
    return [field_config(key, info, info.is_required(), catalogue_choices) for key, info in form_fields(model)]


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


def _collection(kind: ContentKind, catalogue_choices: dict) -> dict:
    c = kind.collection
    extra: dict = {"path": c.path} if c.path else {}
    if c.media_folder:
        extra.update({"media_folder": c.media_folder, "public_folder": c.media_folder})
    extra.update({"summary": c.summary, "sortable_fields": list(c.sortable)})
    if c.view_groups:
        extra["view_groups"] = [{"label": label, "field": key} for label, key in c.view_groups]
    return {
        "name": c.name, "label": c.label, "label_singular": c.singular, "folder": kind.folder, "extension": "md",
        "format": "yaml-frontmatter", "create": True, "delete": False, "identifier_field": c.identifier,
        "slug": "{{slug}}", **extra, "description": c.description, "editor": {"preview": False},
        "fields": model_fields_config(kind.model, catalogue_choices) + [dict(BODY_FIELD)],
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
        "collections": [_collection(kind, catalogue_choices) for kind in KINDS],
    })
    return config


def config_yaml(config: dict) -> str:
    header = ("# Configuration de l'éditeur en ligne (Decap CMS), générée à partir du modèle du catalogue\n"
              "# par plugins/catalogue/outputs/decap.py à chaque construction du site : ne pas la modifier à la main.\n")
    return header + yaml.dump(config, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


class _NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Repeated option lists written out in full: no YAML anchors for a person to puzzle over.

    libyaml's dumper writes the same text as the pure-Python one, five times faster."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def local_backend(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CMS_LOCAL_BACKEND", "").strip() == "1"
