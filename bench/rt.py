"""Reading a Request Tracker 5 with the ``rt`` source: tickets/s and requests per ticket.

    . .ci/rt.sh && python examples/migrations/rt/seed.py --url $HELPCTL_TEST_RT_URL
    python bench/rt.py [--url URL] [--user root] [--password password]

Reads every ticket the account sees (the source alone: no mapping, no target) and prints
tickets, comments, files, requests, seconds, tickets/s and requests per ticket, for a user and
password (one web login, then RT's session cookie) and, with ``--basic-compare``, the same read
over basic auth on every request to show what the login saves.

RT's own API is the bound. REST 2 has no way to read a ticket's conversation in one call, so
per ticket the source needs: 0 requests for the ticket itself (its fields, requestors, Cc and
custom fields come in the listing, 100 tickets a request), 1 for its history (per 100
transactions), 1 for the list of its MIME parts (per 100), then 1 per message body (the list's
decoded ``Content`` cannot be trusted for binary files and would carry every file in one
answer, so bodies and files are fetched one by one as base64) and 1 per file; users cost 1 each,
once per run. The seeded history (10 tickets, 2.8 messages and 0.6 files each) needs about 6
requests per ticket. Each request costs RT ~0.04-0.1 s with a session cookie and ~0.3 s more
with basic auth or a token (RT hashes the secret on every request), which is why the source
logs in once when it can. Measured (RT 5.0.3 standalone, SQLite, a shared 2-core machine; the
seed run three and four times): session cookie 2.2 tickets/s (30 tickets, busy machine) to
10.7 tickets/s (40 tickets, quiet), 5.5-5.6 requests/ticket; basic auth 0.21 tickets/s (30
tickets, busy), the same requests.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from helpctl.migrate.sources import open_source
from helpctl.migrate.sources.rt import RtSource


def measure(url: str, user: str, password: str, basic: bool = False) -> dict[str, float]:
    os.environ["HELPCTL_BENCH_RT_PASSWORD"] = password
    spec = {
        "kind": "rt",
        "url": url,
        "auth": {"user": user, "password": {"env": "HELPCTL_BENCH_RT_PASSWORD"}},
    }
    source = open_source(spec, Path("."))
    assert isinstance(source, RtSource)
    if basic:  # skip the web login: every request carries (and RT re-hashes) the password
        import httpx

        source.client._ready = True
        source.client._basic = httpx.BasicAuth(user, password)
    start = time.perf_counter()
    tickets = comments = files = 0
    for t in source.tickets():
        tickets += 1
        comments += len(t.comments)
        files += sum(len(c.attachments) for c in t.comments)
    took = time.perf_counter() - start
    requests = source.client.requests
    source.client.close()
    return {
        "tickets": tickets,
        "comments": comments,
        "files": files,
        "requests": requests,
        "seconds": round(took, 2),
        "tickets_per_s": round(tickets / took, 2),
        "requests_per_ticket": round(requests / max(tickets, 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url", default=os.environ.get("HELPCTL_TEST_RT_URL", "http://127.0.0.1:58080")
    )
    parser.add_argument("--user", default=os.environ.get("HELPCTL_TEST_RT_USER", "root"))
    parser.add_argument(
        "--password", default=os.environ.get("HELPCTL_TEST_RT_PASSWORD", "password")
    )
    parser.add_argument("--basic-compare", action="store_true", help="also read with basic auth")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    args = parser.parse_args()
    results = {}
    modes = [("session cookie", False)] + ([("basic auth", True)] if args.basic_compare else [])
    for label, basic in modes:
        results[label] = measure(args.url, args.user, args.password, basic)
        if not args.json:
            print(f"{label:15} " + "  ".join(f"{k} {v}" for k, v in results[label].items()))
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
