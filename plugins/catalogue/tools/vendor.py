"""`make admin`: Decap CMS fetched from the npm registry into the cache, never by a build.

`npm pack decap-cms@DECAP_VERSION`, checked against the registry's pinned sha512, unpacked into
`.cache/decap-cms/<version>/` without source maps nor the second build (`cms.js*`). The build
itself only reads and re-checks those files (outputs/admin.py, `vendored_editor`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Mapping

from ..outputs.admin import (DECAP_SERVED_INTEGRITY, DECAP_VERSION, EditorUnavailable, cache_dir, is_served,
                             served_integrity, vendored_editor)

DECAP_INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="


def integrity_of(data: bytes) -> str:
    """The npm registry's `dist.integrity` of a tarball.

    >>> integrity_of(b"")[:19]
    'sha512-z4PhNX7vuL3x'
    """
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _served_files(data: bytes) -> dict[str, bytes]:
    """The files of the package's dist/ that the page needs, by name."""
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            if not member.isfile() or name == member.name or "/" in name or not is_served(name):
                continue
            files[name] = tar.extractfile(member).read()  # type: ignore[union-attr]
    return dict(sorted(files.items()))


def _verified(environ: Mapping[str, str]) -> bool:
    try:
        return bool(vendored_editor(environ))
    except EditorUnavailable:
        return False


def vendor_editor(environ: Mapping[str, str] = os.environ, npm: str | None = None) -> Path:
    """Fetch decap-cms from the npm registry into the cache, unless the package there is already
    the pinned one (checked, whatever marker the folder holds); returns the cache folder."""
    target = cache_dir(environ)
    if _verified(environ):
        return target
    npm = npm or shutil.which("npm", path=environ.get("PATH", os.defpath))
    if not npm:
        raise EditorUnavailable("npm est introuvable : installez Node.js et npm (sudo apt-get install nodejs npm), "
                                "puis relancez « make admin »")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".telechargement-") as scratch:
        env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false",
               "npm_config_audit": "false", "npm_config_loglevel": "error"}
        try:
            proc = subprocess.run(
                [npm, "pack", f"decap-cms@{DECAP_VERSION}", "--pack-destination", scratch, "--ignore-scripts",
                 "--fetch-retries=2", "--fetch-timeout=120000"],
                capture_output=True, text=True, timeout=900, check=False, env=env, cwd=scratch,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EditorUnavailable(f"npm n'a pas pu télécharger decap-cms@{DECAP_VERSION} ({exc})") from None
        tarballs = sorted(Path(scratch).glob("decap-cms-*.tgz"))
        if proc.returncode != 0 or not tarballs:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["sans message"]
            raise EditorUnavailable(f"npm n'a pas pu télécharger decap-cms@{DECAP_VERSION} ({detail[0]}) : "
                                    "vérifiez l'accès au registre npm, puis relancez « make admin »")
        data = tarballs[0].read_bytes()
        if integrity_of(data) != DECAP_INTEGRITY:
            raise EditorUnavailable(f"le paquet decap-cms@{DECAP_VERSION} téléchargé n'a pas l'empreinte attendue : "
                                    "il n'a pas été installé")
        served = _served_files(data)
        if "decap-cms.js" not in served:
            raise EditorUnavailable(f"le paquet decap-cms@{DECAP_VERSION} ne contient pas dist/decap-cms.js")
        if served_integrity(served) != DECAP_SERVED_INTEGRITY:
            raise EditorUnavailable(f"les fichiers servis de decap-cms@{DECAP_VERSION} n'ont pas l'empreinte attendue : "
                                    f"après un changement de version, DECAP_SERVED_INTEGRITY = « {served_integrity(served)} »")
        staging = Path(scratch) / "dist"
        staging.mkdir()
        manifest = {}
        for name, content in served.items():
            (staging / name).write_bytes(content)
            manifest[name] = len(content)
        (staging / ".complete").write_text(json.dumps({"version": DECAP_VERSION, "integrity": DECAP_INTEGRITY,
                                                       "files": manifest}, indent=1, sort_keys=True) + "\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target
