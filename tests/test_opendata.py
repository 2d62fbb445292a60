"""Open data (issue 19): every file of donnees/ parsed back by an independent reader and checked
against what the content says; data·inclusion records validated by the official v1 models with
warnings on and unknown keys refused; the XLSX read with openpyxl; opening hours evaluated by an
OpenStreetMap opening_hours engine; two builds give the same bytes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta

import jsonschema
import openpyxl
import opening_hours as osm
import pytest
from data_inclusion.schema import v1
from pydantic import ConfigDict, ValidationError

from fixtures import load_catalogue
from catalogue.outputs.opendata import writer
from catalogue.outputs.opendata.datainclusion import SERVICES_FILE, STRUCTURES_FILE
from catalogue.outputs.opendata.openinghours import day_spans
from catalogue.outputs.opendata.tables import ACTIVITIES_CSV, ACTIVITY_COLUMNS, SESSION_COLUMNS, SESSIONS_CSV
from catalogue.outputs.opendata.workbook import WORKBOOK_FILE
from conftest import REPO_ROOT, catalogue_env

TODAY = date(2026, 11, 25)  # conftest.SOURCE_DATE_EPOCH, Paris time


class StrictStructure(v1.Structure):
    model_config = ConfigDict(extra="forbid")


class StrictService(v1.Service):
    model_config = ConfigDict(extra="forbid")


def strict(model, record: dict):
    """The official model, warnings on (`ignore_warnings: False`), no key it does not know."""
    return model.model_validate(record, context={"ignore_warnings": False})


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(REPO_ROOT, TODAY)


@pytest.fixture(scope="module")
def data(built_site) -> dict[str, bytes]:
    folder = built_site / "donnees"
    return {path.relative_to(built_site).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith("\ufeff".encode()), "sans BOM, Excel lit le fichier en Windows-1252"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


# ---- catalogue.json ------------------------------------------------------------------------------


def test_catalogue_json_follows_its_published_schema_and_holds_every_record(data, catalogue, built_site):
    document = json.loads(data["donnees/catalogue.json"])
    schema = json.loads(data["donnees/catalogue.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["licence"]["nom"].startswith("Licence Ouverte") and "etalab.gouv.fr" in document["licence"]["url"]
    assert [s["id"] for s in document["structures"]] == list(catalogue.structures)
    assert [a["id"] for a in document["activites"]] == list(catalogue.activities)
    assert [b["id"] for b in document["badges"]] == list(catalogue.badges)
    assert {p["id"] for p in document["lieux"]} == set(catalogue.places)
    ids = [s["id"] for s in document["seances"]]
    assert len(ids) == len(set(ids)) and ids, "chaque séance a un identifiant unique"
    assert {s["activite"] for s in document["seances"]} <= set(catalogue.activities)
    # every address is a page or file of the built site
    for record in document["activites"] + document["structures"] + document["badges"]:
        path = record["url"].removeprefix("https://territoires-partages.example.org/")
        assert (built_site / path / "index.html").is_file(), record["url"]
    for activity in document["activites"]:
        assert (built_site / activity["calendrier"].removeprefix("https://territoires-partages.example.org/")).is_file()


def test_catalogue_json_schema_refuses_a_wrong_record(data):
    document = json.loads(data["donnees/catalogue.json"])
    schema = json.loads(data["donnees/catalogue.schema.json"])
    document["activites"][0]["inscription"] = "par-pigeon"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_sessions_in_json_are_the_coming_ones_with_their_times(data, catalogue):
    document = json.loads(data["donnees/catalogue.json"])
    coming = [s for s in catalogue.sessions if s.end.date() >= TODAY]
    assert len(document["seances"]) == len(coming)
    first = next(s for s in document["seances"] if s["activite"] == "fablab-ouvert" and not s["annulee"])
    assert first["debut"].endswith("14:00+01:00") and first["duree_minutes"] == 180


# ---- CSV -----------------------------------------------------------------------------------------


def test_csv_tables_open_in_a_french_spreadsheet_and_match_the_json(data, catalogue):
    activities = read_csv(data[ACTIVITIES_CSV])
    sessions = read_csv(data[SESSIONS_CSV])
    assert activities[0] == ACTIVITY_COLUMNS and sessions[0] == SESSION_COLUMNS
    assert [row[0] for row in activities[1:]] == list(catalogue.activities)
    assert all(len(row) == len(ACTIVITY_COLUMNS) for row in activities)
    document = json.loads(data["donnees/catalogue.json"])
    assert [row[0] for row in sessions[1:]] == [s["id"] for s in document["seances"]]
    assert data[ACTIVITIES_CSV].count(b"\r\n") == len(activities), "fins de ligne CRLF (RFC 4180)"
    fablab = dict(zip(activities[0], next(row for row in activities if row[0] == "fablab-ouvert")))
    assert fablab["gratuit"] == "oui" and fablab["heures_par_semaine"] == "3" and fablab["commune"] == "Caen"
    assert fablab["code_insee"] == "14118"
    half = dict(zip(activities[0], next(row for row in activities if row[0] == "cafe-du-coworking")))
    assert half["heures_par_semaine"] == "1,5", "virgule décimale : un nombre pour Excel en français"


# ---- data·inclusion ------------------------------------------------------------------------------


def test_data_inclusion_records_pass_the_official_models_strictly(data, catalogue):
    structures = json.loads(data[STRUCTURES_FILE])
    services = json.loads(data[SERVICES_FILE])
    for record in structures:
        strict(StrictStructure, record)
    for record in services:
        strict(StrictService, record)
    assert [s["id"] for s in services] == list(catalogue.activities), "un service par activité"
    leading = {s for a in catalogue.activities.values() for s in a.organisers}
    assert {s["id"] for s in structures} == leading
    assert {s["structure_id"] for s in services} <= {s["id"] for s in structures}


def test_strict_models_do_refuse_an_unknown_key_and_a_warning(data):
    service = json.loads(data[SERVICES_FILE])[0]
    with pytest.raises(ValidationError):
        strict(StrictService, {**service, "champ_inconnu": 1})
    with pytest.raises(ValidationError, match="point"):
        strict(StrictService, {**service, "nom": service["nom"] + "."})
    with pytest.raises(ValidationError, match="futur"):
        strict(StrictService, {**service, "date_maj": (date.today() + timedelta(days=2)).isoformat()})


def test_a_service_carries_its_place_mapping_and_sign_up(data, catalogue):
    services = {s["id"]: s for s in json.loads(data[SERVICES_FILE])}
    fablab = services["fablab-ouvert"]
    place = catalogue.places["le-dome-caen"]
    assert (fablab["adresse"], fablab["code_postal"], fablab["commune"], fablab["code_insee"]) == (place.address, "14000", "Caen", "14118")
    assert (fablab["latitude"], fablab["longitude"]) == (place.coordinates.lat, place.coordinates.lon)
    assert fablab["type"] == "atelier" and "numerique--maitriser-les-fondamentaux-du-numerique" in fablab["thematiques"]
    assert fablab["publics"] == ["tous-publics"], "« tous-publics » n'est jamais associé à un autre public"
    assert fablab["modes_mobilisation"] == ["se-presenter"] and fablab["mobilisable_par"] == ["professionnels", "usagers"]
    assert fablab["zone_eligibilite"] == ["200065597"]
    assert fablab["volume_horaire_hebdomadaire"] == 3.0 and fablab["nombre_semaines"] >= 20
    referral = services["entretien-d-entree"]
    assert referral["mobilisable_par"] == ["professionnels"] and "Mission locale" in referral["mobilisation_precisions"]
    assert "volume_horaire_hebdomadaire" not in referral, "sans séance datée, pas de durée hebdomadaire"
    evrecy = services["permanence-numerique-evrecy"]
    assert evrecy["zone_eligibilite"] == sorted(["14257", "14623", "14398", "14046", "14254"])  # Verson and Mouen are in Caen la Mer
    for service in services.values():
        assert date.fromisoformat(service["date_maj"]) <= TODAY


def test_opening_hours_say_exactly_when_each_activity_takes_place(data, catalogue):
    """An independent engine (opening-hours-py, the Rust one OSM tools use) reads each value back."""
    services = {s["id"]: s for s in json.loads(data[SERVICES_FILE])}
    checked = 0
    for activity_id, service in services.items():
        expected = day_spans(catalogue.sessions_of(activity_id), TODAY)
        if not expected:
            assert "horaires_accueil" not in service
            continue
        hours = osm.OpeningHours(service["horaires_accueil"])
        end = datetime.combine(max(expected) + timedelta(days=40), datetime.min.time())
        opened: dict[date, list[str]] = {}
        for start, stop, state, _ in hours.intervals(datetime.combine(TODAY, datetime.min.time()), end):
            if state == osm.State.OPEN:
                opened.setdefault(start.date(), []).append(f"{start:%H:%M}-{stop:%H:%M}")
        assert {day: ",".join(spans) for day, spans in opened.items()} == expected, activity_id
        checked += 1
    assert checked > 30


def test_xlsx_has_the_validator_layout_and_the_same_records(data):
    book = openpyxl.load_workbook(io.BytesIO(data[WORKBOOK_FILE]), read_only=True)
    assert book.sheetnames == ["Structures", "Services"]
    for sheet, model, source in (("Structures", StrictStructure, STRUCTURES_FILE), ("Services", StrictService, SERVICES_FILE)):
        rows = list(book[sheet].iter_rows(values_only=True))
        assert list(rows[0]) == list(v1.Structure.model_fields if sheet == "Structures" else v1.Service.model_fields)
        records = json.loads(data[source])
        assert len(rows) - 1 == len(records)
        for row, record in zip(rows[1:], records):
            read = {key: value for key, value in zip(rows[0], row) if value is not None}
            for key, value in record.items():
                if isinstance(value, list):
                    read[key] = read[key].split(", ")
            assert read == record
            strict(model, read)


def test_two_loads_give_the_same_bytes_and_the_xlsx_carries_no_clock(catalogue):
    first = writer.files(catalogue, "https://exemple.fr")
    second = writer.files(load_catalogue(REPO_ROOT, TODAY), "https://exemple.fr")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first[WORKBOOK_FILE])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    latest = max(s["date_maj"] for s in json.loads(first[SERVICES_FILE]))
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{latest}T00:00:00Z" in core


def test_two_builds_give_byte_identical_open_data(tmp_path, built_site):
    output = tmp_path / "again"
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=REPO_ROOT,
                          env=catalogue_env(), capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    for path in sorted((built_site / "donnees").rglob("*")):
        if path.is_file():
            assert (output / path.relative_to(built_site)).read_bytes() == path.read_bytes(), path


# ---- the activity page ---------------------------------------------------------------------------


def test_activity_page_states_its_weekly_hours(built_site):
    html = (built_site / "activites" / "fablab-ouvert" / "index.html").read_text(encoding="utf-8")
    assert '<p class="weekly-hours"><strong>Durée&nbsp;:</strong> 3\u00a0h par semaine, sur ' in html
    footer = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'donnees-ouvertes/">Données ouvertes</a>' in footer
    page = (built_site / "donnees-ouvertes" / "index.html").read_text(encoding="utf-8")
    assert "Licence Ouverte" in page and 'href="../donnees/catalogue.json"' in page

