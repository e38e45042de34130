"""The errors the rule engine raises: mostly a rule it cannot evaluate faithfully.

The engine never guesses. A condition field, operator or action it does not know, a value it
cannot interpret (a custom status whose category is unknown, a dynamic content item that does
not exist, Liquid that does not parse) raises :class:`CannotEvaluate` naming the rule and the
condition or action, so a scenario fails loudly instead of passing silently.
"""

from __future__ import annotations

from typing import Any

from helpctl.errors import HelpctlError

__all__ = ["PROBLEM_CODE", "CannotEvaluate", "NotSettable", "UnknownObject"]

#: The problem code callers use when they report a :class:`CannotEvaluate` as a Problem.
PROBLEM_CODE = "rule_cannot_evaluate"


class CannotEvaluate(HelpctlError):
    """A rule (or part of one) the engine cannot evaluate as Zendesk would.

    ``rule`` is ``"<kind>[<title>]"`` when known and ``path`` the place inside the rule
    (``conditions.all[2]``, ``actions[0]``), so a caller can point at the YAML line.
    """

    problem_code = PROBLEM_CODE

    def __init__(self, reason: str, *, rule: str = "", path: str = "") -> None:
        self.reason, self.rule, self.path = reason, rule, path
        where = " ".join(part for part in (rule, path) if part)
        super().__init__(
            f"cannot evaluate {where + ': ' if where else ''}{reason}",
            hint="the rule engine cannot tell what Zendesk would do here; change the rule, or "
            "test it against a real instance (`--live`)",
        )

    def located(self, rule: str, path: str = "") -> CannotEvaluate:
        """The same error, naming the rule (and path) it was met in."""
        if self.rule:
            return self
        return CannotEvaluate(self.reason, rule=rule, path=path or self.path)

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out.update({"problem": PROBLEM_CODE, "rule": self.rule, "path": self.path})
        return out


class UnknownObject(HelpctlError):
    """A rule or named object the account does not have."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="check the name against the instance's configuration")


class NotSettable(HelpctlError):
    """An update names a ticket attribute that does not exist or cannot be set directly."""
