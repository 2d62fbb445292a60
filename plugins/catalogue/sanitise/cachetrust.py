"""Files kept between builds (`.cache/`) are used only if this machine wrote them.

`.cache/` is ignored by git, but a pull request can still commit files into it, and a file
planted there would otherwise be published as is (a QR code pointing to another calendar,
say). Each cached file carries an HMAC-SHA256 of its name and bytes, keyed with a random
secret made on first use and kept outside the repository (in the user's cache folder, mode
0600, or where $CATALOGUE_CACHE_KEY_FILE says): a planted or edited file has no valid seal and
is re-made. Without a usable key nothing is trusted, and everything is re-made.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping

KEY_FILE_ENV = "CATALOGUE_CACHE_KEY_FILE"
_SEAL_LENGTH = 64  # hex digits of an HMAC-SHA256


def key_file(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured)
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "territoires-partages" / "cle-des-caches"


@lru_cache(maxsize=8)
def _key(path: Path) -> bytes | None:
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(os.urandom(32).hex().encode())
    except FileExistsError:
        pass  # another build made it at the same moment
    except OSError:
        return None
    try:
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    secret = path.read_bytes().strip()
    return secret if len(secret) >= 32 else None


def _mac(key: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).hexdigest().encode()


def seal(name: str, payload: bytes, environ: Mapping[str, str] = os.environ) -> bytes | None:
    """The bytes to store for `payload` under `name`, or None when nothing can be trusted here."""
    key = _key(key_file(environ))
    return None if key is None else _mac(key, name, payload) + b"\n" + payload


def unseal(name: str, stored: bytes, environ: Mapping[str, str] = os.environ) -> bytes | None:
    """The payload of a stored file if this machine sealed it for `name`, else None."""
    key = _key(key_file(environ))
    if key is None or len(stored) <= _SEAL_LENGTH or stored[_SEAL_LENGTH:_SEAL_LENGTH + 1] != b"\n":
        return None
    payload = stored[_SEAL_LENGTH + 1:]
    return payload if hmac.compare_digest(stored[:_SEAL_LENGTH], _mac(key, name, payload)) else None


def read_sealed(path: Path, name: str) -> bytes | None:
    """The payload of the file at `path` if this machine sealed it for `name`; None when absent or not trusted."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    return unseal(name, stored)


def write_sealed(path: Path, name: str, payload: bytes) -> None:
    """Store `payload` sealed for `name`, atomically (a reader never sees half a file); a cache that
    cannot be written, or a machine without a key, only costs the next build the time to re-make it."""
    sealed = seal(name, payload)
    if sealed is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{os.getpid()}.tmp")
        temporary.write_bytes(sealed)
        os.replace(temporary, path)
    except OSError:
        pass
