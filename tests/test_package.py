"""`pip install .` gives another network the generator: the `catalogue` package and its command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_pip_install_gives_a_working_catalogue_command(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies (and setuptools, to build) come from the test environment, not from the network
    Path(site, "dependances-partagees.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    source = tmp_path / "source"  # setuptools builds in the source folder: a copy keeps the clone clean
    shutil.copytree(ROOT / "plugins" / "catalogue", source / "plugins" / "catalogue",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", source)
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                              str(source)], capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    command = venv / "bin" / "catalogue"
    assert command.is_file()
    where = subprocess.run([str(python), "-c", "import catalogue; print(catalogue.__file__)"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, check=True).stdout
    assert where.startswith(str(venv)), where  # the installed copy, not plugins/
    check = subprocess.run([str(command), "check"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "Contenu valide : " in check.stdout and "activités" in check.stdout
    fmt = subprocess.run([str(command), "format", "--check"], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=300)
    assert fmt.returncode == 0, fmt.stderr
