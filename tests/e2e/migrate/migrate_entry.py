"""A migration run as its own process, for tests that SIGKILL it at random instants.

    python migrate_entry.py MAPPING.yaml    (sandbox URL and e-mail in MIGRATE_URL/MIGRATE_EMAIL,
                                              its token in MIGRATE_TOKEN)

Exit 0 when every record is settled, 3 when some failed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source
from helpctl.migrate.target import Target
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient


def main(mapping_path: Path) -> int:
    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    auth = Auth.token(os.environ["MIGRATE_EMAIL"], os.environ["MIGRATE_TOKEN"])
    with httpx.Client(timeout=60) as http, Ledger(mapping.ledger_path) as ledger:
        client = ZendeskClient(http, base_url=os.environ["MIGRATE_URL"], auth=auth)
        target = Target(client)
        try:
            report = run(source, mapping, target, ledger)
        finally:
            target.close()
    return 0 if report.ok else 3


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
