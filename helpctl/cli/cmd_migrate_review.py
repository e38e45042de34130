"""``helpctl migrate review MAPPING.yaml --sample N --out review.html [--seed S]``: N sampled
records beside their tickets on the target, as one self-contained HTML page to sign off."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Annotated

import typer

from helpctl.cli.cmd_migrate import MappingArg, ProjectOpt, _open
from helpctl.migrate.review_html import render_review

__all__ = ["register"]

EPILOG = """\b
Examples:
  helpctl migrate review migrations/forum.yaml --sample 20 --out review.html
  helpctl migrate review migrations/forum.yaml --sample 20 --seed 7 --out review.html
\b
Run it after a trial import (or the real one): each record is shown as read (with its file and
line) and as the ticket stands on the target; differences the mapping explains are marked,
others flagged. The page needs no network and no JavaScript; print it or sign it in place.
Exit codes: 0 every difference explained · 1 error · 3 some differences unexplained.
"""


def review_cmd(
    mapping: MappingArg,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    sample: Annotated[int, typer.Option("--sample", min=1, help="Records to sample.")] = 20,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Sampling seed (default: random, printed).")
    ] = None,
    project: ProjectOpt = None,
) -> None:
    """Review N sampled records side by side with the target, as an HTML page to sign off."""
    chosen = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    with _open(mapping, project) as mig:
        page = mig.review(sample=sample, seed=chosen)
    out.write_text(render_review(page), encoding="utf-8")
    counts = page.counts()
    typer.echo(
        f"{out}: {len(page.records)} records (seed {chosen}); {counts['same']} same,"
        f" {counts['explained']} explained, {counts['unexplained']} unexplained"
    )
    if not page.ok:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Add ``review`` to the ``migrate`` group."""
    app.command("review", epilog=EPILOG)(review_cmd)
