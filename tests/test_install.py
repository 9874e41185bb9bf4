"""The core install is light: pandas and numpy are an optional extra ([pandas]), not a dependency.  The
fresh-venv test installs the project as a user would (`pip install .`, from a copy of the source) and checks
that `import pandas` fails and `lkjip` runs; it is slow, so it runs under CI (CI set) or with
LKJIP_FRESH_VENV=1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HEAVY = ("pandas", "numpy")


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower() for r in requirements}


def test_core_dependencies_leave_out_pandas_and_numpy():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = names(project["dependencies"])
    assert core.isdisjoint(HEAVY), core
    extras = project["optional-dependencies"]
    assert "pandas" in names(extras["pandas"]) and "pandas" in names(extras["test"])
    # every requirement has a lower bound
    assert all(re.search(r">=\s*\d", r) for r in project["dependencies"] + extras["pandas"]), project


def test_installed_metadata_agrees(monkeypatch):
    """The metadata of the installed distribution (an editable install counts) says the same: pandas only
    behind an extra marker.  Skipped when the installed metadata is older than pyproject.toml."""
    from importlib import metadata

    try:
        requires = metadata.requires("xlsx-lkjip") or []
    except metadata.PackageNotFoundError:
        pytest.skip("xlsx-lkjip is not installed (run from a source checkout)")
    core = [r for r in requires if "extra ==" not in r]
    if names(core) != names(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
                             ["dependencies"]):
        pytest.skip("installed metadata predates pyproject.toml; reinstall with pip install -e .")
    assert names(core).isdisjoint(HEAVY), core
    assert any(r.startswith("pandas") and 'extra == "pandas"' in r for r in requires), requires


def _fresh_venv_wanted() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("LKJIP_FRESH_VENV"))


@pytest.mark.fresh_venv
@pytest.mark.skipif(not _fresh_venv_wanted(), reason="slow: set LKJIP_FRESH_VENV=1 (CI runs it)")
def test_pip_install_in_a_fresh_venv_brings_no_pandas(tmp_path):
    src = tmp_path / "src"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:                      # the checkout as a user gets it, without build leftovers
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(src)], capture_output=True, text=True,
                             timeout=1200)
    assert install.returncode == 0, install.stdout + install.stderr
    probe = subprocess.run([str(python), "-c", "import importlib.util as u; "
                            "print([m for m in ('pandas', 'numpy') if u.find_spec(m)])"],
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "[]", probe.stdout
    # the optional C speedups: built where a compiler is (CI), and a failed build is no failed install
    speed = [str(python), "-c", "from xlsx_lkjip import speedups; print(speedups.ACTIVE)"]
    # (CI's second pass sets LKJIP_NO_SPEEDUPS=1 for the whole suite; this probe asks what was built)
    built_env = {k: v for k, v in os.environ.items() if k != "LKJIP_NO_SPEEDUPS"}
    built = subprocess.run(speed, cwd=tmp_path, capture_output=True, text=True, check=True,
                           env=built_env).stdout.strip()
    assert built == ("True" if shutil.which("cc") or shutil.which("gcc") else built), built
    fresh = tmp_path / "src-again"   # (pip builds in the source folder: its build/ would hold the extension)
    shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    no_compiler = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                                  "--no-cache-dir", str(fresh)], capture_output=True, text=True, timeout=1200,
                                 env={**os.environ, "CC": "false", "LDSHARED": "false"})
    assert no_compiler.returncode == 0, no_compiler.stdout + no_compiler.stderr
    assert subprocess.run(speed, cwd=tmp_path, capture_output=True, text=True, check=True,
                          env=built_env).stdout.strip() == "False"
    (tmp_path / "work").mkdir()
    shutil.copytree(REPO / "input", tmp_path / "work" / "input")
    lkjip = venv / ("Scripts/lkjip.exe" if os.name == "nt" else "bin/lkjip")
    done = subprocess.run([str(lkjip), "run", "--csv", "csv"], cwd=tmp_path / "work", capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "work" / "output" / "rekap.xlsx").is_file() and len(list((tmp_path / "work" / "csv")
                                                                             .glob("*.csv"))) == 7   # Renja, PK and LKPJ tables, per_program, rekap_opd, masalah
    # and frames() says what to install
    msg = subprocess.run([str(python), "-c", "from xlsx_lkjip import frames; frames('output')"],
                         cwd=tmp_path / "work", capture_output=True, text=True)
    assert msg.returncode == 1 and 'pip install "xlsx-lkjip[pandas]"' in msg.stderr, msg.stderr
