"""Local preview: build, serve output/ on 127.0.0.1, rebuild when a source file changes.

A change to the code (plugins/) cannot be rebuilt from a process that has the old modules
loaded: the preview then restarts itself (same command, same port), so the next build runs the
new code.

The preview never stops on an error, whatever it is (bad content, a bug in a writer): the error
is printed in the terminal and, until it is fixed, every page of the preview is replaced by a
page that shows it in French; the next save rebuilds the site.
"""

from __future__ import annotations

import html
import io
import os
import sys
import threading
import time
import traceback
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..content.errors import ContentErrors, internal_error_message
from ..glue.build import build_site
from ..report import report

CODE = "plugins"
WATCHED = ("content", "structures", "activities", "badges", "theme", CODE, "vocabulaire.yml", "pelicanconf.py")
POLL_SECONDS = 1.0


def snapshot(root: Path) -> dict:
    stamps = {}
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else base.rglob("*") if base.is_dir() else []
        for path in paths:
            try:
                if path.is_file() and "__pycache__" not in path.parts:
                    stamps[path] = path.stat().st_mtime_ns
            except OSError:  # removed or renamed while we looked: the next look sees it
                continue
    return stamps


def rebuild(root: Path, output: Path, settings: Path, debug: bool = False) -> list[str]:
    """Build once; the lines of French text explaining why it failed, or [] when it worked."""
    started = time.perf_counter()
    try:
        build_site(root, output, settings, keep_file_cache=True)
    except ContentErrors as exc:
        text = io.StringIO()
        report(list(exc.problems), [], stream=text)
        lines = text.getvalue().strip("\n").split("\n")
    except Exception as exc:  # a bug must not stop the preview: shown, and the next save retries
        if debug:
            traceback.print_exc()
        lines = [internal_error_message(exc)]
    else:
        print(f"Site reconstruit ({time.perf_counter() - started:.1f} s).", flush=True)
        return []
    print("\n".join(lines), file=sys.stderr, flush=True)
    print("Le site affiché reste la dernière version valide : corrigez puis enregistrez, il sera reconstruit.", flush=True)
    return lines


def code_changed(root: Path, before: dict, now: dict) -> bool:
    """Whether a file under plugins/ was added, removed or modified between two snapshots."""
    code = root / CODE
    changed = (set(before) ^ set(now)) | {path for path in now if before.get(path) != now[path]}
    return any(path.is_relative_to(code) for path in changed)


def restart() -> None:
    """Replace this process by a fresh one running the same command: the new code is imported."""
    print("Code modifié (plugins/) : l'aperçu redémarre pour le charger.", flush=True)
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def error_page(lines: list[str]) -> bytes:
    """The page shown in place of the site while the last build failed (reloads itself every 2 s)."""
    items = "\n".join(f"<li>{html.escape(line)}</li>" for line in lines if line.strip())
    return (
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"refresh\" content=\"2\">\n"
        "<title>Le site n'a pas pu être reconstruit</title>\n</head>\n<body>\n"
        "<main>\n<h1>Le site n'a pas pu être reconstruit</h1>\n"
        "<p>Corrigez ce qui suit puis enregistrez le fichier : l'aperçu se met à jour tout seul.</p>\n"
        f"<ul>\n{items}\n</ul>\n</main>\n</body>\n</html>\n"
    ).encode("utf-8")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that gave up waiting (during the first build) is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(root: Path, output: Path, settings: Path, port: int, debug: bool = False) -> int:
    root, output = root.resolve(), output.resolve()
    failure: dict[str, list[str]] = {"lines": []}

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def do_GET(self) -> None:
            lines = failure["lines"]
            page = self.path.split("?", 1)[0]
            if lines and (page.endswith("/") or page.endswith(".html")):
                body = error_page(lines)
                self.send_response(500)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *args) -> None:
            pass

    try:
        server = _Server(("127.0.0.1", port), Handler)
    except OSError as exc:
        print(f"Aperçu impossible sur le port {port} ({exc.strerror or exc}) : un autre aperçu tourne peut-être déjà ; "
              f"arrêtez-le, ou choisissez un autre port : make serve PORT={port + 1}", file=sys.stderr)
        return 1
    failure["lines"] = rebuild(root, output, settings, debug)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", flush=True)
    before = snapshot(root)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(root)
            if now == before:
                continue
            if code_changed(root, before, now):
                server.shutdown()
                server.server_close()
                restart()
            before = now
            failure["lines"] = rebuild(root, output, settings, debug)
    finally:
        server.shutdown()
