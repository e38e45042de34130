"""`help_center: {locales: […]}` declares the languages an instance's help center has enabled:
validate then refuses, offline, every category, section, article or translation in another
(`hc_locale_not_enabled`), as Zendesk does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project
from helpctl.errors import HelpctlError
from helpctl.resources.hc_locales import locale_problems
from helpctl.resources.state import Resource, State

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart"


def _quickstart(tmp_path: Path, locales: str) -> Path:
    root = tmp_path / "qs"
    shutil.copytree(QUICKSTART, root, ignore=shutil.ignore_patterns(".helpctl"))
    project = root / "helpctl.yaml"
    text = project.read_text("utf-8")
    assert "locales: [en-us, es]" in text
    project.write_text(text.replace("locales: [en-us, es]", f"locales: {locales}"), "utf-8")
    return root


def test_a_translation_in_a_locale_not_enabled_is_an_error_at_its_file(tmp_path: Path) -> None:
    problems = validate_project(load_project(_quickstart(tmp_path, "[en-us]")), workers=1)
    assert [(p.code, p.severity, p.path) for p in problems] == [
        ("hc_locale_not_enabled", "error", "hc_articles[How to buy an item].translations.es")
    ]
    (problem,) = problems
    assert problem.position is not None
    assert problem.position.file.endswith("how-to-buy.es.md")
    assert "help_center.locales" in problem.hint


def test_the_declared_locales_accept_the_quickstart(tmp_path: Path) -> None:
    assert validate_project(load_project(_quickstart(tmp_path, "[en-us, es]")), workers=1) == []


def test_without_a_declaration_no_locale_is_checked(tmp_path: Path) -> None:
    root = _quickstart(tmp_path, "[en-us]")
    project = root / "helpctl.yaml"
    lines = project.read_text("utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if "help_center:" not in ln and "locales:" not in ln]
    project.write_text("".join(kept), "utf-8")
    assert load_project(root).instance("sandbox").hc_locales is None
    assert validate_project(load_project(root), workers=1) == []


@pytest.mark.parametrize("bad", ["[EN_US]", "[]", "en-us"])
def test_a_malformed_locale_list_is_refused_by_the_loader(tmp_path: Path, bad: str) -> None:
    with pytest.raises(HelpctlError) as caught:
        load_project(_quickstart(tmp_path, bad))
    assert "help_center" in str(caught.value) or "locales" in str(caught.value)


def test_every_help_center_kind_and_the_source_locale_are_checked() -> None:
    state = State("desk")
    state.add(Resource("hc_categories", "General", {"name": "General"}))  # en-us by default
    state.add(
        Resource("hc_sections", "FAQ", {"name": "FAQ", "category": "General", "locale": "fr"})
    )
    article = {
        "title": "Hello",
        "section": "FAQ",
        "body": "<p>Hi</p>",
        "locale": "de",
        "translations": {"fr": {"title": "Salut", "body": "<p>Salut</p>"}},
    }
    state.add(Resource("hc_articles", "Hello", article))
    found = [(p.path, p.instance) for p in locale_problems(state, ["en-us", "FR"])]
    assert found == [("hc_articles[Hello].locale", "desk")]
    paths = [p.path for p in locale_problems(state, ["de"])]
    assert paths == [
        "hc_categories[General].locale",
        "hc_sections[FAQ].locale",
        "hc_articles[Hello].translations.fr",
    ]
