"""Characters that must never reach a page or a terminal, and how to show them instead.

YAML escapes (`"\\e"`, `"\\u202E"`) let a partner type characters that no one can see: an
ESC sequence that repaints the terminal (a fake « Contenu valide »), a carriage return that
overwrites a line, bidirectional overrides that show a text backwards (« txt.exe » as
« exe.txt »), zero-width spaces that make two ids look equal. Content text refuses them; what
the command line prints shows them as a visible code point, « U+202E ».

Line breaks of other systems (`\\r\\n`, `\\r`, U+2028) become newlines first, as in files.
Allowed: tab and newline (multi-line text), the soft hyphen and the zero-width (non-)joiners
(emoji sequences such as 👩‍💻, and some scripts need them).
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from contextlib import contextmanager
from typing import Iterator

# C0 controls but tab and newline, DEL and the C1 controls, the Arabic letter mark, the
# Mongolian vowel separator, zero-width space, left-to-right and right-to-left marks, line and
# paragraph separators, bidi embeddings, overrides and isolates, word joiner and invisible
# operators, deprecated format controls, the byte order mark, interlinear annotations, tags.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_NAMES = {"\x00": "caractère nul", "\x1b": "échappement (ESC)", "\r": "retour chariot", "\x7f": "suppression (DEL)"}


def code_point(char: str) -> str:
    """« U+202E » for a character, with its name when Unicode gives one.

    >>> code_point("\\u202e")
    '« U+202E » (RIGHT-TO-LEFT OVERRIDE)'
    """
    name = _NAMES.get(char) or unicodedata.name(char, "") or "caractère de contrôle"
    return f"« U+{ord(char):04X} » ({name})"


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def normalise_line_breaks(value):
    """Windows and Unicode line breaks (`\\r\\n`, `\\r`, U+2028…) as the one newline pages and feeds know.

    >>> normalise_line_breaks("a\\r\\nb\\rc\\u2028d")
    'a\\nb\\nc\\nd'
    """
    return _LINE_BREAKS.sub("\n", value) if isinstance(value, str) else value


def forbidden_character(text: str) -> tuple[int, str] | None:
    """(position from 1, character) of the first invisible character `text` must not hold, or None.

    >>> forbidden_character("abc\\u200bd"), forbidden_character("👩\\u200d💻, tab\\tand newline\\n")
    ((4, '\\u200b'), None)
    """
    match = FORBIDDEN.search(text)
    return (match.start() + 1, match.group()) if match else None


def visible(text: str) -> str:
    """`text` with every such character replaced by `<U+XXXX>`: safe to print, and it shows where.

    >>> visible("Contenu\\x1b[2J valide \\u202etxt.exe")
    'Contenu<U+001B>[2J valide <U+202E>txt.exe'
    """
    return FORBIDDEN.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


class VisibleStream(io.TextIOBase):
    """A text stream that writes through `visible`: what the command line prints cannot move
    the cursor, recolour or overwrite the terminal, whatever a content file holds."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    @property
    def encoding(self):  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")


@contextmanager
def visible_output() -> Iterator[None]:
    """sys.stdout and sys.stderr through `VisibleStream` for the duration of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(saved[0]), VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
