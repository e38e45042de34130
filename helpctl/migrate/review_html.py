"""The ``migrate review`` page rendered as one self-contained HTML file (jinja2, autoescaped).

The page model comes from :mod:`.review`; the template is ``templates/review.html.j2``: inline
CSS, no scripts, no external assets, and a Content-Security-Policy that allows none, so the file
reads the same anywhere, offline. Everything from the legacy system or the target (subjects,
HTML bodies, names) is escaped and shown as text: hostile legacy HTML is displayed, never run.
Each check carries ``data-check``, ``data-verdict`` and ``data-ok`` attributes, each record
``data-record`` and ``data-ok``, so a browser (or a test) can read the results from the DOM.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from helpctl.migrate.review import ReviewPage

__all__ = ["render_review"]

_ENV = Environment(
    loader=PackageLoader("helpctl.migrate", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_review(page: ReviewPage) -> str:
    """The review page as HTML text."""
    return _ENV.get_template("review.html.j2").render(page=page)
