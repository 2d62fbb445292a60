"""Local preview: build, serve output/ on 127.0.0.1, rebuild when a source file changes."""

from __future__ import annotations

import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import ContentErrors

WATCHED = ("content", "structures", "activities", "badges", "theme", "plugins", "vocabulaire.yml", "pelicanconf.py")


def _snapshot(root: Path) -> dict:
    stamps = {}
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else base.rglob("*") if base.is_dir() else []
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                stamps[path] = path.stat().st_mtime_ns
    return stamps


def _rebuild(root: Path, output: Path, settings: Path) -> None:
    from .build import build_site
    from .cli import report

    started = time.perf_counter()
    try:
        build_site(root, output, settings, keep_file_cache=True)
        print(f"Site reconstruit ({time.perf_counter() - started:.1f} s).", flush=True)
    except ContentErrors as exc:
        report(list(exc.problems), [])
        print("Le site affiché reste la dernière version valide.", flush=True)


def serve(root: Path, output: Path, settings: Path, port: int) -> int:
    root, output = root.resolve(), output.resolve()
    _rebuild(root, output, settings)

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", flush=True)
    before = _snapshot(root)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(root)
            if now != before:
                before = now
                _rebuild(root, output, settings)
    finally:
        server.shutdown()
