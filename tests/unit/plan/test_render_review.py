"""A fleet's plan for people: text with each change once and nothing cut, Markdown that renders
as a PR comment (parsed and turned into HTML with markdown-it-py), problems grouped."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from review_fixtures import MARKETS, fleet_plans, update

from helpctl.cli.problems import Format, render_problems
from helpctl.cli.render_markdown import PlanRow, render_markdown
from helpctl.cli.render_plan import render_review
from helpctl.errors import Position, Problem
from helpctl.plan import InstancePlan


def test_text_review_shows_the_changed_words_once_naming_every_instance() -> None:
    text = render_review(fleet_plans())
    assert text.count("update dynamic_content 'auto_reply'") == 1
    assert "[on all 3 instances: latam, emea, india]" in text
    assert text.count("- …Зазвичай ми відповідаємо протягом робочого дня.") == 1
    assert text.count("+ …Зазвичай ми відповідаємо протягом двох робочих днів.") == 1
    assert "update ticket_fields 'Reason'  [on latam]" in text
    assert '+ custom_field_options[value=vip]: {"name": "VIP", "value": "vip"}' in text


def test_long_text_is_never_cut() -> None:
    old, new = "word " * 200 + "end", "word " * 200 + "finish"
    text = render_review([InstancePlan("x", [update("groups", "G", "description", old, new)])])
    assert "…" not in text
    assert f"- {old}" in text and f"+ {new}" in text


def test_a_multi_line_text_is_a_line_diff() -> None:
    old = "line one\nline two\nline three\nline four"
    new = "line one\nline 2\nline three\nline four"
    text = render_review([InstancePlan("x", [update("macros", "M", "description", old, new)])])
    lines = [line.strip() for line in text.splitlines()]
    assert lines[2:5] == ["line one", "- line two", "+ line 2"]


def test_markdown_plan_renders_as_a_pr_comment() -> None:
    plans = fleet_plans()
    rows = [PlanRow(p.instance, p, "changes") for p in plans]
    rows.append(PlanRow("apac", None, "error", "! cannot reach apac\nhint: check the URL"))
    md = render_markdown(rows)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    kinds = [t.type for t in tokens]
    assert "table_open" in kinds
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[1:8] == ["instance", "create", "update", "delete", "reorder", "status", "latam"]
    fences = [t for t in tokens if t.type == "fence"]
    assert fences[0].info == "diff"
    assert "+ …Зазвичай ми відповідаємо протягом двох робочих днів." in fences[0].content
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<details><summary><b>") == 2  # dynamic_content, ticket_fields
    assert "on all 4 instances" not in html and ", ".join(MARKETS) in html
    assert "cannot reach apac" in html


def test_markdown_fence_is_not_closed_by_backticks_in_a_value() -> None:
    change = update("macros", "M", "description", "use ``` here", "use ```` there")
    md = render_markdown([PlanRow("x", InstancePlan("x", [change]), "changes")])
    [fence] = [t for t in MarkdownIt().parse(md) if t.type == "fence"]
    assert "use ```` there" in fence.content


def _problems() -> list[Problem]:
    where = Position("base/triggers.yaml", 4, 3)
    return [Problem("ref_unknown_group", "no group 'X'", where, instance=m) for m in MARKETS]


def test_a_problem_of_the_shared_base_is_one_line_naming_the_instances(
    capsys: pytest.CaptureFixture[str],
) -> None:
    render_problems(_problems(), list(MARKETS), Format.text, tool="validate")
    out = capsys.readouterr().out
    assert out.count("ref_unknown_group") == 1
    assert "[instances latam, emea, india]" in out
    assert "invalid: 3 errors" in out


def test_a_problem_of_the_shared_base_is_one_github_annotation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    render_problems(_problems(), list(MARKETS), Format.github, tool="validate")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=base/triggers.yaml,line=4,col=3,")
    assert "[instances latam, emea, india]" in lines[0]
