"""Fixtures partagées des tests du catalogue Territoires Partagés.

- `repo_root` : racine du dépôt.
- `built_site` : le site construit une fois par session (`python -m catalogue build`).
- `site_server` : URL d'un serveur HTTP local qui sert `built_site`.
- `browser` / `page_factory` : Chromium de Debian (/usr/bin/chromium) piloté par
  Playwright (API synchrone). Tout test qui les utilise reçoit le marqueur `browser`.
- `artifacts_dir` : tests/artifacts/ (captures d'écran, rapports ; ignoré par git).

Jamais `playwright install` : le navigateur vient de Debian (scripts/install-test-deps).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import external_requests, serve_directory

REPO_ROOT = Path(__file__).resolve().parent.parent

# Date de construction figée : 2026-11-25T00:00:00Z, pour des sorties reproductibles.
SOURCE_DATE_EPOCH = 1795564800

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT_HEIGHT = 800


def pytest_collection_modifyitems(config, items):
    """Marque `browser` tout test qui utilise (même indirectement) la fixture `browser`."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------
# Dépôt et site construit
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def artifacts_dir(repo_root) -> Path:
    path = repo_root / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def catalogue_env(**extra: str) -> dict[str, str]:
    """Environnement pour lancer `python -m catalogue` depuis les tests."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT / "plugins")
    env["SOURCE_DATE_EPOCH"] = str(SOURCE_DATE_EPOCH)
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Construit tout le site une fois pour la session ; renvoie le dossier de sortie."""
    output = tmp_path_factory.mktemp("site") / "output"
    proc = subprocess.run(
        [sys.executable, "-m", "catalogue", "build", "--output", str(output)],
        cwd=REPO_ROOT,
        env=catalogue_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, (
        f"`python -m catalogue build` a échoué (code {proc.returncode})\n"
        f"--- stderr ---\n{proc.stderr}\n--- stdout ---\n{proc.stdout}"
    )
    assert output.is_dir(), f"la construction n'a pas créé {output}"
    return output


@pytest.fixture(scope="session")
def site_server(built_site):
    """URL de base (finie par '/') d'un serveur HTTP local qui sert le site construit."""
    with serve_directory(built_site) as base_url:
        yield base_url


# --------------------------------------------------------------------------
# Navigateur
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} introuvable : lancez scripts/install-test-deps (ou make test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page_factory(browser):
    """Fabrique de pages : `page_factory(width=360, javascript=False)`.

    Chaque page a son propre contexte (viewport `width` x 800, JavaScript
    activé ou non, locale fr-FR, fuseau Europe/Paris) et porte :
      - `page.requested_urls` : toutes les URL demandées par la page ;
      - `page.console_errors` : erreurs de la console et exceptions JS.
    À la fin du test, toute requête vers un autre hôte que la machine locale
    fait échouer le test (sauf `allow_external=True`).
    """
    opened = []

    def make(
        width: int = 1280,
        javascript: bool = True,
        *,
        height: int = VIEWPORT_HEIGHT,
        allow_external: bool = False,
        **context_options,
    ):
        context_options.setdefault("locale", "fr-FR")
        context_options.setdefault("timezone_id", "Europe/Paris")
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            **context_options,
        )
        page = context.new_page()
        page.requested_urls = []
        page.console_errors = []
        context.on("request", lambda request: page.requested_urls.append(request.url))
        page.on(
            "console",
            lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        opened.append((context, page, allow_external))
        return page

    yield make

    problems = []
    for context, page, allow_external in opened:
        if not allow_external:
            problems += external_requests(page.requested_urls)
        context.close()
    assert not problems, "requêtes vers un hôte non local :\n" + "\n".join(problems)
