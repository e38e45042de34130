"""Plans of a small fleet for the review and rendering tests (a named module, not conftest)."""

from __future__ import annotations

from typing import Any

from helpctl.plan import Change, FieldDiff, InstancePlan
from helpctl.resources.state import Resource

UK = "Дякуємо, що звернулися до {market}. Зазвичай ми відповідаємо протягом робочого дня."
MARKETS = {"latam": "Bazario LatAm", "emea": "Bazario EMEA", "india": "Bazario India"}


def update(kind: str, key: str, path: str, old: Any, new: Any) -> Change:
    live = Resource(kind, key, {path: old})
    desired = Resource(kind, key, {path: new})
    return Change("update", kind, key, desired, live, [FieldDiff(path, old, new)])


def variant_change(market: str, new_words: str = "двох робочих днів") -> Change:
    old = UK.format(market=market)
    new = old.replace("робочого дня", new_words)
    return update("dynamic_content", "auto_reply", "variants", {"uk": old}, {"uk": new})


def fleet_plans() -> list[InstancePlan]:
    """Every market changes the same Ukrainian words (in its own sentence); latam alone also
    adds an option."""
    plans = [InstancePlan(name, [variant_change(m)]) for name, m in MARKETS.items()]
    options_old = [{"name": "A", "value": "a"}]
    options_new = [{"name": "A", "value": "a"}, {"name": "VIP", "value": "vip"}]
    plans[0].changes.append(
        update("ticket_fields", "Reason", "custom_field_options", options_old, options_new)
    )
    return plans
