"""One article base, many markets: an overlay file (the title, no body) adds a market's
translations to a shared article; each instance gets only its own market's."""

from __future__ import annotations

from pathlib import Path

from helpctl.config.desired import load_desired
from helpctl.config.loader import load_project

CONFIGS = Path(__file__).resolve().parents[3] / "configs"
SHARED = "Meeting a buyer or seller safely"


def test_each_market_gets_the_shared_article_with_its_own_translations() -> None:
    project = load_project(CONFIGS)
    seen = {}
    for name in ("latam", "emea", "india"):
        state, problems = load_desired(project, name)
        assert [p for p in problems if p.severity == "error"] == []
        article = state.get("hc_articles", SHARED)
        assert article is not None
        seen[name] = article.attrs
    assert {k: sorted(a["translations"]) for k, a in seen.items()} == {
        "latam": ["es", "pt-br"],
        "emea": ["de", "fr"],
        "india": ["hi"],
    }
    bodies = {a["body"] for a in seen.values()}
    assert len(bodies) == 1 and "<li>Meet in a busy public place" in bodies.pop()
    assert {a["section"] for a in seen.values()} == {"Safety"}
