"""Help Center articles (identity ``title``), written as Markdown or HTML files with a front
matter; see :mod:`helpctl.guide.articles` for how files become these attrs.

``body`` and each translation's ``body`` are canonical HTML: links to other articles are
``hc:article/<title>``, images ``hc:attachment/<file name>``. ``files`` (attachment name → the
image file to upload) steers the apply only and is never compared.
"""

from collections.abc import Iterator
from typing import Any

from helpctl.guide.links import token_title
from helpctl.resources.base import KindSpec, Reference, UnknownRef
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "HcArticle", "HcTranslation"]


class HcTranslation(ConfigModel):
    """One translation of an article, in one locale."""

    title: str
    body: str
    draft: bool | None = None


class HcArticle(ResourceModel):
    """One article in its source locale, with its translations."""

    title: str
    section: str
    body: str
    position: int | None = None
    labels: list[str] | None = None
    promoted: bool | None = None
    comments_disabled: bool | None = None
    user_segment: str | None = None
    permission_group: str | None = None
    draft: bool | None = None
    locale: str | None = None
    translations: dict[str, HcTranslation] | None = None
    files: dict[str, str] | None = None


def _links(path: str, html: str) -> Iterator[Reference]:
    for part in html.split('href="')[1:]:
        found = token_title(part.partition('"')[0])
        if found is not None:
            yield Reference(path, "hc_articles", found[0])


def _refs(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from all_placeholder_refs(attrs)
    yield Reference("section", "hc_sections", attrs["section"])
    if attrs.get("user_segment"):
        yield Reference("user_segment", "user_segments", attrs["user_segment"])
    if attrs.get("permission_group"):
        yield Reference("permission_group", "permission_groups", attrs["permission_group"])
    yield from _links("body", attrs.get("body") or "")
    for locale, tr in sorted((attrs.get("translations") or {}).items()):
        yield from _links(f"translations.{locale}.body", tr.get("body") or "")


SPEC = KindSpec(
    name="hc_articles",
    identity="title",
    model=HcArticle,
    depends_on=("hc_sections", "user_segments", "permission_groups"),
    references=_refs,
    defaults={
        "position": 0,
        "labels": [],
        "promoted": False,
        "comments_disabled": False,
        "user_segment": None,
        "draft": False,
        "locale": "en-us",
        "translations": {},
    },
    immutable=("locale",),
    singular="article",
    export_order=240,
    never_compared=frozenset({"renamed_from", "files"}),
    unknown_ref=UnknownRef(
        "ref_unknown_hc_article",
        "article",
        "an article linked here is neither in the config nor declared external",
    ),
)
