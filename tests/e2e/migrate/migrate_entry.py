"""A migration run as its own process, for tests that SIGKILL it at random instants.

    python migrate_entry.py MAPPING.yaml    (sandbox URL and e-mail in MIGRATE_URL/MIGRATE_EMAIL,
                                              its token in MIGRATE_TOKEN)

or forked from a multiprocessing forkserver with :func:`child` (no interpreter start-up and
imports per run: a kill test starts 21 runs). Exit 0 when every record is settled, 3 when some
failed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import httpx

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.imports import ZendeskImportTarget


def _sleep(seconds: float) -> None:
    """The client's pause between retries; ``MIGRATE_MAX_PAUSE`` caps it (tests under injected
    faults: the same retries, without seconds of back-off each)."""
    cap = float(os.environ.get("MIGRATE_MAX_PAUSE", "inf"))
    time.sleep(min(seconds, cap))


def main(mapping_path: Path) -> int:
    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    auth = Auth.token(os.environ["MIGRATE_EMAIL"], os.environ["MIGRATE_TOKEN"])
    with httpx.Client(timeout=60) as http, Ledger(mapping.ledger_path) as ledger:
        client = ZendeskClient(http, base_url=os.environ["MIGRATE_URL"], auth=auth, sleep=_sleep)
        target = ZendeskImportTarget(client)
        try:
            report = run(source, mapping, target, ledger)
        finally:
            target.close()
    return 0 if report.ok else 3


def child(mapping_path: str, env: dict[str, str]) -> None:
    """Entry of a forked child (multiprocessing): the environment comes as an argument."""
    os.environ.update(env)
    sys.exit(main(Path(mapping_path)))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
