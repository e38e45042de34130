"""The CI example works as written on a fresh runner: its install step installs helpctl the way
a user of the unpublished project can (a wheel committed beside the config), and its validate
step and pre-commit hook then pass on a project.

A wheel is built from this checkout (`pip wheel --no-deps`, no build isolation: offline), put
where the workflow's `HELPCTL` says, and the workflow's own `run:` lines are run by bash in a
fresh virtual environment. The environment sees the current one's packages through a `.pth`
line (pip finds helpctl's dependencies installed and never reaches for an index), while helpctl
itself comes from the wheel: the test checks which files the installed `helpctl` runs from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "ci"

pytestmark = pytest.mark.slow
_PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]


def _workflow() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((EXAMPLE / ".github/workflows/helpctl.yml").read_text())
    return doc


def _step(job: dict[str, Any], needle: str) -> str:
    runs = [step["run"] for step in job["steps"] if needle in step.get("run", "")]
    assert len(runs) == 1, f"one step runs {needle!r}"
    return str(runs[0])


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A config repository (this repo's `configs/` project) with the wheel where the workflow
    looks for it, and the environment of a runner with a fresh venv on its PATH."""
    repo = tmp_path_factory.mktemp("config-repo")
    shutil.copytree(ROOT / "configs", repo / "configs")
    wheel = repo / str(_workflow()["env"]["HELPCTL"])
    built = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*_PIP_WHEEL, "-w", str(built), str(ROOT)],
        check=True,
        capture_output=True,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    (made,) = built.glob("helpctl-*.whl")
    assert made.name == wheel.name, "the workflow names the wheel of this version"
    wheel.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(made, wheel)
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    purelib = Path(
        subprocess.check_output(
            [
                venv / "bin" / "python",
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            text=True,
        ).strip()
    )
    # the dependencies, as a runner would have them after pip downloaded them (no index here)
    (purelib / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "HOME": str(repo),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        **{k: str(v) for k, v in _workflow()["env"].items() if "${{" not in str(v)},
    }
    return repo, env


def _bash(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_workflow_installs_helpctl_and_validates_the_project(
    runner: tuple[Path, dict[str, str]],
) -> None:
    repo, env = runner
    job = _workflow()["jobs"]["validate"]
    installed = _bash(_step(job, "pip install"), repo, env)
    assert installed.returncode == 0, installed.stderr
    where = _bash(
        "helpctl --version && python -c 'import helpctl; print(helpctl.__file__)'", repo, env
    )
    assert where.returncode == 0, where.stderr
    assert str(ROOT) not in where.stdout, "helpctl runs from the wheel, not from this checkout"
    checked = _bash(_step(job, "helpctl validate"), repo, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_pre_commit_hook_runs_with_the_installed_helpctl(
    runner: tuple[Path, dict[str, str]],
) -> None:
    repo, env = runner
    config = yaml.safe_load((EXAMPLE / ".pre-commit-config.yaml").read_text())
    (hook,) = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "helpctl-validate"]
    assert config["repos"][0]["repo"] == "local"  # no remote revision that must exist
    installed = _bash(_step(_workflow()["jobs"]["validate"], "pip install"), repo, env)
    assert installed.returncode == 0, installed.stderr
    ran = _bash(" ".join([hook["entry"], *hook["args"]]), repo, env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
