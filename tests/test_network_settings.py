"""The network's identity comes from pelicanconf.py (CATALOGUE_NETWORK), not from the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import icalendar

from conftest import catalogue_env

ROOT = Path(__file__).parents[1]

OTHER = {
    "site_name": "Réseau Voisin",
    "region": "Pays de Falaise",
    "prodid": "-//Reseau Voisin//Agenda 2.0//FR",
    "uid_domain": "reseau-voisin",
    "badge_tag": "Réseau Voisin",
    "editor_title": "Éditeur – Réseau Voisin",
}


def build(tmp_path: Path, extra: str) -> subprocess.CompletedProcess:
    settings = tmp_path / "autre.py"
    settings.write_text(f"import os, sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                        f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n{extra}\n",
                        encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(tmp_path / "out"),
                           "--settings", str(settings)], cwd=ROOT, env=catalogue_env(), capture_output=True,
                          text=True, timeout=600)


def test_another_network_gets_its_own_names_uids_and_tags(tmp_path):
    proc = build(tmp_path, f"CATALOGUE_NETWORK = {OTHER!r}")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    feed = icalendar.Calendar.from_ical((out / "calendriers/tout.ics").read_bytes())
    assert str(feed["PRODID"]) == OTHER["prodid"]
    assert str(feed["X-WR-CALNAME"]).startswith("Réseau Voisin – ")
    assert "(Pays de Falaise)" in str(feed["DESCRIPTION"])
    uids = [str(e["UID"]) for e in feed.walk("VEVENT")]
    assert uids and all(uid.endswith("@reseau-voisin") for uid in uids)
    badge = json.loads((out / "badges/jardiner-au-potager/badgeclass.json").read_text(encoding="utf-8"))
    assert badge["tags"] == ["Potager", "Réseau Voisin"]
    assert "<title>Éditeur – Réseau Voisin</title>" in (out / "admin/index.html").read_text(encoding="utf-8")


def test_unknown_keys_and_time_zones_are_refused_in_french(tmp_path):
    proc = build(tmp_path, "CATALOGUE_NETWORK = {'nom_du_site': 'x'}")
    assert proc.returncode == 1 and "pelicanconf.py: CATALOGUE_NETWORK : clé(s) inconnue(s) nom_du_site" in proc.stderr
    proc = build(tmp_path, "TIMEZONE = 'America/Cayenne'")
    assert proc.returncode == 1 and "TIMEZONE = 'America/Cayenne'" in proc.stderr and "Traceback" not in proc.stderr
