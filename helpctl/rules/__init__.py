"""The rule engine: what triggers, automations, views and macros do to tickets, as Zendesk
runs them. Pure domain (no I/O, no HTTP, no CLI); the sandbox and ``helpctl test`` build on it.

Rules are dicts in Zendesk's API shape (ids, ``custom_fields_<id>``), the same field names and
operators as the catalogue (:mod:`helpctl.resources.catalogue`). :func:`offline_engine` builds
an :class:`Engine` from a desired :class:`~helpctl.resources.state.State` (names) with synthetic
ids. Anything the engine cannot evaluate faithfully raises :class:`CannotEvaluate`.

See ``docs/internals.md`` ("Rule engine") for the contract.
"""

from helpctl.rules.actions import ACTIONS, Change
from helpctl.rules.automations import AutomationRun, automation_problems
from helpctl.rules.compiled import Miss, Rule
from helpctl.rules.conditions import CONDITION_FIELDS, UNSUPPORTED_CONDITIONS
from helpctl.rules.directory import (
    Brand,
    CustomStatus,
    Directory,
    DynamicItem,
    FieldInfo,
    Group,
)
from helpctl.rules.engine import Engine, MacroResult
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.model import Comment, Organization, Ticket, Update, User
from helpctl.rules.notify import Notification
from helpctl.rules.offline import OfflineAccount, offline_engine
from helpctl.rules.render import render
from helpctl.rules.schedule import Holiday, Schedule
from helpctl.rules.triggers import Explanation, Outcome, TriggerRun
from helpctl.rules.views import ViewResult

__all__ = [
    "ACTIONS",
    "CONDITION_FIELDS",
    "UNSUPPORTED_CONDITIONS",
    "AutomationRun",
    "Brand",
    "CannotEvaluate",
    "Change",
    "Comment",
    "CustomStatus",
    "Directory",
    "DynamicItem",
    "Engine",
    "Explanation",
    "FieldInfo",
    "Group",
    "Holiday",
    "MacroResult",
    "Miss",
    "Notification",
    "OfflineAccount",
    "Organization",
    "Outcome",
    "Rule",
    "Schedule",
    "Ticket",
    "TriggerRun",
    "Update",
    "User",
    "ViewResult",
    "automation_problems",
    "offline_engine",
    "render",
]
