"""`make serve` and the command line survive any error and say it in French (issue 13).

The preview is started as an editor starts it (`python -m catalogue serve`), a file is broken
and then fixed while it runs; pages are fetched over HTTP as a browser would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from catalogue.cli import main as cli, serve
from catalogue.glue import generator
from catalogue.outputs import text as present
from fixtures import ACTIVITY, STRUCTURE, replace, write_tree

ROOT = Path(__file__).parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
SETTINGS = ROOT / "pelicanconf.py"
DEBUT_LINE = ACTIVITY.split("\n").index('    debut: "14:00"') + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(condition, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError("délai dépassé")


class Text(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.h1 = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("li", "h1"):
            self._in = tag
            if tag == "li":
                self.items.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "li":
            self.items[-1] += data
        elif self._in == "h1":
            self.h1 += data


def test_serve_shows_a_broken_file_in_place_of_the_site_then_rebuilds_after_the_fix(tmp_path):
    repo = write_tree(tmp_path / "repo", "small")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    out, err = (tmp_path / "stdout.txt").open("w+"), (tmp_path / "stderr.txt").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "catalogue", "--root", str(repo), "serve", "--port", str(port),
         "--output", str(tmp_path / "output"), "--settings", str(SETTINGS)],
        stdout=out, stderr=err, env=env, cwd=repo,
    )
    try:
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(fetch(base + "activites/fablab-ouvert/")))
        assert "Fablab ouvert" in body

        (repo / ACT).write_text(replace(ACTIVITY, 'debut: "14:00"', 'debut: "25:00"'), encoding="utf-8")
        status, body = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(base + "activites/fablab-ouvert/")))
        page = Text(body)
        assert page.h1 == "Le site n'a pas pu être reconstruit"
        expected = f"{ACT}:{DEBUT_LINE}: seances[0].debut: heure invalide « 25:00 »"
        assert any(item.startswith(expected) for item in page.items), page.items
        assert fetch(base)[0] == 500  # every page, not only the broken one
        assert process.poll() is None
        err.seek(0)
        assert expected in err.read()

        (repo / ACT).write_text(replace(ACTIVITY, "titre: Fablab ouvert", "titre: Fablab réparé"), encoding="utf-8")
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 and "Fablab réparé" in r[1] else None)(fetch(base + "activites/fablab-ouvert/")))
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)
    out.seek(0), err.seek(0)
    logs = out.read() + err.read()
    assert "Traceback" not in logs
    assert "Site reconstruit" in logs


def broken_writer(catalogue, site_url):
    raise RuntimeError("panne simulée")


def test_a_bug_in_a_writer_does_not_stop_the_preview(tmp_path, monkeypatch, capsys):
    repo = write_tree(tmp_path / "repo", "small")
    output = tmp_path / "output"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    monkeypatch.setattr(generator, "WRITERS", (broken_writer,))
    lines = serve.rebuild(repo, output, SETTINGS)
    assert lines == ["Erreur interne du générateur dans test_serve.broken_writer (RuntimeError: panne simulée). "
                     "Le site précédent est conservé. Relancez avec --debug et signalez-le."]
    shown = capsys.readouterr()
    assert lines[0] in shown.err and "Traceback" not in shown.err + shown.out
    assert Text(serve.error_page(lines).decode()).items == lines
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    assert serve.rebuild(repo, output, SETTINGS) == []
    assert (output / "activites/fablab-ouvert/index.html").is_file()


def test_an_internal_error_names_the_page_being_written(tmp_path, monkeypatch, capsys):
    repo = write_tree(tmp_path / "repo", "small")

    def broken(*args, **kwargs):
        raise ValueError("filtre en panne")

    monkeypatch.setattr(present, "dated_filters", lambda today: {"day_fr": broken})  # the build's dated filters
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    status = cli.main(["--root", str(repo), "build", "--output", str(tmp_path / "output"), "--settings", str(SETTINGS)])
    shown = capsys.readouterr()
    assert status == 2
    assert re.search(r"Erreur interne du générateur en écrivant [a-z0-9/-]*index\.html \(ValueError: filtre en panne\)", shown.err), shown.err
    assert "Traceback" not in shown.err + shown.out
    assert not (tmp_path / "output").exists()


def test_a_logo_with_an_unreadable_view_box_does_not_crash_the_build(tmp_path):
    repo = write_tree(tmp_path / "repo", "small", files={
        "structures/le-dome.md": replace(STRUCTURE, "role: coordinateur", "role: coordinateur\nlogo: logos/le-dome.svg"),
        "structures/logos/le-dome.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 . 10"><title>Le Dôme</title></svg>',
    })
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "build", "--output", str(tmp_path / "output"),
                             "--settings", str(SETTINGS)], capture_output=True, text=True, env=env, cwd=repo, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Erreur interne" not in result.stderr
    assert (tmp_path / "output/structures/le-dome/le-dome.svg").is_file()


def test_a_busy_port_is_said_in_french_before_building(tmp_path):
    repo = write_tree(tmp_path / "repo", "small")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "serve", "--port", str(port),
                                 "--output", str(tmp_path / "output"), "--settings", str(SETTINGS)],
                                capture_output=True, text=True, env=env, cwd=repo, timeout=60)
    assert result.returncode == 1
    assert f"Aperçu impossible sur le port {port}" in result.stderr and f"make serve PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and "Erreur interne" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_the_error_page_shows_each_line_as_text_never_as_markup():
    """A problem quotes what the editor typed: a `<script>` in a title is shown, not run."""
    lines = [f"{ACT}:2: titre: « <script>alert(1)</script> » & co", "", "Corrigez ces lignes puis relancez."]
    page = serve.error_page(lines).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; » &amp; co" in page
    assert Text(page).items == [lines[0], lines[2]]  # blank lines are not items
    assert '<html lang="fr">' in page and '<meta http-equiv="refresh" content="2">' in page


def test_a_content_error_is_returned_as_the_reports_lines_and_the_last_site_is_kept(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    repo = write_tree(tmp_path / "repo", "small", repo=["content"])
    output = tmp_path / "output"
    assert serve.rebuild(repo, output, SETTINGS) == []
    page = (output / "activites/fablab-ouvert/index.html").read_bytes()
    write_tree(repo, "broken")
    lines = serve.rebuild(repo, output, SETTINGS)
    assert f"{ACT}:13: seances[0].debut: heure invalide « 25:00 » : attendu une heure comme \"14:00\" ou 14h30" in lines
    assert lines[-1].startswith("Corrigez ces lignes puis relancez.")
    assert "Le site affiché reste la dernière version valide" in capsys.readouterr().out
    assert (output / "activites/fablab-ouvert/index.html").read_bytes() == page
