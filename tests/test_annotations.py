"""Content errors shown on the changed lines: GitHub workflow commands and GitLab's Code Quality report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from catalogue.tools.annotations import codeclimate, github_lines
from catalogue.content.errors import Problem
from conftest import catalogue_env
from fixtures import ACTIVITY, replace, write_tree

ACTIVITY_PATH = "activities/le-dome/fablab-ouvert.md"
COMMAND = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")


def _broken_repo(tmp_path: Path) -> tuple[Path, int, int]:
    """A repository with two errors in one file: two hours out of range."""
    text = replace(replace(ACTIVITY, 'debut: "14:00"', 'debut: "25:00"'), 'fin: "16:00"', 'fin: "16:75"')
    lines = text.splitlines()
    hour_line = next(i for i, line in enumerate(lines, 1) if "25:00" in line)
    end_line = next(i for i, line in enumerate(lines, 1) if "16:75" in line)
    return write_tree(tmp_path, "small", files={ACTIVITY_PATH: text}), hour_line, end_line


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "check", *args],
                          env=catalogue_env(), capture_output=True, text=True, timeout=120)


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_format_puts_each_error_on_its_file_and_line(tmp_path: Path) -> None:
    root, hour_line, end_line = _broken_repo(tmp_path)
    result = _check(root, "--format", "github")
    assert result.returncode == 1
    assert "erreur(s) de contenu" in result.stderr  # the French report is still there for people
    commands = [COMMAND.match(line) for line in result.stdout.splitlines() if line.startswith("::")]
    errors = [m for m in commands if m and m[1] == "error"]
    assert len(errors) == 2, result.stdout
    located = {}
    for match in errors:
        properties = dict(part.split("=", 1) for part in match[2].split(","))
        assert properties["file"] == ACTIVITY_PATH
        assert _unescape(properties["title"]).startswith("Erreur de contenu")
        located[int(properties["line"])] = _unescape(match[3])
    assert set(located) == {hour_line, end_line}
    assert "25:00" in located[hour_line]
    assert "16:75" in located[end_line]


def test_text_format_prints_no_workflow_commands(tmp_path: Path) -> None:
    root, _, _ = _broken_repo(tmp_path)
    result = _check(root)
    assert result.returncode == 1
    assert "::error" not in result.stdout + result.stderr


def test_a_hostile_message_cannot_forge_another_command_or_reach_the_log_raw() -> None:
    problem = Problem("activities/a,b:c.md", 3, "titre", "100 % faux\n::error file=README.md::piège\x1b[32m Contenu valide")
    (line,) = github_lines([problem])
    assert "\n" not in line and "\x1b" not in line
    match = COMMAND.match(line)
    assert match and match[1] == "error"
    properties = dict(part.split("=", 1) for part in match[2].split(","))
    assert _unescape(properties["file"]) == "activities/a,b:c.md"
    assert properties["line"] == "3"
    assert _unescape(match[3]).startswith("100 % faux\n::error file=README.md::piège")


def test_gitlab_format_writes_a_code_quality_report(tmp_path: Path) -> None:
    root, hour_line, end_line = _broken_repo(tmp_path / "repo")
    report = tmp_path / "gl-code-quality-report.json"
    result = _check(root, "--format", "gitlab", "--report", str(report))
    assert result.returncode == 1
    issues = json.loads(report.read_text(encoding="utf-8"))
    errors = [issue for issue in issues if issue["severity"] == "major"]
    assert {issue["location"]["lines"]["begin"] for issue in errors} == {hour_line, end_line}
    for issue in issues:
        assert issue["location"]["path"] == ACTIVITY_PATH or issue["severity"] == "minor"
        assert issue["type"] == "issue" and issue["description"] and issue["check_name"].startswith("catalogue-")
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert _check(root, "--format", "gitlab", "--report", str(tmp_path / "again.json")).returncode == 1
    assert (tmp_path / "again.json").read_bytes() == report.read_bytes()


def test_gitlab_report_of_valid_content_is_an_empty_list(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", "small")
    report = tmp_path / "report.json"
    result = _check(root, "--format", "gitlab", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert [issue for issue in json.loads(report.read_text()) if issue["severity"] == "major"] == []


def test_warnings_are_warnings_in_both_formats() -> None:
    warning = Problem("structures/le-dome.md", 12, "", "numéro fictif", "attention")
    (line,) = github_lines([], [warning])
    assert line.startswith("::warning file=structures/le-dome.md,line=12,")
    (issue,) = json.loads(codeclimate([], [warning]))
    assert issue["severity"] == "minor" and issue["location"] == {"path": "structures/le-dome.md", "lines": {"begin": 12}}
