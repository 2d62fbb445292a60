"""Extract a tar archive without letting a member escape its destination, on every Python 3.11.

Python 3.11.4 added `extractall(filter="data")`; Debian 12 ships 3.11.2, which lacks it. There
the same rules are applied here before extracting: a relative name without `..`, regular files,
folders and links that stay inside the destination only, no devices or FIFOs, and no special
permission bits.
"""

from __future__ import annotations

import copy
import os
import posixpath
import tarfile
from pathlib import Path


class UnsafeMember(tarfile.TarError):
    """A member that would be written outside the destination, or is not a plain file."""


def _inside(destination: str, name: str) -> bool:
    target = os.path.realpath(os.path.join(destination, name))
    return os.path.commonpath([destination, target]) == destination


def check_member(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo:
    """The member, with safe permissions, if extracting it cannot leave `destination`; else UnsafeMember."""
    name = member.name
    if name.startswith(("/", "\\")) or os.path.isabs(name) or (len(name) > 1 and name[1] == ":"):
        raise UnsafeMember(f"chemin absolu dans l'archive : {name!r}")
    if ".." in name.replace("\\", "/").split("/"):
        raise UnsafeMember(f"« .. » dans un chemin de l'archive : {name!r}")
    if not _inside(destination, name):
        raise UnsafeMember(f"chemin hors du dossier de destination : {name!r}")
    if member.issym():
        link = member.linkname
        if os.path.isabs(link) or not _inside(destination, posixpath.join(posixpath.dirname(name), link)):
            raise UnsafeMember(f"lien symbolique vers l'extérieur : {name!r} -> {link!r}")
    elif member.islnk():
        link = member.linkname
        if os.path.isabs(link) or ".." in link.split("/") or not _inside(destination, link):
            raise UnsafeMember(f"lien vers l'extérieur : {name!r} -> {link!r}")
    elif not (member.isreg() or member.isdir()):
        raise UnsafeMember(f"type de fichier refusé dans l'archive (périphérique, tube…) : {name!r}")
    safe = copy.copy(member)  # TarInfo.replace() only exists from 3.11.4
    safe.uid, safe.gid, safe.uname, safe.gname = os.getuid(), os.getgid(), "", ""
    if member.mode is not None and not member.issym():
        mode = member.mode & 0o755
        if member.isreg():
            mode = mode | 0o600 if mode & 0o100 else (mode & 0o644) | 0o600
        else:
            mode |= 0o700
        safe.mode = mode
    return safe


def extract_all(tar: tarfile.TarFile, destination: Path, *, force_fallback: bool = False) -> None:
    """`tar.extractall(destination, filter="data")`, or the same checks done here on older Pythons."""
    if hasattr(tarfile, "data_filter") and not force_fallback:
        tar.extractall(destination, filter="data")
        return
    root = os.path.realpath(destination)
    # One member at a time, each checked against what is already on disk (a link extracted earlier
    # could otherwise redirect a later member).
    for member in tar.getmembers():
        tar.extract(check_member(member, root), root)
