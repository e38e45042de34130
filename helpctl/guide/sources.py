"""Which files are articles: the tests :mod:`helpctl.config.files` runs on every file it lists.

Apart from :mod:`helpctl.guide.articles` (which reads them, with front matter, links and
Markdown) so that reading a project without articles imports none of that.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["ARTICLE_KIND", "LOCALE", "SUFFIXES", "is_article_file", "is_translation_file"]

#: The resource kind an article file holds.
ARTICLE_KIND = "hc_articles"
#: The suffixes of article files (Markdown, or HTML as Zendesk stores it).
SUFFIXES = (".md", ".html")
#: The locale at the end of a translation's stem (``refunds.es.md``, ``refunds.pt-br.md``).
LOCALE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def is_article_file(path: Path) -> bool:
    """An article's source file: a Markdown/HTML file inside an ``articles`` folder that is not
    the translation of a file beside it."""
    return (
        path.suffix in SUFFIXES
        and "articles" in path.parent.parts
        and not is_translation_file(path)
    )


def is_translation_file(path: Path) -> bool:
    stem, dot, locale = path.stem.rpartition(".")
    if not dot or not LOCALE.match(locale):
        return False
    return any((path.parent / f"{stem}{s}").is_file() for s in SUFFIXES)
