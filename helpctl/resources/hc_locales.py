"""The help center's enabled languages, checked offline.

A Zendesk help center serves only the languages its admin enabled, and refuses a category,
section or article whose source locale is another, and a translation in another. A project
declares the languages of an instance's help center (``help_center: {locales: […]}`` in
`helpctl.yaml`); every Help Center object of that instance must then use only those.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from helpctl.errors import Problem
from helpctl.resources.state import Resource, State

__all__ = ["HC_KINDS", "locale_problems"]

#: Help Center kinds and the locale a new object gets when it names none (their defaults).
HC_KINDS = ("hc_categories", "hc_sections", "hc_articles")
_DEFAULT = "en-us"


def _locales(res: Resource) -> Iterator[tuple[str, str]]:
    """(path, locale) of every language ``res`` is written in: its source, its translations."""
    yield "locale", str(res.attrs.get("locale") or _DEFAULT)
    for locale in sorted(res.attrs.get("translations") or {}):
        yield f"translations.{locale}", str(locale)


def locale_problems(state: State, enabled: Sequence[str]) -> list[Problem]:
    """``hc_locale_not_enabled`` for every Help Center object of ``state`` written in a language
    its help center has not enabled (``enabled``: the instance's declared locales)."""
    allowed = {loc.lower() for loc in enabled}
    shown = ", ".join(enabled)
    problems = []
    for kind in HC_KINDS:
        for res in state.of(kind):
            for path, locale in _locales(res):
                if locale.lower() in allowed:
                    continue
                ident = f"{kind}[{res.key}]"
                problems.append(
                    Problem(
                        "hc_locale_not_enabled",
                        f"locale `{locale}` is not enabled in this instance's help center "
                        f"(enabled: {shown}); Zendesk refuses it",
                        res.where(path),
                        f"{ident}.{path}",
                        hint=f"add `{locale}` to instances.{state.instance}.help_center.locales "
                        "(and enable it in Guide's settings), or drop this translation",
                        instance=state.instance,
                    )
                )
    return problems
