"""The continuous-integration files of both forges parse, run the project's make targets, and hold no secret."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]
GITHUB = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(GITHUB.glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # PyYAML (YAML 1.1) reads the key `on` as True


@pytest.mark.parametrize("path", WORKFLOWS + [ROOT / ".gitlab-ci.yml"], ids=lambda p: p.name)
def test_parses_and_holds_no_secret(path):
    text = path.read_text(encoding="utf-8")
    load(path)
    assert "secrets." not in text
    assert not re.search(r"(?i)(token|password|passwd|app_id)\s*:\s*['\"]?[A-Za-z0-9_\-]{12,}", text)


def test_github_pull_requests_check_test_build_and_summarise():
    workflow = load(GITHUB / "verification.yml")
    assert "pull_request" in triggers(workflow)
    job = workflow["jobs"]["verifier"]
    script = runs(job)
    for command in ("make check", "make test", "make site", 'make diff BASE="origin/$BASE_REF" FORMAT=markdown', "$GITHUB_STEP_SUMMARY"):
        assert command in script, command
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the comparison
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["name"] == "resume" for s in job["steps"])
    # The comment is posted by a separate workflow_run workflow, for pull requests from forks too.
    comment = load(GITHUB / "resume-commentaire.yml")["jobs"]["commenter"]
    assert comment["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "catalogue:resume-des-changements" in comment["steps"][-1]["with"]["script"]


def test_github_main_is_published_to_pages_with_publishconf():
    workflow = load(GITHUB / "publication.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    build = workflow["jobs"]["construire"]
    assert "make publish OUTPUT=public" in runs(build)
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in workflow["jobs"]["deployer"]["steps"])
    assert workflow["jobs"]["deployer"]["permissions"]["pages"] == "write"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--settings publishconf.py" in makefile


def test_gitlab_merge_requests_and_pages():
    ci = load(ROOT / ".gitlab-ci.yml")
    verification = "\n".join(ci["verification"]["script"])
    for command in ("make check", "make test", "make site"):
        assert command in verification
    summary = ci["resume"]
    assert summary["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("make diff" in line and "FORMAT=markdown" in line for line in summary["script"])
    assert summary["artifacts"]["expose_as"] and summary["artifacts"]["paths"] == ["resume.md"]
    assert summary["artifacts"]["when"] == "always"
    pages = ci["pages"]
    assert {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"} in pages["rules"]
    assert "make publish OUTPUT=public" in pages["script"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["variables"]["CMS_REPO"] == "$CI_PROJECT_PATH"


def test_ci_commands_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("check", "test", "site", "diff", "publish", "admin", "guide", "nouvelle-activite", "nouveau-badge"):
        assert re.search(rf"^{re.escape(target)}:", makefile, re.MULTILINE), target
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
