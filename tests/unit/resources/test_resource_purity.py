"""The resource layer and the payload mapping are pure: no HTTP, CLI or rendering imports."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("httpx", "typer", "tabulate", "rich")


def test_domain_and_payload_modules_import_no_io_or_cli_library() -> None:
    code = (
        "import sys\n"
        "import helpctl.resources.validate, helpctl.resources.catalogue\n"
        "import helpctl.zendesk.payloads\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == ""
