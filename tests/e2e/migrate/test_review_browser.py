"""``migrate review`` end to end: the local-time forum example imported into the sandbox, one
ticket then changed behind the migration's back, and the review page written by the real CLI.
Its checks are read back from the DOM — by a parser, and by headless Chromium from the OS
packages (``--dump-dom``, plus a screenshot), which skips when no browser is installed
(``.ci/chromium.sh`` installs one and exports ``HELPCTL_TEST_CHROMIUM``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run
from migrate_e2e_helpers import ROOT

from helpctl.migrate.session import Migration
from helpctl.providers.connect import Connections

EXAMPLE = ROOT / "examples" / "migrations"


class _Checks(HTMLParser):
    """``data-check`` → (verdict, ok) per record, as the DOM holds them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, dict[str, tuple[str, str]]] = {}
        self.record_ok: dict[str, str] = {}
        self._current = ""
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = {k: v or "" for k, v in attrs}
        if "data-record" in found:
            self._current = found["data-record"]
            self.record_ok[self._current] = found["data-ok"]
            self.records[self._current] = {}
        if "data-check" in found:
            self.records[self._current][found["data-check"]] = (
                found["data-verdict"], found["data-ok"],
            )  # fmt: skip


def _checks(html: str) -> _Checks:
    parsed = _Checks()
    parsed.feed(html)
    return parsed


@pytest.fixture
def reviewed(tmp_path: Path, run_cli: Callable[..., Run]) -> tuple[Path, Run]:
    """The example imported, ticket 502 set to pending on the target, the review written."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))
    mapping = folder / "forum" / "local-time" / "migration.yaml"
    ran = run_cli("migrate", "run", str(mapping), "--json", "--quiet")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    with Migration(mapping, connect=Connections) as mig:
        client: Any = mig.client(mig.mapping.target_instance)
        found = client.get("tickets", params={"external_id": "msk-forum-502"})["tickets"]
        client.put(f"tickets/{found[0]['id']}", json={"ticket": {"status": "pending"}})
    out = tmp_path / "review.html"
    review = run_cli("migrate", "review", str(mapping), "--sample", "10", "--seed", "3",
                     "--out", str(out))  # fmt: skip
    return out, review


def _assert_checks(parsed: _Checks) -> None:
    assert sorted(parsed.records) == ["501", "502", "503", "504"]
    assert parsed.record_ok == {"501": "true", "502": "false", "503": "true", "504": "true"}
    assert parsed.records["502"]["status"] == ("unexplained", "false")
    first = parsed.records["501"]
    assert first["status"] == ("explained", "true")  # answered → solved, by the mapping
    assert first["tags"] == ("explained", "true")
    assert first["requester"] == ("same", "true")
    assert first["created_at"] == ("explained", "true")  # Moscow time, shown in UTC
    assert first["comment-2-body"] == ("explained", "true")  # HTML to text, link kept


def test_review_writes_a_page_whose_checks_flag_only_what_the_mapping_does_not_explain(
    reviewed: tuple[Path, Run],
) -> None:
    out, review = reviewed
    assert review.exit_code == 3, review.stdout + review.stderr
    assert "4 records (seed 3)" in review.stdout and "1 unexplained" in review.stdout
    html = out.read_text(encoding="utf-8")
    _assert_checks(_checks(html))
    assert "threads.csv record 1" in html  # where each record was read
    assert "2011-11-04T18:49:00+04:00 (Europe/Moscow)" in html  # as the export wrote it


def _browser() -> str | None:
    return os.environ.get("HELPCTL_TEST_CHROMIUM") or shutil.which("chromium")


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [browser, "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run",
           f"--user-data-dir={profile}", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_review_page_in_a_real_browser(reviewed: tuple[Path, Run], tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium installed (.ci/chromium.sh installs it)")
    out, _ = reviewed
    url = out.resolve().as_uri()
    dumped = _chromium(browser, tmp_path / "profile", "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    parsed = _checks(dumped.stdout)
    _assert_checks(parsed)
    assert "script" not in parsed.tags
    shot = tmp_path / "review.png"
    taken = _chromium(
        browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", url
    )
    assert taken.returncode == 0, taken.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
