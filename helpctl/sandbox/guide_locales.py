"""The languages a sandbox help center has enabled.

In Zendesk a help center serves only the languages its admin enabled (Guide settings; no public
API changes them) and refuses an article, section, category or translation in any other. The
sandbox keeps one account's enabled locales as one stored document, set by whoever starts it
(:meth:`helpctl.sandbox.runner.SandboxServer.set_hc_locales`, from an instance's
``help_center: {locales: […]}``); ``GET /help_center/locales`` lists them as Zendesk does.
An account nobody configured accepts every locale (a fresh sandbox stays easy to use), and lists
the locales its content uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from helpctl.sandbox.crud import Route
from helpctl.sandbox.replies import Call, Reply, bad_request
from helpctl.sandbox.store import Store

__all__ = ["check_hc_locale", "guide_locale_routes", "set_hc_locales"]

_KIND = "help_center/settings"
_ID = 1
_DEFAULT = "en-us"


def set_hc_locales(store: Store, account: str, locales: Sequence[str] | None) -> None:
    """Enable exactly ``locales`` (the first is the default) in ``account``'s help center;
    None accepts every locale again."""
    if locales is None:
        store.delete(account, _KIND, [_ID])
        return
    store.put(account, _KIND, _ID, {"locales": [str(loc).lower() for loc in locales]})


def _enabled(call: Call) -> list[str] | None:
    row = call.ctx.store.get(call.ctx.name, _KIND, _ID)
    return list(row.doc()["locales"]) if row is not None else None


def check_hc_locale(call: Call, locale: Any) -> None:
    """Refuse ``locale`` (400 ``InvalidLocale``) unless the help center has enabled it."""
    enabled = _enabled(call)
    if enabled is None or str(locale).lower() in enabled:
        return
    raise bad_request(
        "InvalidLocale",
        f"Locale {locale} is not enabled in this help center (enabled: {', '.join(enabled)})",
    )


def _list(call: Call) -> Reply:
    enabled = _enabled(call)
    if enabled is None:
        used = {
            str(tr.get("locale"))
            for kind in ("help_center/articles", "help_center/sections", "help_center/categories")
            for row in call.ctx.store.select(call.ctx.name, kind)
            for tr in row.doc().get("translations") or []
        }
        enabled = [_DEFAULT, *sorted(used - {_DEFAULT})]
    return Reply(200, {"locales": enabled, "default_locale": enabled[0]})


def guide_locale_routes() -> list[Route]:
    return [("GET", "/help_center/locales", _list)]
