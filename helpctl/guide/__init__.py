"""Help Center content as files: Markdown (or HTML) articles with a front matter, their
translations beside them, relative links between them and images beside them.

Pure: no HTTP, no printing. :mod:`.render` turns Markdown into HTML (and back, for export),
:mod:`.links` moves links and images between the file form, helpctl's canonical form and
Zendesk's URLs, :mod:`.frontmatter` splits a file, :mod:`.articles` reads an article with its
translations into the data of one ``hc_articles`` object plus the problems found on the way.
"""

from __future__ import annotations

from helpctl.guide.render import markdown_to_html, round_trips, to_markdown

__all__ = ["markdown_to_html", "round_trips", "to_markdown"]
