"""`make editer`: the form editor on a clone, saving straight into its files, for the coordination team.

Decap's local backend: `decap-server` (from the npm registry, pinned and checked against its sha512
like the vendored editor, installed under `.cache/decap-server/<version>/`) serves the clone's files
on http://localhost:8081; the site preview (`catalogue serve`) is built with CMS_LOCAL_BACKEND=1,
which is the only build whose /admin/ page allows that address (outputs/admin.py, content_security_policy).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Mapping

from ..outputs.admin import EditorUnavailable
from ..settings import cache_root
from ..outputs.decap import LOCAL_BACKEND_PORT
from .vendor import integrity_of, vendor_editor

DECAP_SERVER_VERSION = "3.11.3"
DECAP_SERVER_INTEGRITY = "sha512-/bn/YsENh3hUl11ijNBkFleuk+ihz6/2YkuXb8pTwu59RU6MMTxjhvGwye2zHUSV5Nqzona9kOjAh7AVmQzB3Q=="


def server_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return cache_root(environ) / "decap-server" / DECAP_SERVER_VERSION


def _npm(environ: Mapping[str, str]) -> str:
    npm = shutil.which("npm", path=environ.get("PATH", os.defpath))
    if not npm:
        raise EditorUnavailable("npm est introuvable : installez Node.js et npm (sudo apt-get install nodejs npm), "
                                "puis relancez « make editer »")
    return npm


def install_server(environ: Mapping[str, str] = os.environ) -> Path:
    """decap-server installed once into the cache; returns the script to run with node."""
    target = server_dir(environ)
    script = target / "node_modules" / "decap-server" / "dist" / "index.js"
    if (target / ".complete").is_file() and script.is_file():
        return script
    npm = _npm(environ)
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false",
           "npm_config_audit": "false", "npm_config_loglevel": "error"}
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".telechargement-") as scratch:
        def npm_run(*args: str) -> None:
            try:
                proc = subprocess.run([npm, *args], capture_output=True, text=True, timeout=900, check=False,
                                      env=env, cwd=scratch)
            except (OSError, subprocess.SubprocessError) as exc:
                raise EditorUnavailable(f"npm n'a pas pu installer decap-server@{DECAP_SERVER_VERSION} ({exc})") from None
            if proc.returncode != 0:
                detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["sans message"]
                raise EditorUnavailable(f"npm n'a pas pu installer decap-server@{DECAP_SERVER_VERSION} ({detail[0]}) : "
                                        "vérifiez l'accès au registre npm, puis relancez « make editer »")

        npm_run("pack", f"decap-server@{DECAP_SERVER_VERSION}", "--pack-destination", scratch, "--ignore-scripts")
        tarballs = sorted(Path(scratch).glob("decap-server-*.tgz"))
        if not tarballs or integrity_of(tarballs[0].read_bytes()) != DECAP_SERVER_INTEGRITY:
            raise EditorUnavailable(f"le paquet decap-server@{DECAP_SERVER_VERSION} téléchargé n'a pas l'empreinte "
                                    "attendue : il n'a pas été installé")
        staging = Path(scratch) / "installation"
        staging.mkdir()
        # its dependencies come with the registry's own integrity checks (npm verifies each tarball)
        npm_run("install", "--prefix", str(staging), "--ignore-scripts", "--no-save", "--omit=dev", str(tarballs[0]))
        if not (staging / "node_modules" / "decap-server" / "dist" / "index.js").is_file():
            raise EditorUnavailable(f"decap-server@{DECAP_SERVER_VERSION} installé sans son programme dist/index.js")
        (staging / ".complete").write_text(json.dumps({"version": DECAP_SERVER_VERSION,
                                                       "integrity": DECAP_SERVER_INTEGRITY}) + "\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return script


def start_server(root: Path, environ: Mapping[str, str] = os.environ) -> subprocess.Popen:
    """decap-server on localhost:8081, reading and writing the files of `root` (no git commit: `git diff` shows all)."""
    script = install_server(environ)
    node = shutil.which("node", path=environ.get("PATH", os.defpath)) or shutil.which("nodejs") or "node"
    env = {**os.environ, "PORT": str(LOCAL_BACKEND_PORT), "GIT_REPO_DIRECTORY": str(root.resolve()), "MODE": "fs",
           "LOG_LEVEL": "warn"}
    return subprocess.Popen([node, str(script)], cwd=root, env=env)


def edit_locally(root: Path, output: Path, settings: Path, port: int, serve: Callable[[Path, Path, Path, int], int]) -> int:
    """`make editer`: decap-server, then the preview (`serve`, the command line's) built with the local backend;
    both stop on Ctrl+C."""
    try:
        vendor_editor()
        server = start_server(root)
    except EditorUnavailable as exc:
        print(f"Éditeur local non démarré : {exc}")
        return 1
    os.environ["CMS_LOCAL_BACKEND"] = "1"
    print(f"Éditeur local : http://localhost:{port}/admin/ (les enregistrements écrivent dans {root.resolve()}) ; "
          f"aperçu : http://localhost:{port}/ ; Ctrl+C pour arrêter.")
    try:
        return serve(root, output, settings, port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
