"""Quote partners' text in GitHub/GitLab Markdown so that it renders as the same text, nothing more.

The pull-request summary (`make diff --format markdown`) quotes titles, places and reasons
written by partners. Unescaped, a title holding `<details>`, `<!--` or a backtick hides the
lines after it (the cancellations a reviewer must see), `[x](javascript:…)` becomes a link
and `@someone` notifies a stranger. Every Markdown punctuation is backslash-escaped, `&`, `<`
and `>` become entities (so no HTML, comment or entity survives), line breaks become spaces,
and mentions and references (`@name`, `#12`, GitLab's `!12`) are broken with a zero-width space, the
usual way for text posted by bots.
"""

from __future__ import annotations

import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = set("\\`*_{}[]()#+-.!|~$^:")
ZERO_WIDTH_SPACE = "&#8203;"


def md_text(value: object) -> str:
    """`value` as Markdown that GitHub and GitLab render as exactly this text, on one line.

    >>> md_text("Atelier <b>*vélo*</b>\\n@marie #12")
    'Atelier &lt;b&gt;\\\\*vélo\\\\*&lt;/b&gt; @&#8203;marie \\\\#&#8203;12'
    """
    text = " ".join(str(value).split())
    out = []
    for index, char in enumerate(text):
        out.append(_ENTITIES.get(char) or ("\\" + char if char in _PUNCTUATION else char))
        after = text[index + 1:index + 2]
        if (char == "@" and (after.isalnum() or after == "_")) or (char in "#!" and after.isdigit()):
            out.append(ZERO_WIDTH_SPACE)
    return "".join(out)


def md_code(value: object) -> str:
    """`value` as an inline code span no backtick inside can close (code spans show everything as text).

    >>> md_code("heure"), md_code("a `b` c")
    ('`heure`', '`` a `b` c ``')
    """
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_fence(lines: list[str]) -> list[str]:
    """Lines in a fenced code block that no line inside can close.

    >>> md_fence(["x", "```"])
    ['````', 'x', '```', '````']
    """
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]
