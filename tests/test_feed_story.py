"""A partner edits over many commits; after each, what do subscribers' calendars read?

The story of issue 16: build; commit a move, a second move, a direct time edit, a cancellation
then its reinstatement, a title change, a structure rename, a vocabulary rename, an activity
deletion; then a shallow clone. After each step every feed is read with four independent
parsers (icalendar, vobject, recurring-ical-events and ical.js, Thunderbird's), and the events are compared with the previous step's: UIDs continue, SEQUENCE rises
for the changed events only, LAST-MODIFIED is present, a deleted activity's future sessions
are cancelled, and no feed that existed disappears. `make diff` tells each step in words.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from catalogue.tools import diff
from catalogue.outputs.ical import feedstates
from catalogue.outputs.ical.versions import History
from feeds_helpers import SITE, load_ok
from fixtures import read, write_tree
from ics_readers import read_icalendar, read_icaljs_many

TODAY = date(2026, 11, 25)
START = 1790000000  # the first commit's time; each step is a day later
DOMAIN = "@territoires-partages.example.org"

ATELIER_PATH = "activities/le-dome/atelier-velo.md"


class Repo:
    def __init__(self, root: Path, home: Path):
        self.root, self.step = root, 0
        self.env = {"GIT_AUTHOR_NAME": "Partenaire", "GIT_AUTHOR_EMAIL": "p@example.org", "GIT_COMMITTER_NAME": "Partenaire",
                    "GIT_COMMITTER_EMAIL": "p@example.org", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
                    "PATH": os.environ["PATH"]}

    def git(self, *args: str, when: int | None = None, cwd: Path | None = None) -> str:
        extra = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"} if when else {}
        return subprocess.run(["git", "-C", str(cwd or self.root), *args], check=True, capture_output=True, text=True,
                              env={**self.env, **extra}).stdout

    def edit(self, path: str, old: str, new: str) -> None:
        target = self.root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> int:
        self.step += 1
        when = START + self.step * 86400
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)
        return when


def read_all(data: bytes) -> dict[str, dict]:
    """Each event by UID, read by icalendar; vobject and recurring-ical-events must agree on it."""
    calendar = icalendar.Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])] = {
            "start": event.decoded("DTSTART").astimezone(timezone.utc), "end": event.decoded("DTEND").astimezone(timezone.utc),
            "sequence": int(event["SEQUENCE"]), "status": str(event["STATUS"]), "summary": str(event["SUMMARY"]),
            "modified": event.decoded("LAST-MODIFIED"), "stamp": event.decoded("DTSTAMP"), "description": str(event["DESCRIPTION"]),
        }
    other = vobject.readOne(data.decode("utf-8"))
    seen = {e.uid.value: (e.dtstart.value.astimezone(timezone.utc), int(e.sequence.value), e.status.value)
            for e in getattr(other, "vevent_list", [])}
    assert seen == {uid: (e["start"], e["sequence"], e["status"]) for uid, e in found.items()}
    occurrences = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2029, 1, 1))
    assert {(str(e["UID"]), e["DTSTART"].dt.astimezone(timezone.utc)) for e in occurrences} == \
        {(uid, e["start"]) for uid, e in found.items()}
    return found


def icaljs_agrees(files: dict[str, bytes], folder: Path) -> None:
    """ical.js reads every feed as icalendar does: same UIDs, titles, statuses and UTC instants."""
    folder.mkdir(parents=True, exist_ok=True)
    named = sorted(files.items())
    paths = [folder / f"{index}.ics" for index in range(len(named))]
    for target, (_, data) in zip(paths, named):
        target.write_bytes(data)
    read = read_icaljs_many(paths)
    for target, (path, data) in zip(paths, named):
        assert read[str(target)] == read_icalendar(data), path


def build(root: Path, environ: dict | None = None, today: date = TODAY) -> tuple[dict[str, bytes], History]:
    catalogue = load_ok(root, today)
    history = feedstates.content_history(catalogue, SITE, environ if environ is not None else {})
    from catalogue.outputs.ical import feeds

    return feeds.feed_files(catalogue, SITE, history), history


@pytest.fixture
def repo(tmp_path) -> Repo:
    root = write_tree(tmp_path / "depot", "network", "story")
    repo = Repo(root, tmp_path)
    repo.git("init", "-q", "-b", "main")
    repo.commit("Contenu de départ")
    return repo


def test_the_story_of_a_partner_editing_over_many_commits(repo):
    files, _ = build(repo.root)
    before = {path: read_all(data) for path, data in files.items()}
    tout = before["calendriers/tout.ics"]
    velo = "atelier-velo-20261210" + DOMAIN
    assert velo in tout and tout[velo]["sequence"] == 0
    assert all(e["modified"] == datetime.fromtimestamp(START + 86400, timezone.utc) for e in tout.values())

    def step(message: str, changed: set[str], edit) -> dict[str, dict]:
        nonlocal before
        base = repo.git("rev-parse", "HEAD").strip()
        edit()
        when = repo.commit(message)
        files, _ = build(repo.root)
        assert set(before) <= set(files), f"{message}: a feed disappeared"
        after = {path: read_all(data) for path, data in files.items()}
        icaljs_agrees(files, repo.root.parent / f"icaljs-{repo.step}")
        for path, events in before.items():
            assert set(events) <= set(after[path]), f"{message}: {path} lost {set(events) - set(after[path])}"
            for uid, old in events.items():
                new = after[path][uid]
                if uid in changed:
                    assert new["sequence"] > old["sequence"], (message, uid)
                    assert new["modified"] == new["stamp"] == datetime.fromtimestamp(when, timezone.utc), (message, uid)
                else:
                    assert new == old, (message, uid)
        repo.git("branch", "-f", "avant", base)
        summary = diff.summarise(repo.root, "avant", TODAY)
        before = after
        return {"text": diff.render_text(summary), "events": after["calendriers/tout.ics"], "summary": summary}

    seen = step("Séance du 10 déplacée", {velo}, lambda: repo.edit(
        ATELIER_PATH, '  - date: 2026-12-10\n    debut: "14:00"\n    fin: "16:00"\n',
        '  - date: 2026-12-10\n    debut: "14:00"\n    fin: "16:00"\n    changement: {date: 2026-12-11, motif: Salle prise}\n'))
    assert seen["events"][velo]["start"] == datetime(2026, 12, 11, 13, tzinfo=timezone.utc)
    assert "déplacée" in seen["text"] and "Salle prise" in seen["text"]

    seen = step("Déplacée une deuxième fois", {velo}, lambda: repo.edit(
        ATELIER_PATH, "changement: {date: 2026-12-11, motif: Salle prise}", "changement: {date: 2026-12-12, motif: Salle prise}"))
    assert seen["events"][velo]["sequence"] == 2
    assert "Déplacée : était le vendredi 11 décembre 2026, 14:00–16:00" in seen["events"][velo]["description"]

    second = "atelier-velo-20261217" + DOMAIN
    seen = step("Heure changée directement", {second}, lambda: repo.edit(
        ATELIER_PATH, '  - date: 2026-12-17\n    debut: "14:00"\n    fin: "16:00"\n', '  - date: 2026-12-17\n    debut: "15:00"\n    fin: "17:00"\n'))
    assert seen["events"][second]["start"] == datetime(2026, 12, 17, 14, tzinfo=timezone.utc)
    assert "1 déplacée" in seen["text"] and "0 retirée" in seen["text"] and "0 ajoutée" in seen["text"]

    cancelled = "atelier-velo-20270112" + DOMAIN
    seen = step("Annulation du 12 janvier", {cancelled}, lambda: repo.edit(
        ATELIER_PATH, '    fin: "12:00"\n---', '    fin: "12:00"\n    annulations:\n      - {date: 2027-01-12, motif: Formation}\n---'))
    assert seen["events"][cancelled]["status"] == "CANCELLED" and seen["events"][cancelled]["summary"].startswith("ANNULÉ – ")
    assert "annulée" in seen["text"]

    seen = step("Annulation levée", {cancelled}, lambda: repo.edit(
        ATELIER_PATH, "    annulations:\n      - {date: 2027-01-12, motif: Formation}\n", ""))
    assert seen["events"][cancelled]["status"] == "CONFIRMED" and seen["events"][cancelled]["sequence"] == 2
    assert "rétablie" in seen["text"]

    velo_all = {uid for uid in seen["events"] if uid.startswith("atelier-velo-")}
    seen = step("Nouveau titre", velo_all, lambda: repo.edit(ATELIER_PATH, "titre: Atelier vélo", "titre: Répar'vélo"))
    assert all(seen["events"][uid]["summary"] == "Répar'vélo" for uid in velo_all)
    assert "titre changé" in seen["text"] and "séances modifiées" in seen["text"]

    seen = step("Le Dôme change de nom", velo_all, lambda: repo.edit("structures/le-dome.md", "nom: Le Dôme", "nom: Le Dôme – tiers-lieu"))
    assert "Le Dôme – tiers-lieu" in seen["events"][velo]["description"]
    assert "séances modifiées (titre, lieu ou texte)" in seen["text"]

    cuisine = {uid for uid in seen["events"] if uid.startswith("cuisine-en-equipe-")}
    seen = step("Catégorie renommée", cuisine, lambda: repo.edit("vocabulaire.yml", "cuisine: {nom: Cuisine}", "cuisine: {nom: Cuisine et repas}"))
    assert "Cuisiner en équipe — activities/cuisine-solidaire/cuisine-en-equipe.md" in seen["text"]
    assert f"{len(cuisine)} séances modifiées" in seen["text"]

    future_velo = {uid for uid, e in seen["events"].items() if uid.startswith("atelier-velo-")}
    seen = step("Activité supprimée", future_velo, lambda: (repo.root / ATELIER_PATH).unlink())
    for uid in future_velo:
        assert seen["events"][uid]["status"] == "CANCELLED"
        assert seen["events"][uid]["summary"] == "ANNULÉ – activité arrêtée – Répar'vélo"
    assert "supprimé alors qu'il a" in seen["text"] and "arret:" in seen["text"]

    files, _ = build(repo.root)
    ended = read_all(files["calendriers/activite/atelier-velo.ics"])
    assert set(ended) == future_velo and {e["status"] for e in ended.values()} == {"CANCELLED"}
    assert "n'est plus mis à jour" in icalendar.Calendar.from_ical(files["calendriers/activite/atelier-velo.ics"])["DESCRIPTION"]


def test_two_builds_of_one_commit_on_different_days_are_byte_identical(repo):
    first, _ = build(repo.root, today=date(2026, 11, 25))
    second, _ = build(repo.root, today=date(2026, 11, 26))
    assert first == second


def test_a_shallow_clone_says_its_history_is_incomplete(repo, tmp_path):
    repo.edit(ATELIER_PATH, "titre: Atelier vélo", "titre: Répar'vélo")
    repo.commit("Nouveau titre")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True, capture_output=True, env=repo.env)
    _, full = build(repo.root)
    _, shallow = build(clone)
    assert full.complete and full.note is None
    assert not shallow.complete and "clone git partiel" in shallow.note and "git fetch --unshallow" in shallow.note
    _, tarball = build(write_tree(tmp_path / "archive", "network", files={ATELIER_PATH: read("story", ATELIER_PATH)}))
    assert not tarball.complete and "pas d'historique git" in tarball.note


def test_a_stopped_activity_announces_its_sessions_as_cancelled(repo):
    repo.edit(ATELIER_PATH, "resume_facile:", "arret: {date: 2027-01-01, motif: fin du financement}\nresume_facile:")
    repo.commit("Arrêt de l'atelier")
    files, _ = build(repo.root)
    events = read_all(files["calendriers/activite/atelier-velo.ics"])
    for uid, event in events.items():
        stopped = event["start"] >= datetime(2027, 1, 1, tzinfo=timezone.utc)
        assert (event["status"] == "CANCELLED") == stopped, uid
        if stopped:
            assert "Activité arrêtée : fin du financement" in event["description"] and event["sequence"] >= 1


def test_a_renamed_activity_keeps_its_uids_with_its_former_id(repo):
    files, _ = build(repo.root)
    old = set(read_all(files["calendriers/tout.ics"]))
    text = (repo.root / ATELIER_PATH).read_text(encoding="utf-8").replace("titre:", "ancien_identifiant: atelier-velo\ntitre:")
    (repo.root / ATELIER_PATH).unlink()
    (repo.root / "activities/le-dome/repar-velo.md").write_text(text, encoding="utf-8")
    repo.commit("Renommage du fichier")
    files, _ = build(repo.root)
    assert set(read_all(files["calendriers/tout.ics"])) == old
    assert {e["status"] for e in read_all(files["calendriers/activite/repar-velo.ics"]).values()} == {"CONFIRMED"}


def test_structures_keep_their_feed_after_removal(repo):
    for path in (repo.root / "activities/cuisine-solidaire").iterdir():
        path.unlink()
    (repo.root / "structures/cuisine-solidaire.md").unlink()
    repo.commit("La cuisine solidaire quitte le programme")
    files, _ = build(repo.root)
    assert "calendriers/structure/cuisine-solidaire.ics" in files
    assert "calendriers/territoire/vallees-orne-odon.ics" in files
    statuses = {e["status"] for e in read_all(files["calendriers/structure/cuisine-solidaire.ics"]).values()}
    assert statuses == {"CANCELLED"}


def test_publishing_without_the_whole_history_is_refused_in_french(tmp_path):
    root = Path(__file__).resolve().parent.parent
    content = write_tree(tmp_path / "archive", "network", files={ATELIER_PATH: read("story", ATELIER_PATH)})
    env = {**os.environ, "PYTHONPATH": str(root / "plugins"), "SITE_ABSOLUTE_URL": "https://catalogue.example.org"}
    env.pop("CI", None)
    proc = subprocess.run([os.sys.executable, "-m", "catalogue", "--root", str(content), "build", "--output", str(tmp_path / "site"),
                           "--settings", "publishconf.py"], cwd=root, capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "historique: pas d'historique git" in proc.stderr and "site à publier non construit" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "site").exists()
