"""`make editer`: the form on a clone, saving through Decap's local backend (decap-server). Only that build's
/admin/ page may talk to http://localhost:8081."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from catalogue.outputs import admin as admin_writer
from catalogue.tools import vendor
from catalogue.tools import localedit
from conftest import catalogue_env
from fixtures import SHIPPED, write_tree

ROOT = Path(__file__).parents[1]


def build(output: Path, **env: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=ROOT,
                          env=catalogue_env(**env), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def csp(output: Path) -> str:
    page = (output / "admin/index.html").read_text(encoding="utf-8")
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]


@pytest.fixture(scope="module")
def editor() -> Path:
    try:
        return vendor.vendor_editor()
    except admin_writer.EditorUnavailable as exc:
        pytest.fail(f"éditeur en ligne indisponible : {exc}")


def test_only_the_local_editing_build_allows_the_local_backend(editor, tmp_path):
    build(tmp_path / "publie", CMS_LOCAL_BACKEND="")
    build(tmp_path / "local", CMS_LOCAL_BACKEND="1")
    published, local = csp(tmp_path / "publie"), csp(tmp_path / "local")
    assert "localhost" not in published and "8081" not in published
    assert "local_backend" not in yaml.safe_load((tmp_path / "publie/admin/config.yml").read_text(encoding="utf-8"))
    assert "connect-src 'self' http://localhost:8081 https://gitlab.com;" in local
    assert local.replace(" http://localhost:8081", "") == published  # nothing else is opened
    config = yaml.safe_load((tmp_path / "local/admin/config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"] == {"url": "http://localhost:8081/api/v1"}


@pytest.mark.slow
def test_the_form_saves_into_the_clone_through_decap_server(editor, tmp_path, page_factory):
    from helpers import serve_directory

    try:
        localedit.install_server()
    except admin_writer.EditorUnavailable as exc:
        pytest.fail(f"decap-server indisponible : {exc}")
    clone = write_tree(tmp_path / "copie", repo=SHIPPED)
    output = tmp_path / "output"
    build(output, CMS_LOCAL_BACKEND="1")
    server = localedit.start_server(clone)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen("http://localhost:8081/api/v1", data=b'{"action":"info"}', timeout=2)
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP answer: the server is up
                    break
                time.sleep(0.2)
        with serve_directory(output) as base_url:
            page = page_factory(width=1280, height=1600)
            local_url = base_url.replace("127.0.0.1", "localhost")
            page.goto(local_url + "admin/")
            page.get_by_role("button", name=re.compile("Se connecter")).click(timeout=60_000)
            page.get_by_text("Collections").first.wait_for(timeout=60_000)
            page.goto(local_url + "admin/#/collections/badges/entries/fabriquer-au-fablab")
            name = page.locator("[id^='nom-field']").first
            name.wait_for(timeout=60_000)
            name.press("End")
            page.keyboard.type(" bis")
            # decap-server writes files (no branches): the form switches to the "simple" mode, without drafts
            page.get_by_role("button", name="Publier", exact=True).click()
            page.get_by_text("Publier maintenant").click()
            path = clone / "badges/fabriquer-au-fablab.md"
            original = (ROOT / "badges/fabriquer-au-fablab.md").read_text(encoding="utf-8")
            for _ in range(150):
                if path.read_text(encoding="utf-8") != original:
                    break
                time.sleep(0.2)
            assert [u for u in page.requested_urls if "8081" in u], "the form never reached decap-server"
    finally:
        server.terminate()
        server.wait(timeout=10)
    saved = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), saved.splitlines()) if a != b]
    assert len(saved.splitlines()) == len(original.splitlines()) and len(changed) == 1, changed
    assert changed[0][1] == changed[0][0] + " bis"
