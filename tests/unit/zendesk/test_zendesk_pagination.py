"""Reading where the next page is, in both of Zendesk's shapes."""

from __future__ import annotations

import pytest

from helpctl.zendesk.pagination import MissingContinuation, first_page_params, next_page


def test_cursor_page_with_more_gives_its_next_link() -> None:
    body = {"meta": {"has_more": True, "after_cursor": "a"}, "links": {"next": "https://h/x?a"}}

    nxt = next_page(body)

    assert nxt is not None and nxt.url == "https://h/x?a"


def test_cursor_page_without_more_ends_even_with_a_next_link() -> None:
    body = {"meta": {"has_more": False, "after_cursor": "a"}, "links": {"next": "https://h/x?a"}}

    assert next_page(body) is None


def test_cursor_page_with_only_a_cursor_continues_by_cursor() -> None:
    nxt = next_page({"meta": {"has_more": True, "after_cursor": "YQ=="}})

    assert nxt is not None and (nxt.url, nxt.after, nxt.token) == (None, "YQ==", "after:YQ==")


def test_cursor_page_with_more_but_nowhere_to_go_is_an_error() -> None:
    with pytest.raises(MissingContinuation):
        next_page({"meta": {"has_more": True}, "links": {"next": None}})


@pytest.mark.parametrize(
    ("body", "url"),
    [
        ({"next_page": "https://h/groups.json?page=2", "count": 3}, "https://h/groups.json?page=2"),
        ({"next_page": None, "count": 3}, None),
        ({"count": 0}, None),
    ],
)
def test_offset_page_continues_at_next_page_until_null(
    body: dict[str, object], url: str | None
) -> None:
    nxt = next_page(body)

    assert (nxt.url if nxt else None) == url


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("cursor", {"access": "shared", "page[size]": 50}),
        ("offset", {"access": "shared", "per_page": 50}),
        ("none", {"access": "shared"}),
    ],
)
def test_first_page_params_add_the_page_size_of_the_style(
    style: str, expected: dict[str, object]
) -> None:
    params = {"access": "shared"}

    assert first_page_params(style, params, 50) == expected  # type: ignore[arg-type]
    assert params == {"access": "shared"}  # the caller's mapping is left alone
