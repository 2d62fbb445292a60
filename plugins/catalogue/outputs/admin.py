"""The form editor's folder /admin/: its page, its generated config.yml and, once vendored, Decap CMS itself.

Why Decap CMS (and not Sveltia CMS): its `dist/` loads nothing from another host at run time
(the site promises no third-party request), its French interface is built in (`locale: fr`),
and on GitLab it signs partners in with PKCE, without any server of ours. Its editorial
workflow turns every change into a merge request that the checks of `.gitlab-ci.yml` verify.

`make admin` (tools/vendor.py) unpacks the pinned npm package into `.cache/decap-cms/<version>/`.
On every build, `vendored_editor()` checks those files against a pinned sha512 of exactly the
files served (names and bytes): a file planted or edited in `.cache/` is never published,
whatever marker the folder holds; checking the files costs ~10 ms, re-reading the package ~2 s.
The page (one skeleton, two bodies) and the small script around Decap are files in `adminpage/`; `config.yml` is a walk of
the model (outputs/decap.py).
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from ..content.errors import ContentErrors
from ..settings import cache_root, network
from .decap import LOCAL_BACKEND_ORIGIN, backend_problems, cms_config, config_yaml

log = logging.getLogger(__name__)

DECAP_VERSION = "3.16.3"
# served_integrity() of the files that package serves; a new DECAP_VERSION: `make admin` prints the new value.
DECAP_SERVED_INTEGRITY = "sha512-XXArbkFhV8UZTLQvc27HxWLHlvpQOzeJMwx1+bxe7FdnMdFd9mp7iZ1t6nHFWpVsVSBLalxttizBXXyW+4ma0g=="
ADMIN_DIR = "admin"
PAGE_FILES = Path(__file__).with_name("adminpage")
# The page that says the editor is missing runs nothing.
MISSING_CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"


class EditorUnavailable(Exception):
    """A French message: why the editor could not be fetched."""


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return cache_root(environ) / "decap-cms" / DECAP_VERSION


def is_served(name: str) -> bool:
    """Files of the package's dist/ that the page needs: the decap-cms.js build, its chunks and wasm.

    >>> [is_served(n) for n in ("decap-cms.js", "1.decap-cms.js", "cms.js", "decap-cms.js.map")]
    [True, True, False, False]
    """
    return (name == "decap-cms.js" or name.endswith(".decap-cms.js") or name.endswith(".wasm")
            or name == "decap-cms.js.LICENSE.txt")


def served_integrity(files: Mapping[str, bytes]) -> str:
    """One sha512 over the served files' names, sizes and bytes (in name order)."""
    digest = hashlib.sha512()
    for name in sorted(files):
        digest.update(f"{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def vendored_editor(environ: Mapping[str, str] = os.environ) -> dict[str, bytes]:
    """The unpacked editor files, checked now against DECAP_SERVED_INTEGRITY: {} when `make admin`
    has not run; EditorUnavailable when any of them was changed, added or removed."""
    folder = cache_dir(environ)
    try:
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if is_served(p.name) and p.is_file()}
    except OSError:
        return {}
    if files and served_integrity(files) != DECAP_SERVED_INTEGRITY:
        raise EditorUnavailable(f"les fichiers de l'éditeur dans {folder} n'ont pas l'empreinte attendue de "
                                f"decap-cms@{DECAP_VERSION} (modifiés ou ajoutés ?) : ils ne sont pas publiés ; "
                                "relancez « make admin » pour les télécharger de nouveau")
    return files


def content_security_policy(backend: dict, local: bool = False) -> str:
    """The only page of the site that runs JavaScript talks to its own folder and to the forge's API, nothing else.

    Decap needs inline styles (CSS-in-JS), WebAssembly, and `eval` for the JSON Schema check of its config."""
    hosts = set()
    for key in ("api_root", "base_url"):
        if backend.get(key):
            parts = urlsplit(backend[key])
            hosts.add(f"{parts.scheme}://{parts.netloc}")
    if backend["name"] == "github":
        hosts.add("https://api.github.com")
    if local:
        hosts.add(LOCAL_BACKEND_ORIGIN)
    forge = " ".join(sorted(hosts))
    return "; ".join([
        "default-src 'self'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {forge}".strip(), f"connect-src 'self' {forge}".strip(), "font-src 'self' data:",
        "worker-src 'self' blob:", "frame-src 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    ])


def _page(name: str, **values: str) -> bytes:
    """A file of adminpage/ with its `{name}` placeholders filled (values escaped for HTML)."""
    text = (PAGE_FILES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", html.escape(value) if key == "title" else value)
    return text.encode()


def _page_html(body_file: str, csp: str, title: str) -> bytes:
    """/admin/index.html: one skeleton (adminpage/page.html) around the body of `body_file`, so that
    the editor's page and the page saying it is missing share their head."""
    body = (PAGE_FILES / body_file).read_text(encoding="utf-8").rstrip("\n")
    return _page("page.html", csp=csp, title=title, body=body)


def admin_files(catalogue, site_url: str = "", environ: Mapping[str, str] = os.environ) -> dict[str, bytes]:
    """The /admin/ folder: the page, its generated config.yml and, when vendored, the editor itself."""
    problems = backend_problems(environ)
    if problems:
        raise ContentErrors(problems)
    config = cms_config(catalogue, site_url, environ)
    files = {f"{ADMIN_DIR}/config.yml": config_yaml(config).encode()}
    try:
        vendored = vendored_editor(environ)
    except EditorUnavailable as exc:
        log.warning("éditeur en ligne absent de /admin/ : %s", exc)
        vendored = {}
    title = network().editor_title
    if not vendored:
        log.warning("éditeur en ligne absent de /admin/ : lancez « make admin » (Node.js et npm) puis reconstruisez")
        files[f"{ADMIN_DIR}/index.html"] = _page_html("missing.html", MISSING_CSP, title)
        return files
    csp = content_security_policy(config["backend"], "local_backend" in config)
    files[f"{ADMIN_DIR}/index.html"] = _page_html("editor.html", csp, title)
    files[f"{ADMIN_DIR}/catalogue-cms.js"] = _page("catalogue-cms.js")
    for name, content in vendored.items():
        files[f"{ADMIN_DIR}/{name}"] = content
    return files
