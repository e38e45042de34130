"""Markdown → HTML is deterministic; HTML → Markdown is kept only when it round-trips."""

from __future__ import annotations

from helpctl.guide import markdown_to_html, round_trips, to_markdown
from helpctl.guide.frontmatter import split

TEXT = """# Refunds

Ask the seller first. If they **do not answer** within 3 days:

1. Open the order.
2. Click *Report a problem*.

| fee | amount |
|-----|--------|

<div class="note">Raw HTML is kept.</div>
"""


def test_the_same_markdown_always_gives_the_same_html() -> None:
    first = markdown_to_html(TEXT)
    assert all(markdown_to_html(TEXT) == first for _ in range(5))
    assert "<h1>Refunds</h1>" in first
    assert "<strong>do not answer</strong>" in first
    assert '<div class="note">Raw HTML is kept.</div>' in first
    # CommonMark, not GitHub's dialect: a table stays text, so no plugin changes the output
    assert "<table>" not in first


def test_simple_html_converts_back_to_markdown_that_renders_identically() -> None:
    html = markdown_to_html("Intro with a [link](other.md) and `code`.\n\n- one\n- two\n")
    markdown = round_trips(html)
    assert markdown is not None
    assert markdown_to_html(markdown) == html


def test_html_markdown_cannot_say_is_kept_as_html() -> None:
    html = '<p>You can use our <a href="https://x.example/a" target="_blank">app</a>.</p>\n'
    assert round_trips(html) is None
    assert "target" not in to_markdown(html)  # why: the attribute would be lost


def test_front_matter_positions_are_the_file_lines() -> None:
    parts = split("---\ntitle: A\nsection: B\n---\nBody\n", "a.md")
    assert parts.meta == {"title": "A", "section": "B"}
    assert parts.meta.key_position("section") is not None
    assert parts.meta.key_position("section").line == 3  # type: ignore[union-attr]
    assert parts.body == "Body\n" and parts.body_line == 5


def test_an_unclosed_front_matter_is_a_problem_at_line_one() -> None:
    parts = split("---\ntitle: A\nBody\n", "a.md")
    assert [(p.code, p.position.line if p.position else 0) for p in parts.problems] == [
        ("hc_front_matter", 1)
    ]


def test_a_file_without_front_matter_is_all_body() -> None:
    parts = split("Just text\n", "a.md")
    assert dict(parts.meta) == {} and parts.body == "Just text\n"
