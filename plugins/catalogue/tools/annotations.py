"""Content problems where reviewers look: on the changed lines of a pull or merge request.

- GitHub Actions reads `::error file=…,line=…,title=…::message` lines from a job's output and
  shows them on the lines of the pull request's diff (`catalogue check --format github`);
- GitLab shows a Code Quality report (a Code Climate JSON list, `artifacts: reports: codequality`)
  in the merge request and on its diff (`catalogue check --format gitlab --report FILE`).

Pure: from Problems to text or bytes. Messages come from partners' files: they are escaped for
each format, and control characters never reach the runner's log.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Iterable

from ..content.errors import Problem

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def _escape_data(text: str) -> str:
    return _clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _title(problem: Problem) -> str:
    kind = "Erreur de contenu" if problem.severity == "erreur" else "Attention"
    return f"{kind} : {problem.field}" if problem.field else kind


def github_lines(problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> list[str]:
    """One workflow command per problem: `::error` for errors, `::warning` for warnings."""
    lines = []
    for problem in [*problems, *warnings]:
        level = "error" if problem.severity == "erreur" else "warning"
        properties = [f"file={_escape_property(problem.path)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property(_title(problem))}")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(problem.message)}")
    return lines


def codeclimate(problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> bytes:
    """GitLab's Code Quality report: a JSON list of issues, same bytes for the same problems."""
    issues = []
    for problem in [*problems, *warnings]:
        description = _clean(f"{problem.field} : {problem.message}" if problem.field else problem.message)
        fingerprint = hashlib.sha256("\x1f".join((problem.path, problem.field, problem.message)).encode()).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": "catalogue-" + ("erreur" if problem.severity == "erreur" else "attention"),
            "description": description,
            "categories": ["Bug Risk"] if problem.severity == "erreur" else ["Style"],
            "severity": "major" if problem.severity == "erreur" else "minor",
            "fingerprint": fingerprint,
            "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
        })
    return (json.dumps(issues, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
