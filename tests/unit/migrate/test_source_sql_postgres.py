"""The sql source against a real PostgreSQL server (started by `.ci/run`; skipped without one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source

pytestmark = pytest.mark.postgres


@pytest.fixture
def schema_url() -> Iterator[str]:
    """A URL whose connections see a fresh, empty schema; the schema is dropped afterwards."""
    base = os.environ.get("HELPCTL_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("HELPCTL_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"helpctl_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_homegrown_database_on_postgres_streams_through_the_sql_source(
    schema_url: str, homegrown: ModuleType, homegrown_dir: Path
) -> None:
    engine = create_engine(schema_url)
    homegrown.generate(engine, 1_200, 3, seed=11)
    engine.dispose()
    mapping = load_mapping(homegrown_dir / "migration.yaml")
    source = open_source({**mapping.source_spec, "url": schema_url, "batch": 250}, Path("."))
    assert source.count() == 1_200
    results = [mapping.map_ticket(t) for t in source.tickets()]
    assert all(isinstance(r, MappedTicket) for r in results)
    tickets = [r for r in results if isinstance(r, MappedTicket)]
    assert [t.source_id for t in tickets] == [str(i) for i in range(1, 1_201)]
    assert all(len(t.comments) == 3 for t in tickets)
    assert all(t.fields["Contact reason"].startswith("reason_") for t in tickets)
    assert {c.created_at.tzinfo is not None for t in tickets for c in t.comments} == {True}
