"""Applying help center files: only changed translations are sent, and an article whose image
cannot be uploaded is not created at all (never published with a broken image)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.errors import ApiError
from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections
from helpctl.zendesk.guide_ops import GuideWriter

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart"
ARTICLES = Path("config") / "help_center" / "articles"


@pytest.fixture
def quickstart(tmp_path: Path) -> Path:
    root = tmp_path / "qs"
    shutil.copytree(QUICKSTART, root, ignore=shutil.ignore_patterns(".helpctl"))
    return root


def _apply(root: Path) -> tuple[list[str], dict[str, int]]:
    """Plan and apply; (each change's status and reason, requests by method during it)."""
    project = load_project(root)
    with Connections(project) as conns:
        provider, client = conns.provider("sandbox"), conns.client("sandbox")
        planned = plan_instance(project, "sandbox", provider)
        client.stats.reset()
        report = apply_planned(provider, planned.plan)
        statuses = [
            f"{r.status} {r.change.kind} {r.change.key}" + (f": {r.reason}" if r.reason else "")
            for r in report.results
        ]
        return statuses, dict(client.stats.by_method)


def test_only_the_changed_translation_is_sent(quickstart: Path) -> None:
    _apply(quickstart)
    spanish = quickstart / ARTICLES / "buying" / "how-to-buy.es.md"
    spanish.write_text(spanish.read_text("utf-8").replace("Cómo comprar", "Comprar"), "utf-8")
    statuses, methods = _apply(quickstart)
    assert statuses == ["done hc_articles How to buy an item"]
    # one PUT (the es translation), then the article is read back once
    assert methods == {"PUT": 1, "GET": 1}
    again, _ = _apply(quickstart)
    assert again == []


def test_an_article_whose_image_fails_to_upload_is_not_created(
    quickstart: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: GuideWriter, name: str, path: Path) -> object:
        raise ApiError(f"upload of {name} refused", method="POST", path="attachments")

    monkeypatch.setattr(GuideWriter, "_upload_one", refuse)
    statuses, _ = _apply(quickstart)
    assert (
        "failed hc_articles How to post an ad: POST attachments: upload of ad-form.png refused"
        in statuses
    )
    # the article linking to it exists, and says its link could not be filled in
    assert (
        "failed hc_articles How to buy an item: links to articles that were not created: "
        "`How to post an ad`"
    ) in statuses
    project = load_project(quickstart)
    with Connections(project) as conns:
        titles = [
            a["title"] for a in conns.client("sandbox").get("help_center/articles")["articles"]
        ]
    assert titles == ["How to buy an item"]
    monkeypatch.undo()
    statuses, _ = _apply(quickstart)  # the next apply creates it, image and all, and the link
    assert sorted(statuses) == [
        "done hc_articles How to buy an item",
        "done hc_articles How to post an ad",
    ]
    assert _apply(quickstart)[0] == []
