"""Reading where the next page is, in both of Zendesk's shapes."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from helpctl.zendesk.pagination import (
    MissingContinuation,
    PageError,
    first_page_params,
    iter_pages,
    next_page,
)


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


class Pages:
    """A fake server: answers by (path, frozen params) and records what was asked."""

    def __init__(self, answers: dict[str, dict[str, object]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, path: str, params: Mapping[str, object] | None) -> object:
        query = "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
        key = f"{path}?{query}" if query else path
        self.asked.append(key)
        return self.answers[key]


def test_iter_pages_fetches_the_next_page_only_when_it_is_reached() -> None:
    fetch = Pages(
        {
            "groups?per_page=100": {"groups": [1, 2], "next_page": "https://h/p2"},
            "https://h/p2": {"groups": [3], "next_page": None},
        }
    )

    items = iter_pages(fetch, "groups", "groups", "offset")
    assert next(items) == 1
    assert len(fetch.asked) == 1
    assert list(items) == [2, 3]
    assert len(fetch.asked) == 2


def test_iter_pages_refuses_a_page_handed_out_twice() -> None:
    loop = {"t": [1], "meta": {"has_more": True}, "links": {"next": "https://h/again"}}
    fetch = Pages({"t?page[size]=100": loop, "https://h/again": loop})

    with pytest.raises(PageError, match="same page twice") as caught:
        list(iter_pages(fetch, "t", "t", "cursor"))

    assert caught.value.path == "t"


def test_iter_pages_refuses_an_answer_without_the_list() -> None:
    fetch = Pages({"t": {"error": "nope"}})

    with pytest.raises(PageError, match="no 't' list"):
        list(iter_pages(fetch, "t", "t", "none"))
