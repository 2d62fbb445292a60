"""Issue 15, what `check` says about sessions: wrong workarounds get a hint to the proper way, impossible or
contradictory sessions an error in French with file, line, field and the fix, and "did you mean" only ever
suggests a field allowed where the unknown one was typed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import catalogue_env
from fixtures import write_tree

PATH = "activities/le-dome/essai.md"

# The head of an activity of the small tree, before its sessions.
HEAD = """\
---
titre: {title}
structure: le-dome
lieu: le-dome-caen
categories: [fablab]
publics: [tout-public]
gratuit: oui
inscription: {join}
resume_facile: Vous venez. Vous fabriquez.
"""


def check(tmp_path, sessions: str, extra: str = "") -> tuple[int, list[str]]:
    """`check` on one activity whose `seances` block is `sessions`; (exit code, lines about that file)."""
    text = HEAD.format(title="Essai", join="libre") + extra + sessions + "---\n"
    root = write_tree(tmp_path / "depot", "small", files={PATH: text})
    proc = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "check"], capture_output=True,
                          text=True, env=catalogue_env(), cwd=root, timeout=120)
    assert "Traceback" not in proc.stderr
    return proc.returncode, [line for line in proc.stderr.splitlines() if line.startswith(PATH)]


HINTS = [
    ("23:59", 'seances:\n  - {date: 2026-12-12, debut: "20:00", fin: "23:59"}\n',
     f'{PATH}:11: seances[0].fin: attention : fin à 23:59 : si la séance finit à minuit, écrivez fin: "00:00"'),
    ("series split by hand", "seances:\n"
     '  - {chaque: mardi, du: 2026-12-01, au: 2027-02-09, debut: "14:00", fin: "16:00"}\n'
     '  - {chaque: mardi, du: 2027-03-02, au: 2027-06-29, debut: "14:00", fin: "16:00"}\n',
     f"{PATH}:12: seances[1].du: attention : cette série reprend la série seances[0] avec les mêmes jours et heures : "
     "gardez une seule série (du 2026-12-01 au 2027-06-29) et mettez la coupure dans « sauf », comme « - du 2027-02-10 au 2027-03-01 »"),
    ("cancellations in a row", "seances:\n"
     '  - chaque: mardi\n    du: 2026-12-01\n    au: 2027-06-29\n    debut: "14:00"\n    fin: "16:00"\n    annulations:\n'
     + "".join(f"      - {{date: 2027-02-{d}, motif: Vacances}}\n" for d in ("09", "16", "23")),
     f"{PATH}:17: seances[0].annulations[0]: attention : 3 annulations de suite avec le même motif (09/02/2027 – 23/02/2027) : "
     "écrivez plutôt une période, « sauf: - du 2027-02-09 au 2027-02-23 »"),
]


@pytest.mark.parametrize("label, sessions, expected", HINTS, ids=[h[0] for h in HINTS])
def test_wrong_workarounds_get_a_hint_and_check_passes(tmp_path, label, sessions, expected):
    code, lines = check(tmp_path, sessions)
    assert code == 0
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_two_cancellations_or_different_reasons_are_no_workaround(tmp_path):
    sessions = ("seances:\n  - chaque: mardi\n    du: 2026-12-01\n    au: 2027-06-29\n    debut: \"14:00\"\n    fin: \"16:00\"\n"
                "    annulations:\n      - {date: 2027-02-09, motif: Grève}\n      - {date: 2027-02-16, motif: Vacances}\n"
                "      - {date: 2027-02-23, motif: Vacances}\n      - {date: 2027-03-09, motif: Vacances}\n")
    code, lines = check(tmp_path, sessions)
    assert (code, lines) == (0, [])


ERRORS = [
    ("a change with only a reason (one-off)",
     'seances:\n  - date: 2026-12-12\n    debut: "10:00"\n    fin: "12:00"\n    changement: {motif: Salle prise}\n',
     f"{PATH}:14: seances[0].changement: ce changement ne dit pas ce qui change (ni date, ni heure, ni lieu, ni statut) : "
     "pour donner une information sur cette séance, écrivez-la dans « note »"),
    ("a change with only a reason (series)",
     'seances:\n  - chaque: mardi\n    du: 2026-12-01\n    au: 2027-06-29\n    debut: "14:00"\n    fin: "16:00"\n'
     "    changements:\n      - {date: 2027-01-12, motif: Salle prise}\n",
     f"{PATH}:17: seances[0].changements[0]: ce changement ne dit pas ce qui change"),
    ("an end before the start that is no night",
     'seances:\n  - {date: 2026-12-12, debut: "14:00", fin: "12:00"}\n',
     f"{PATH}:11: seances[0].fin: l'heure de fin (12:00) doit être après l'heure de début (14:00) ; une séance qui finit "
     'après minuit (fin au plus tard à 06:00, 12 h au plus) s\'écrit avec l\'heure réelle, comme debut: "22:00" et fin: "01:00"'),
    ("a break outside the session",
     'seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00", pause: {debut: "12:30", fin: "13:30"}}\n',
     f"{PATH}:11: seances[0].pause: la pause (12:30 – 13:30) doit être pendant la séance (09:00 – 12:00)"),
    ("an all-day session with hours",
     'seances:\n  - {date: 2026-12-12, toute_la_journee: oui, debut: "09:00"}\n',
     f"{PATH}:11: seances[0].toute_la_journee: une séance « toute_la_journee: oui » n'a pas d'heures"),
    ("a course starting on a Saturday",
     'seances:\n  - {type: stage, du: 2026-12-12, au: 2026-12-15, debut: "09:00", fin: "17:00"}\n',
     f"{PATH}:11: seances[0].du: le stage commence ou finit un samedi ou un dimanche : ajoutez « week_end: oui »"),
    ("a course of a month",
     'seances:\n  - {type: stage, du: 2026-12-07, au: 2027-01-08, debut: "09:00", fin: "17:00"}\n',
     f"{PATH}:11: seances[0].au: stage trop long (plus de 14 jours)"),
    ("an unknown kind of session",
     'seances:\n  - {type: atelier, date: 2026-12-12, debut: "09:00", fin: "12:00"}\n',
     f"{PATH}:11: seances[0]: type de séance inconnu : attendu unique (une date), serie (chaque semaine ou chaque mois) ou stage"),
    ("every two weeks and a monthly rank",
     'seances:\n  - {chaque: premier samedi, toutes_les: 2, du: 2026-12-01, au: 2027-06-29, debut: "14:00", fin: "16:00"}\n',
     f"{PATH}:11: seances[0].toutes_les: « toutes_les » compte des semaines et ne va pas avec « rang »"),
    ("a holiday period without any session",
     'seances:\n  - chaque: mardi\n    du: 2026-12-01\n    au: 2027-06-29\n    debut: "14:00"\n    fin: "16:00"\n'
     "    sauf:\n      - du 2027-02-10 au 2027-02-15\n",
     f"{PATH}:17: seances[0].sauf[0]: aucune séance de la série entre le mercredi 10 février 2027 et le lundi 15 février 2027"),
    ("a cancellation inside an interruption",
     'seances:\n  - chaque: mardi\n    du: 2026-12-01\n    au: 2027-06-29\n    debut: "14:00"\n    fin: "16:00"\n'
     "    interruptions:\n      - {du: 2027-02-01, motif: Travaux}\n    annulations:\n      - {date: 2027-03-02, motif: Grève}\n",
     f"{PATH}:19: seances[0].annulations[0].date: le mardi 2 mars 2027 apparaît deux fois dans sauf, interruptions, annulations ou changements"),
    ("dates and no dates at once",
     'seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00"}\n',
     f"{PATH}:10: sans_dates: « sans_dates » et « seances » ensemble"),
    ("a template placeholder",
     'seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00", note: "À COMPLÉTER"}\n',
     f"{PATH}:11: seances[0].note: texte « À COMPLÉTER » du modèle encore présent : remplacez-le par le vrai texte"),
]


@pytest.mark.parametrize("label, sessions, expected", ERRORS, ids=[e[0] for e in ERRORS])
def test_impossible_sessions_are_errors_with_the_fix(tmp_path, label, sessions, expected):
    extra = "sans_dates: {mode: rendez-vous, comment: Appelez.}\n" if label == "dates and no dates at once" else ""
    code, lines = check(tmp_path, sessions, extra)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("sessions, typed, suggested", [
    ('seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00", annulations: Grève}\n', "annulations", "annulation"),
    ('seances:\n  - {chaque: mardi, du: 2026-12-01, au: 2027-06-29, debut: "14:00", fin: "16:00", annulation: Grève}\n', "annulation", "annulations"),
    ('seances:\n  - {chaque: mardi, du: 2026-12-01, au: 2027-06-29, debut: "14:00", fin: "16:00", dates: x}\n', "dates", None),
    ('places: 8\nseances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00"}\n', "places", None),
    ('seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00", sauf: x}\n', "sauf", None),
    ('seances:\n  - {date: 2026-12-12, debut: "09:00", fin: "12:00", statu: complet}\n', "statu", "statut"),
])
def test_did_you_mean_only_suggests_a_field_allowed_there(tmp_path, sessions, typed, suggested):
    code, lines = check(tmp_path, sessions)
    assert code == 1
    line = next(line for line in lines if f"champ inconnu « {typed} »" in line)
    if suggested:
        assert f"Vouliez-vous dire « {suggested} » ?" in line
    else:
        assert "Vouliez-vous dire" not in line
    allowed = line.split("Champs possibles : ", 1)[1]
    assert typed not in allowed.replace(",", " ").split()
