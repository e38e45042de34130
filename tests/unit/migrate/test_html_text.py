"""HTML bodies as plain text (``comments.body: text``): links keep their target, lists and
line breaks survive."""

from __future__ import annotations

import pytest

from helpctl.migrate.html_text import html_to_text


def test_a_link_keeps_its_text_and_its_target() -> None:
    body = '<p>Проверьте настройки DNS: <a href="http://example.ru">пример</a>.</p>'
    assert html_to_text(body) == "Проверьте настройки DNS: пример (http://example.ru)."


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('<a href="https://x.example/">https://x.example/</a>', "https://x.example/"),
        ('<a href="https://x.example/">https://x.example</a>', "https://x.example"),
        ('write to <a href="mailto:help@x.example">help@x.example</a>', "write to help@x.example"),
        ('<a href="#top">back to top</a>', "back to top"),
        ('<a href="javascript:void(0)">click</a>', "click"),
        ('<a href="https://x.example/a">  </a>', "https://x.example/a"),
    ],
)
def test_a_link_is_written_once_when_text_and_target_agree(body: str, text: str) -> None:
    assert html_to_text(body) == text


def test_lists_become_dashes_and_numbers_nested_lists_indent() -> None:
    body = (
        "<p>Steps:</p><ol><li>open <b>Settings</b></li>"
        "<li>then<ul><li>a</li><li>b</li></ul></li></ol><p>Done</p>"
    )
    assert html_to_text(body) == "Steps:\n\n1. open Settings\n2. then\n  - a\n  - b\n\nDone"


def test_breaks_paragraphs_and_divs() -> None:
    body = "<p>one<br>two<br/>three</p><p>next</p><div>a</div><div>b</div>"
    assert html_to_text(body) == "one\ntwo\nthree\n\nnext\n\na\nb"


def test_markup_whitespace_collapses_but_pre_keeps_its_spacing() -> None:
    body = "<p>a\n   b\t c</p><pre>  x = 1\n  y = 2</pre>"
    assert html_to_text(body) == "a b c\n\n  x = 1\n  y = 2"


def test_entities_scripts_images() -> None:
    body = (
        '<p>Tom &amp; Jerry&nbsp;&lt;3</p><script>alert("x")</script><style>p{}</style>'
        '<p><img src="https://x.example/logo.png" alt="logo"></p>'
    )
    assert html_to_text(body) == (
        "Tom & Jerry\u00a0<3\n\n[image: logo] (https://x.example/logo.png)"
    )


def test_broken_markup_does_not_raise_and_keeps_the_text() -> None:
    assert html_to_text("<p>unclosed <b>bold <a href='u'>link") == "unclosed bold link (u)"
    assert html_to_text("plain text, no tags") == "plain text, no tags"
