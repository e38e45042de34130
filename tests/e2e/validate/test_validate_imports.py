"""`helpctl validate` keeps its start-up light: what a project does not use is not imported.

Start-up time is measured in bench/startup.py; these tests pin the import graph that makes it
short, so a module-level import of a heavy library cannot creep back in unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# never needed by validate: the network, the sandbox, rendering libraries, the plan review
NEVER = (
    "httpx",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "rich",
    "liquid",
    "jinja2",
    "markdownify",
    "bs4",
)
# needed only by projects that have Markdown articles / scenario files, or problems to group;
# the rule engine only by `helpctl test` (validate checks what scenarios name, runs no rule)
ON_USE = ("markdown_it", "helpctl.scenarios.check", "helpctl.plan.review")
NOT_BY_VALIDATE = ("helpctl.rules", "helpctl.scenarios.suite")

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart"


def _loaded_after_validate(project: Path) -> list[str]:
    """The watched modules imported by one `helpctl validate` run, in a fresh interpreter."""
    watched = (*NEVER, *ON_USE, *NOT_BY_VALIDATE)
    probe = (
        "import sys\n"
        f"sys.argv = ['helpctl', 'validate', {str(project)!r}]\n"
        "from helpctl.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('\\n' + __import__('json').dumps([m for m in {watched!r} if m in sys.modules]))\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "valid: 0 errors" in ran.stdout
    loaded: list[str] = json.loads(ran.stdout.splitlines()[-1])
    return loaded


def test_validate_of_a_plain_project_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "helpctl", "init", str(tmp_path / "p")],
        capture_output=True,
        check=True,
    )
    assert _loaded_after_validate(tmp_path / "p") == []


def test_validate_imports_what_articles_and_scenarios_need_and_no_more() -> None:
    # the quickstart has Markdown articles and scenarios: their parser and the scenario checks
    # come in; the rule engine, the export and network stacks still do not
    loaded = _loaded_after_validate(QUICKSTART)
    assert not set(loaded) & {*NEVER, *NOT_BY_VALIDATE}
    assert {"markdown_it", "helpctl.scenarios.check"} <= set(loaded)
