"""The form editor at /admin/: its config.yml covers the whole model, with the vocabulary's choices and the
model's required flags; the vendored Decap CMS loads nothing from another host."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from catalogue.outputs import decap
from catalogue.outputs import admin as admin_writer
from catalogue.tools import vendor
from fixtures import load_catalogue
from catalogue.content.model import FAMILIES, FRAMEWORKS, JOIN_MODES, ROLES, SESSION_KINDS, WEEKDAYS, Activity, Badge, Structure
from conftest import catalogue_env
from fixtures import write_tree

ROOT = Path(__file__).parents[1]
COLLECTIONS = {"structures": Structure, "activites": Activity, "badges": Badge}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def config(catalogue) -> dict:
    return decap.cms_config(catalogue, "https://territoires-partages.example.org", environ={})


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


# ---- the model, walked independently of outputs/decap.py -------------------------------------------------------


def _models(annotation) -> list[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models(typing.get_args(annotation)[0])
    if origin is not None:
        return [m for arg in typing.get_args(annotation) for m in _models(arg)]
    return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []


def _is_list(annotation) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return origin in (tuple, list)


def model_paths(models: list[type[BaseModel]], prefix: str = "", required_above: bool = True) -> dict[str, bool]:
    """{'lieux.*.accessibilite.fauteuil': required in the form} for the fields an editor types.

    A field is required in the form when the model requires it in every model that has it (a session is a
    one-off OR a series) and nothing above it is optional (an optional group's fields cannot be forced)."""
    kinds = {kind: model for kind, model in SESSION_KINDS.items() if model in models}
    if len(models) > 1 and len(kinds) == len(models):  # a list of session kinds: one form per kind, `type` set by Decap
        out: dict[str, bool] = {}
        for kind, model in kinds.items():
            found = model_paths([model], prefix.removesuffix("*.") + f"*<{kind}>.", True)
            out.update({path: required for path, required in found.items() if not path.endswith(">.type")})
        return out
    merged: dict[str, list] = {}
    for model in models:
        for name, info in model.model_fields.items():
            if not info.exclude:
                merged.setdefault(info.alias or name, []).append(info)
    out: dict[str, bool] = {}
    for key, infos in merged.items():
        required = required_above and len(infos) == len(models) and all(i.is_required() for i in infos)
        path = f"{prefix}{key}"
        out[path] = required
        inner = [m for i in infos for m in _models(i.annotation)]
        if inner:
            listed = any(_is_list(i.annotation) for i in infos)
            out.update(model_paths(inner, f"{path}.*." if listed else f"{path}.", True if listed else required))
    return out


def config_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """{'seances.*<serie>.debut': field}: the kinds of a list with Decap "variable types" in angle brackets."""
    out: dict[str, dict] = {}
    for field in fields:
        path = f"{prefix}{field['name']}"
        out[path] = field
        if "fields" in field:
            out.update(config_paths(field["fields"], f"{path}.*." if field["widget"] == "list" else f"{path}."))
        for variant in field.get("types", ()):
            out.update(config_paths(variant["fields"], f"{path}.*<{variant['name']}>."))
    return out


@pytest.mark.parametrize("name", COLLECTIONS)
def test_config_covers_every_field_of_the_model(config, name):
    expected = model_paths([COLLECTIONS[name]])
    found = config_paths(collection(config, name)["fields"])
    assert set(found) - {"body"} == set(expected), (sorted(set(expected) - set(found)), sorted(set(found) - set(expected)))
    assert found["body"]["widget"] == "markdown"
    assert len(expected) > 10


@pytest.mark.parametrize("name", COLLECTIONS)
def test_required_flags_match_the_model(config, name):
    expected = model_paths([COLLECTIONS[name]])
    found = config_paths(collection(config, name)["fields"])
    wrong = {p: (found[p]["required"], r) for p, r in expected.items() if found[p]["required"] is not r}
    assert wrong == {}, "chemin : (formulaire, modèle)"
    for path, field in found.items():
        assert isinstance(field.get("required"), bool), path  # Decap makes a field required unless told
        if "min" in field and field["widget"] in ("list", "select"):
            assert field["required"], f"{path} : « min » sur un champ facultatif bloquerait le formulaire"


def test_core_requirements_are_as_expected(config):
    activity = config_paths(collection(config, "activites")["fields"])
    assert {p for p, f in activity.items() if f["required"]} == {
        "titre", "structure", "lieu", "categories", "publics", "gratuit", "inscription", "resume_facile",
        "seances.*<unique>.date", "seances.*<serie>.chaque", "seances.*<serie>.du", "seances.*<serie>.au",
        "seances.*<serie>.debut", "seances.*<serie>.fin", "seances.*<serie>.annulations.*.date",
        "seances.*<serie>.annulations.*.motif", "seances.*<serie>.changements.*.date", "seances.*<serie>.interruptions.*.du",
        "seances.*<serie>.interruptions.*.motif", "seances.*<serie>.sauf.*.du", "seances.*<stage>.du", "seances.*<stage>.au",
    }
    assert [t["name"] for t in activity["seances"]["types"]] == ["unique", "serie", "stage"]
    assert activity["seances"]["typeKey"] == "type"
    assert activity["categories"]["min"] == 1 and activity["publics"]["min"] == 1
    assert activity["seances"]["widget"] == "list" and activity["seances"]["required"] is False
    structure = config_paths(collection(config, "structures")["fields"])
    assert structure["lieux"]["widget"] == "list" and structure["lieux.*.id"]["required"] is True
    assert structure["lieux.*.coordonnees.lat"]["required"] is False  # coordonnees is optional as a whole


def options(field: dict) -> list:
    return [o["value"] for o in field["options"]]


def test_choices_come_from_the_vocabulary_the_catalogue_and_the_model(config, catalogue):
    activity = config_paths(collection(config, "activites")["fields"])
    structure = config_paths(collection(config, "structures")["fields"])
    badge = config_paths(collection(config, "badges")["fields"])
    places = sorted(catalogue.places)
    assert options(activity["categories"]) == list(catalogue.vocabulary.categories)
    assert activity["categories"]["multiple"] is True
    assert options(activity["publics"]) == list(catalogue.vocabulary.audiences)
    assert options(activity["inscription"]) == list(JOIN_MODES)
    assert [o["label"] for o in activity["inscription"]["options"]] == list(JOIN_MODES.values())
    assert options(activity["seances.*<serie>.chaque"]) == list(WEEKDAYS)
    assert options(activity["sans_dates.mode"]) == ["rendez-vous", "orientation", "a-venir"]
    assert options(activity["seances.*<unique>.statut"]) == ["complet", "reporte"]
    assert sorted(options(activity["structure"])) == sorted(catalogue.structures)
    assert sorted(options(activity["badges"])) == sorted(catalogue.badges)
    for path in ("lieu", "seances.*<unique>.lieu", "seances.*<serie>.lieu", "seances.*<stage>.lieu",
                 "seances.*<unique>.changement.lieu", "seances.*<serie>.changements.*.lieu"):
        assert sorted(options(activity[path])) == places, path
    assert options(structure["role"]) == list(ROLES)
    assert options(structure["famille"]) == list(FAMILIES)
    assert options(structure["lieux.*.commune"]) == catalogue.vocabulary.commune_ids
    areas = [a for t in catalogue.vocabulary.territories.values() for c in t.communes.values() for a in c.priority_areas]
    assert options(structure["lieux.*.quartier"]) == areas
    assert options(badge["categorie"]) == list(catalogue.vocabulary.categories)
    assert options(badge["alignements.*.referentiel"]) == list(FRAMEWORKS)
    assert sorted(options(badge["co_construit_avec"])) == sorted(catalogue.structures)


def test_widgets_dates_times_and_lists(config):
    activity = config_paths(collection(config, "activites")["fields"])
    for path in ("seances.*<unique>.date", "seances.*<serie>.du", "seances.*<stage>.au", "seances.*<unique>.changement.date",
                 "seances.*<serie>.changements.*.nouvelle_date", "seances.*<serie>.sauf.*.au", "seances.*<serie>.interruptions.*.du"):
        field = activity[path]
        assert (field["widget"], field["format"], field["time_format"]) == ("datetime", "YYYY-MM-DD", False), path
    for path in ("seances.*<unique>.debut", "seances.*<serie>.fin", "seances.*<serie>.changements.*.debut", "seances.*<stage>.pause.fin"):
        field = activity[path]
        assert (field["widget"], field["format"], field["date_format"], field["time_format"]) == ("datetime", "HH:mm", False, "HH:mm")
    assert activity["seances.*<serie>.sauf"]["widget"] == "list" and activity["seances.*<serie>.sauf.*.du"]["format"] == "YYYY-MM-DD"
    assert activity["gratuit"] == {**activity["gratuit"], "widget": "boolean", "default": True}
    assert activity["seances.*<serie>.toutes_les"]["value_type"] == "int" and "default" not in activity["seances.*<serie>.toutes_les"]
    assert activity["resume_facile"]["widget"] == "text"
    structure = config_paths(collection(config, "structures")["fields"])
    assert structure["lieux.*.id"]["pattern"][0] == decap.m.SLUG_RE.pattern
    assert structure["logo"]["widget"] == "image"
    for path, field in {**activity, **structure}.items():
        assert field["label"] and field["label"][0].isupper(), path
        assert path == "body" or field.get("hint"), path


def test_collections_and_workflow(config):
    assert config["locale"] == "fr" and config["publish_mode"] == "editorial_workflow"
    activities = collection(config, "activites")
    assert activities["folder"] == "activities" and activities["path"] == "{{structure}}/{{slug}}"
    for c in config["collections"]:
        assert c["format"] == "yaml-frontmatter" and c["extension"] == "md" and c["delete"] is False
    assert collection(config, "badges")["media_folder"] == "images"


def test_backend_from_the_environment():
    assert decap.backend_config({})["name"] == "gitlab"
    gitlab = decap.backend_config({"CI_PROJECT_PATH": "tp/catalogue", "CI_SERVER_URL": "https://forge.example.org", "CMS_APP_ID": "abc"})
    assert gitlab["repo"] == "tp/catalogue" and gitlab["auth_type"] == "pkce" and gitlab["app_id"] == "abc"
    assert gitlab["api_root"] == "https://forge.example.org/api/v4"
    github = decap.backend_config({"CMS_BACKEND": "github", "GITHUB_REPOSITORY": "tp/catalogue", "CMS_AUTH_URL": "https://auth.example.org/"})
    assert github["open_authoring"] is True and github["base_url"] == "https://auth.example.org" and "auth_type" not in github


def test_config_yaml_round_trips(config):
    text = decap.config_yaml(config)
    assert text.startswith("# Configuration de l'éditeur en ligne")
    assert yaml.safe_load(text) == config
    assert "&id" not in text and "*id" not in text


# ---- vendoring ---------------------------------------------------------------------------------------------


def test_missing_npm_gives_a_french_message(tmp_path):
    with pytest.raises(admin_writer.EditorUnavailable, match="npm est introuvable"):
        vendor.vendor_editor({"CATALOGUE_CACHE_DIR": str(tmp_path), "PATH": str(tmp_path / "rien")})
    # `make site` goes on without the editor: admin/ then explains how to add it
    from fixtures import load_catalogue as loader
    files = admin_writer.admin_files(loader(ROOT), "", environ={"CATALOGUE_CACHE_DIR": str(tmp_path)})
    assert set(files) == {"admin/config.yml", "admin/index.html"}
    assert "make admin" in files["admin/index.html"].decode()


def test_a_tampered_package_is_refused(tmp_path):
    fake = tmp_path / "npm"
    fake.write_text("#!/bin/sh\nmkdir -p package/dist && echo x > package/dist/decap-cms.js && tar czf \"$4/decap-cms-0.tgz\" package\n")
    fake.chmod(0o755)
    with pytest.raises(admin_writer.EditorUnavailable, match="n'a pas l'empreinte attendue"):
        vendor.vendor_editor({"CATALOGUE_CACHE_DIR": str(tmp_path / "cache")}, npm=str(fake))
    assert not (tmp_path / "cache/decap-cms" / admin_writer.DECAP_VERSION).exists()


@pytest.fixture(scope="session")
def editor() -> Path:
    """The real Decap CMS, from the npm registry (cached in .cache/ after the first time)."""
    try:
        return vendor.vendor_editor()
    except admin_writer.EditorUnavailable as exc:
        pytest.fail(f"éditeur en ligne indisponible : {exc}")


def test_vendored_files(editor):
    files = admin_writer.vendored_editor()
    names = sorted(files)
    assert "decap-cms.js" in names and "decap-cms.js.LICENSE.txt" in names
    assert not [n for n in names if n.endswith(".map") or n == "cms.js" or n.endswith(".cms.js")]
    assert len([n for n in names if n.endswith(".wasm")]) == 2
    assert sum(len(content) for content in files.values()) < 8_000_000


def build(output: Path, **env: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=ROOT,
                          env=catalogue_env(**env), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def admin_site(editor, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site-admin") / "output"
    build(output)
    return output


def test_built_site_serves_the_editor(admin_site, catalogue):
    admin = admin_site / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "config.yml").is_file()
    assert not list(admin.glob("*.map"))
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and not re.search(r'(src|href)="(https?:)?//', page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert "connect-src 'self' https://gitlab.com;" in csp and "script-src 'self' " in csp
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))["collections"][0]["name"] == "activites"
    from helpers import format_vnu_errors, vnu_check

    assert vnu_check([admin / "index.html"]) == [], format_vnu_errors(vnu_check([admin / "index.html"]))


def test_admin_page_loads_nothing_from_another_host(admin_site, page_factory):
    from helpers import serve_directory

    with serve_directory(admin_site) as base_url:
        page = page_factory(width=1280)
        page.goto(base_url + "admin/")
        page.get_by_role("button", name="Se connecter avec GitLab").wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        assert "Erreur" not in body and "Error" not in body, body
        assert base_url + "admin/config.yml" in page.requested_urls
    # page_factory fails the test for any request to another host


def test_the_form_writes_a_file_the_loader_accepts(editor, tmp_path, page_factory):
    """With Decap's in-browser test backend: fill in a new activity with one session, save it, and load the
    file the editor wrote with the real loader."""
    from helpers import serve_directory

    from fixtures import load

    output = tmp_path / "output"
    build(output, CMS_BACKEND="test-repo")
    with serve_directory(output) as base_url:
        page = page_factory(width=1280, height=1600)
        page.goto(base_url + "admin/")
        page.get_by_role("button", name="Se connecter").click()
        page.goto(base_url + "admin/#/collections/activites/new")
        page.get_by_text("Résumé facile à lire", exact=True).wait_for(timeout=30_000)
        text = page.inner_text("body")
        for label in ("TITRE", "STRUCTURE", "CATÉGORIES", "INSCRIPTION", "SÉANCES (OPTIONNEL)", "Enregistrer"):
            assert label in text, label

        def choose(field: str, option: str) -> None:
            page.locator(f"input[id^='{field}-field']").first.click()
            page.keyboard.type(option)
            page.keyboard.press("Enter")

        page.locator("[id^='titre-field']").fill("Atelier essai du formulaire")
        choose("structure", "Le Dôme")
        choose("lieu", "Le Dôme – Caen")
        choose("categories", "Fablab")
        choose("publics", "Tout public")
        choose("inscription", "Sans inscription")
        page.locator("[id^='resume_facile-field']").fill("Vous venez. Vous fabriquez.")
        add = page.get_by_role("button", name="Ajouter une entrée de type séance")
        add.click()  # one of three forms: one-off, series, multi-day course
        assert [m.inner_text() for m in page.get_by_role("menuitem").all()] == ["Séance unique", "Série", "Stage de plusieurs jours"]
        page.get_by_role("menuitem", name="Séance unique").click()
        page.locator("input[type=date][id^='date-field']:visible").first.fill("2026-12-10")
        page.locator("input[type=time][id^='debut-field']").first.fill("14:00")
        page.locator("input[type=time][id^='fin-field']").first.fill("16:00")
        add.click()
        page.get_by_role("menuitem", name="Stage de plusieurs jours").click()
        page.locator("input[type=date][id^='du-field']").last.fill("2027-03-22")
        page.locator("input[type=date][id^='au-field']").last.fill("2027-03-24")
        page.locator("input[type=time][id^='debut-field'] >> visible=true").last.fill("09:00")  # not the folded pause's
        page.locator("input[type=time][id^='fin-field'] >> visible=true").last.fill("17:00")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("Entrée enregistrée").wait_for(timeout=30_000)
        saved = page.evaluate("Object.values(Object.fromEntries(Object.entries(window.repoFilesUnpublished)))")
        assert [e for e in page.console_errors if "404" not in e] == []
    files = {d["path"]: d["content"] for entry in saved for d in entry["diffs"]}
    assert list(files) == ["activities/le-dome/atelier-essai-du-formulaire.md"]
    content = files["activities/le-dome/atelier-essai-du-formulaire.md"]
    assert '""' not in content and "chaque" not in content  # the fields left empty are not written
    assert "type: unique" in content and "type: stage" in content  # Decap's typeKey, accepted by the model
    repo = write_tree(tmp_path / "depot", "small", files=files)
    catalogue, problems, _ = load(repo)
    assert problems == [], "\n".join(map(str, problems)) + "\n" + content
    sessions = catalogue.sessions_of("atelier-essai-du-formulaire")
    assert [(s.start.isoformat(), s.end.isoformat()) for s in sessions] == [
        ("2026-12-10T14:00:00+01:00", "2026-12-10T16:00:00+01:00"),
        *((f"2027-03-{d}T09:00:00+01:00", f"2027-03-{d}T17:00:00+01:00") for d in (22, 23, 24)),
    ]
    assert {s.course for s in sessions[1:]} == {"atelier-essai-du-formulaire-20270322"}


@pytest.mark.parametrize("auth_url, expected", [
    (None, "CMS_AUTH_URL: variable d'environnement absente : CMS_BACKEND=github demande CMS_AUTH_URL"),
    ("https://api.netlify.com", "CMS_AUTH_URL: adresse refusée « https://api.netlify.com »"),
    ("http://auth.example.org", "CMS_AUTH_URL: adresse refusée « http://auth.example.org »"),
])
def test_a_github_build_without_our_own_sign_in_server_is_refused(tmp_path, auth_url, expected):
    """Without CMS_AUTH_URL, Decap sends GitHub sign-in to Netlify's server: the build refuses, in French."""
    env = catalogue_env(CMS_BACKEND="github", GITHUB_REPOSITORY="tp/catalogue")
    env.pop("CMS_AUTH_URL", None)
    if auth_url:
        env["CMS_AUTH_URL"] = auth_url
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(tmp_path / "out")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    assert expected in proc.stderr and "Traceback" not in proc.stderr
    assert "CONTRIBUTING.md, « Se connecter à l'éditeur en ligne »" in proc.stderr
    assert not (tmp_path / "out").exists()
    assert decap.backend_problems({"CMS_BACKEND": "github", "CMS_AUTH_URL": "https://auth.mon-reseau.fr"}) == []
