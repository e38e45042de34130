"""Every bad article input is a problem with its code, file:line and hint, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project
from helpctl.errors import Problem

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "guide" / "bad"


def _problems(root: Path) -> list[Problem]:
    return validate_project(load_project(root))


def _where(problem: Problem) -> tuple[str, int]:
    assert problem.position is not None
    return problem.position.file, problem.position.line


def test_every_problem_of_the_corpus_is_reported_at_its_file_and_line() -> None:
    found = {(p.code, *_where(p)) for p in _problems(BAD)}
    assert found >= {
        ("hc_front_matter_key", "articles/faq/unknown-key.md", 4),
        ("hc_front_matter_missing", "articles/faq/no-section.md", 2),
        ("ref_unknown_hc_section", "articles/faq/missing-section.md", 3),
        ("ref_unknown_user_segment", "articles/faq/dangling-segment.md", 4),
        ("hc_link_broken", "articles/faq/broken-link.md", 7),
        ("hc_image_missing", "articles/faq/broken-link.md", 7),
        ("hc_translation_outdated", "articles/faq/outdated.fr.md", 3),
        ("file_not_utf8", "articles/faq/latin1.md", 5),
    }


def test_hints_say_what_to_do() -> None:
    by_code = {p.code: p for p in _problems(BAD)}
    assert by_code["hc_front_matter_key"].hint == "did you mean `promoted`?"
    assert by_code["hc_link_broken"].hint == "did you mean `unknown-key.md`?"
    assert "source_hash:" in by_code["hc_translation_outdated"].hint
    assert by_code["hc_translation_outdated"].severity == "warning"


def test_an_image_over_20_mb_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(BAD, root)
    with (root / "articles" / "faq" / "big.png").open("wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written
    (root / "articles" / "faq" / "big.md").write_text(
        "---\ntitle: Big\nsection: FAQ\n---\n![big](big.png)\n", encoding="utf-8"
    )
    (problem,) = [p for p in _problems(root) if p.code == "hc_image_too_large"]
    assert _where(problem) == ("articles/faq/big.md", 5)
    assert "20 MB" in problem.message


def test_a_good_article_with_translation_and_image_has_no_problem(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "articles" / "faq").mkdir(parents=True)
    (root / "helpctl.yaml").write_text(
        "version: 1\ninstances:\n  ok:\n    backend: sandbox\n    include: [s.yaml, articles/]\n",
        encoding="utf-8",
    )
    (root / "s.yaml").write_text(
        "hc_categories: [{name: Help}]\nhc_sections: [{name: FAQ, category: Help}]\n",
        encoding="utf-8",
    )
    faq = root / "articles" / "faq"
    (faq / "a.md").write_text(
        "---\ntitle: A\nsection: FAQ\n---\nSee [b](b.md) ![x](x.png)\n", encoding="utf-8"
    )
    (faq / "b.md").write_text("---\ntitle: B\nsection: FAQ\n---\nBack to [a](a.md#top)\n", "utf-8")
    (faq / "b.de.md").write_text("---\ntitle: B (de)\n---\nZurück zu [a](a.md)\n", "utf-8")
    (faq / "x.png").write_bytes(b"\x89PNG")
    assert _problems(root) == []
