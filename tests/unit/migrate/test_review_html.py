"""The review page: self-contained (no scripts, no external assets), every check readable from
the DOM, and hostile legacy HTML shown as text, never run or injected."""

from __future__ import annotations

from html.parser import HTMLParser

from helpctl.migrate.review import CommentPair, ReviewPage, ReviewRecord
from helpctl.migrate.review_checks import Check
from helpctl.migrate.review_html import render_review

HOSTILE = [
    "<script>alert('subject')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(2)>',
    "</pre></td></tr></table><iframe src='http://evil.example'></iframe>",
    "{{ 7*7 }}",
]
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div", "p", "b", "span",
    "section", "table", "tr", "th", "td", "pre", "form", "label", "input",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.checks: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs
        found = dict(attrs)
        if "data-check" in found:
            self.checks.append(found)


def _page() -> ReviewPage:
    evil = " ".join(HOSTILE)
    record = ReviewRecord(
        source_id='42"><script>alert(3)</script>', origin="posts.csv:7", state="imported",
        external_id="x-42", ticket_id=9,
        source_fields=[("subject", evil)], target_fields=[("subject", evil)],
        checks=[
            Check("subject", "same", evil, evil),
            Check("status", "explained", "answered", "solved", "status mapped: answered → solved"),
            Check('tags"><b onmouseover=x>', "unexplained", "a", "b", evil),
        ],
        comments=[
            CommentPair(1, {"id": "p1", "author": evil, "time": "t", "visibility": "public",
                            "format": "HTML", "body": evil, "attachments": evil},
                        None, [Check("body", "explained", evil, evil, "HTML converted to text")]),
        ],
    )  # fmt: skip
    return ReviewPage("forum.yaml", "forum", "sandbox", 7, 100, [record])


def test_hostile_legacy_html_is_shown_as_text_never_as_markup() -> None:
    out = render_review(_page())
    parsed = _Tags()
    parsed.feed(out)
    assert parsed.tags <= TEMPLATE_TAGS, parsed.tags - TEMPLATE_TAGS
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in out
    assert "{{ 7*7 }}" in out and "49" not in out


def test_the_page_is_self_contained_and_its_checks_are_in_the_dom() -> None:
    out = render_review(_page())
    parsed = _Tags()
    parsed.feed(out)
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert not [v for name, v in parsed.attrs if name in ("src", "href")]
    assert "url(" not in out and "@import" not in out
    assert "default-src 'none'" in out
    checks = {c["data-check"]: (c["data-verdict"], c["data-ok"]) for c in parsed.checks}
    assert checks["status"] == ("explained", "true")
    assert checks['tags"><b onmouseover=x>'] == ("unexplained", "false")
    assert checks["comment-1-body"] == ("explained", "true")
    assert 'id="signoff"' in out and "Accepted" in out
    assert 'data-record="42&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in out
