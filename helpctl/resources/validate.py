"""Offline validation of one instance's desired state: every problem at once, each with a stable
code, the key path, the YAML position and a hint.

Checks: by-name references resolve inside the state (or are declared ``external``, or are system
ticket fields), option values exist on their dropdown, ``{{dc.x}}`` placeholders name an item,
rule conditions and actions pass the rule catalogue, and the per-kind rules Zendesk enforces
(regexp fields need a pattern, form conditions use fields on the form…). :data:`PROBLEM_CODES`
lists every code this module emits; the README documents them.

Pure domain: no I/O.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from helpctl.errors import Problem
from helpctl.resources import KINDS, REFERENCED_KINDS, RULE_KINDS, object_rules
from helpctl.resources.base import Reference, UnknownRef
from helpctl.resources.common import SYSTEM_FIELD_TITLES, dc_placeholder_name
from helpctl.resources.kinds.ticket_fields import OPTION_TYPES
from helpctl.resources.state import Resource, State
from helpctl.resources.validate_facts import ObjectFacts
from helpctl.resources.validate_record_fields import RecordFields
from helpctl.resources.validate_rules import RuleChecker

__all__ = ["PROBLEM_CODES", "ObjectFacts", "validate_state"]


def _unknown_refs() -> dict[str, UnknownRef]:
    """Per kind other kinds name: how a dangling name of it is reported (from its KindSpec)."""
    out: dict[str, UnknownRef] = {}
    # a kind only its own objects name (articles linking articles), or rules name by a field
    # (user/organization fields), still says how
    for name, spec in KINDS.items():
        unknown = spec.unknown_ref
        if unknown is None and name in REFERENCED_KINDS:
            raise TypeError(f"kind {name!r} is referenced, so its KindSpec needs unknown_ref")
        if unknown is not None:  # also kinds rules name by a field (user/organization fields)
            out[name] = unknown
    return out


_UNKNOWN_REFS = _unknown_refs()

#: Every code :func:`validate_state` emits, with its one-line meaning.
PROBLEM_CODES: dict[str, str] = {
    **{unknown.code: unknown.meaning for unknown in _UNKNOWN_REFS.values()},
    "ref_unknown_option": "a value is not one of the options of that dropdown/multiselect field",
    "rule_unknown_field": "a condition/action field Zendesk does not accept for that rule kind",
    "rule_bad_operator": "a condition operator that field does not take",
    "rule_bad_value": "a value that field does not take (wrong keyword, allowed value or type)",
    **{rule.code: rule.meaning for rule in object_rules.RULES},
    "field_system_type": "a new field with a system type (subject, status…); use a custom type",
    "field_unexpected_options": "options on a field type that has none",
    "field_duplicate_option": "two options of one field share a value",
    "field_needs_target": "a lookup field without relationship_target_type",
    "field_unexpected_tag": "a tag on a user/organization field that is not a checkbox",
    "custom_field_bad_key": "a field key that is not lowercase letters, digits and _",
    "address_bad_email": "a support address whose email is not an email address",
    "form_condition_not_on_form": "a form condition uses a field that is not in the form's fields",
    "form_condition_bad_value": "a form condition value does not suit its parent (checkbox: bool)",
    "form_require_not_shown": "a form condition requires a child field it does not show",
    "form_condition_statuses": "required_on_statuses on an end-user condition or a hidden child",
    "restriction_bad": "a macro/view restriction that is not Group with ids or User with an id",
    "dc_default_locale_missing": "a dynamic content item's default_locale has no variant",
    "dc_duplicate_placeholder": "two dynamic content items give the same {{dc.x}} placeholder",
    "schedule_bad_time_zone": "a schedule's time_zone is not a Rails time zone name Zendesk takes",
    "schedule_bad_interval": "a business-hours span is not HH:MM-HH:MM within one day",
    "schedule_overlap": "two business-hours spans of one day overlap",
    "schedule_bad_holiday": "a holiday ends before it starts, or two share a name",
    "sla_bad_target": "an SLA target that is not a positive number of minutes",
    "sla_duplicate_metric": "an SLA policy sets one metric twice for one priority",
    "status_blank_label": "a custom status with a blank agent_label",
    "status_default_inactive": "a category's default custom status set inactive",
    "webhook_bad_endpoint": "a webhook endpoint that is not an absolute http(s) URL",
    "webhook_bad_subscriptions": "webhook subscriptions Zendesk refuses (mixed, unknown kinds)",
    "webhook_auth_data": "webhook authentication data that does not suit its type",
    "webhook_payload_invalid": "a notification_webhook JSON payload that is not JSON",
    "name_taken": "two groups, trigger categories or dynamic content items whose names differ "
    "only in case or spaces (Zendesk keeps these names unique)",
    "hc_section_cycle": "a help center section is its own parent",
}

#: Per referenced kind (and the options pseudo-kind): the code and word of a dangling name.
_REF_CODES = {kind: unknown.code for kind, unknown in _UNKNOWN_REFS.items()}
_REF_CODES["ticket_field_options"] = "ref_unknown_option"
_REF_WORDS = {kind: unknown.word for kind, unknown in _UNKNOWN_REFS.items()}


_HINT = re.compile(r"; (?=valid:|did you mean|expected)")


def _split_hint(text: str) -> tuple[str, str]:
    """Catalogue verdicts read "what is wrong; what is valid": message and hint."""
    parts = _HINT.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


def _suggest(name: str, candidates: Iterable[str], kind: str) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"define it in the config, or declare it under `external: {{{kind}: [...]}}`"


class _Validator:
    """One pass over a state; collects problems."""

    def __init__(self, state: State, external: dict[str, list[str]], facts: ObjectFacts) -> None:
        self.state, self.external, self.facts = state, external, facts
        self.problems: list[Problem] = []
        self.unparsed: dict[str, dict[str, str]] = {}
        self.known: dict[str, set[str]] = {
            kind: {r.key for r in state.of(kind)} | set(external.get(kind, [])) for kind in KINDS
        }
        self.known["ticket_fields"] |= SYSTEM_FIELD_TITLES
        self.known["dynamic_content"] = {
            dc_placeholder_name(name) for name in self.known["dynamic_content"]
        } | set(external.get("dynamic_content", []))
        self.external_options = set(external.get("ticket_field_options", []))
        self.record_fields = RecordFields(state)
        self.fields = state.index("ticket_fields")
        self.option_values: dict[str, list[str]] = {
            key: [str(o.get("value")) for o in field.attrs.get("options") or []]
            for key, field in self.fields.items()
            if field.attrs.get("type") in OPTION_TYPES
        }

    def report(
        self,
        code: str,
        res: Resource,
        path: str,
        message: str,
        hint: str = "",
        *,
        warn: bool = False,
    ) -> None:
        ident = f"{res.kind}[{res.key}]"
        self.problems.append(
            Problem(
                code=code,
                message=message,
                position=res.where(path),
                path=f"{ident}.{path}" if path else ident,
                hint=hint,
                instance=self.state.instance,
                severity="warning" if warn else "error",
            )
        )

    # -- references ----------------------------------------------------------------------------
    def reference(self, res: Resource, ref: Reference) -> None:
        if ref.kind == "ticket_field_options":
            self.option(res, ref)
            return
        if ref.kind.endswith("/options"):
            self.record_option(res, ref)
            return
        known = self.known.get(ref.kind)
        if known is None or ref.name in known:
            return
        word = _REF_WORDS.get(ref.kind, ref.kind)
        shown = f"{{{{dc.{ref.name}}}}}" if ref.kind == "dynamic_content" else f"`{ref.name}`"
        broken = self._unparsed_file(ref)
        if broken:
            self.report(
                _REF_CODES.get(ref.kind, "ref_unknown"),
                res,
                ref.path,
                f"{word} {shown} is defined in {broken}, which failed to parse",
                f"fix the error reported in {broken}; this reference will then resolve",
            )
            return
        self.report(
            _REF_CODES.get(ref.kind, "ref_unknown"),
            res,
            ref.path,
            f"{word} {shown} does not exist in instance `{self.state.instance}`",
            _suggest(ref.name, known, ref.kind),
        )

    def _unparsed_file(self, ref: Reference) -> str:
        """The file that failed to parse where ``ref``'s target seems defined, or ""."""
        names = self.unparsed.get(ref.kind, {})
        if ref.kind == "dynamic_content":
            names = {dc_placeholder_name(name): f for name, f in names.items()}
        return names.get(ref.name, "")

    def option(self, res: Resource, ref: Reference) -> None:
        # Titles may contain "/": the field is the longest known title before a "/".
        title, _, value = ref.name.rpartition("/")
        while title and title not in self.fields and "/" in title:
            title, _, head = title.rpartition("/")
            value = f"{head}/{value}"
        values = self.option_values.get(title)
        # Fields that are not dropdowns in this state (external, text, unknown) are not checked.
        if values is None or ref.name in self.external_options:
            return
        if value not in values:
            self.report(
                "ref_unknown_option",
                res,
                ref.path,
                f"`{value}` is not an option value of field `{title}`",
                _suggest(value, values, "ticket_field_options"),
            )

    def record_option(self, res: Resource, ref: Reference) -> None:
        found = self.record_fields.option_values(ref.kind, ref.name)
        if found is None or ref.name in self.external_options:
            return
        key, value, values = found
        if value not in values:
            self.report(
                "ref_unknown_option",
                res,
                ref.path,
                f"`{value}` is not an option value of field `{key}`",
                _suggest(value, values, "ticket_field_options"),
            )

    # -- per kind, depending on the state ----------------------------------------------------
    def ticket_form(self, res: Resource) -> Iterator[tuple[str, str, str]]:
        on_form = res.attrs.get("fields")
        conditions = res.attrs.get("conditions") or {}
        for side in ("agent", "end_user"):
            for i, cond in enumerate(conditions.get(side) or []):
                yield from self._form_condition(side, i, cond, on_form)

    def _form_condition(
        self, side: str, i: int, cond: dict[str, Any], on_form: list[str] | None
    ) -> Iterator[tuple[str, str, str]]:
        base = f"conditions.{side}[{i}]"
        for parent, value in (cond.get("when") or {}).items():
            field = self.fields.get(parent)
            if field and field.attrs.get("type") == "checkbox" and not isinstance(value, bool):
                msg = f"checkbox `{parent}` is tested with true or false"
                yield "form_condition_bad_value", f"{base}.when.{parent}", msg
        if on_form is not None:
            used = [(f"{base}.when.{p}", p) for p in cond.get("when") or {}]
            used += [(f"{base}.show[{j}]", t) for j, t in enumerate(cond.get("show") or [])]
            for path, title in used:
                if title not in on_form:
                    yield "form_condition_not_on_form", path, f"`{title}` is not on this form"
        shown = cond.get("show") or []
        for j, title in enumerate(cond.get("require") or []):
            if title not in shown:
                msg = f"`{title}` is required but not shown by this condition"
                yield "form_require_not_shown", f"{base}.require[{j}]", msg
        statuses = cond.get("required_on_statuses") or {}
        for title in statuses:
            path = f"{base}.required_on_statuses.{title}"
            if side != "agent":
                yield "form_condition_statuses", path, "only agent conditions take statuses"
            elif title not in (cond.get("show") or []):
                yield "form_condition_statuses", path, f"`{title}` is not shown by this condition"

    def placeholders(self) -> None:
        owners: dict[str, str] = {}
        for res in self.state.of("dynamic_content"):
            name = dc_placeholder_name(res.key)
            if name in owners:
                msg = f"`{res.key}` and `{owners[name]}` both give {{{{dc.{name}}}}}"
                self.report("dc_duplicate_placeholder", res, "name", msg, "rename one of them")
            owners.setdefault(name, res.key)

    def run(self) -> list[Problem]:
        rules = RuleChecker(self.state)
        known = self.known
        for kind in KINDS:
            for res in self.state.of(kind):
                facts = self.facts.of(kind, res.key, res.attrs)
                for ref in facts.references:
                    # most names resolve: that test inline (options are not in `known`)
                    names = known.get(ref.kind)
                    if names is None or ref.name not in names:
                        self.reference(res, ref)
                for code, path, message in facts.issues:
                    self.report(code, res, path, message, warn=code in object_rules.WARNING_CODES)
                if kind == "ticket_forms":
                    for code, path, message in self.ticket_form(res):
                        self.report(code, res, path, message)
                if kind in RULE_KINDS:
                    for code, path, text in self.record_fields.issues(res.attrs):
                        message, hint = _split_hint(text)
                        self.report(code, res, path, message, hint)
                    types = rules.custom_types(facts.probes)
                    issues = facts.rule_issues.get(types)
                    if issues is None:
                        issues = rules.issues(kind, res.attrs, facts.probes)
                        facts.rule_issues[types] = issues
                    for code, path, text in issues:
                        message, hint = _split_hint(text)
                        self.report(code, res, path, message, hint)
        self.placeholders()
        self.unique_names()
        return self.problems

    def unique_names(self) -> None:
        for kind in object_rules.UNIQUE_NAMES:
            by_key = {res.key: res for res in self.state.of(kind)}
            for name, first in object_rules.name_clashes(kind, list(by_key)):
                self.report(
                    "name_taken",
                    by_key[name],
                    KINDS[kind].identity,
                    f"`{name}` and `{first}` are one name to Zendesk (case and spaces aside): "
                    "it refuses the second as already taken",
                    "rename one of them",
                )


def validate_state(
    state: State,
    external: dict[str, list[str]] | None = None,
    facts: ObjectFacts | None = None,
    unparsed: dict[str, dict[str, str]] | None = None,
) -> list[Problem]:
    """Every problem of one instance's desired state (an empty list when it is valid).

    ``external`` lists, per kind, names that exist on the live helpdesk but are not managed
    here (``{"groups": ["Legacy"], "ticket_field_options": ["Reason/old_value"]}``). ``facts``
    carries what was derived from each object's attrs alone across the states of one run
    (instances of a fleet sharing objects); by default nothing is shared. ``unparsed`` names,
    per kind, objects defined in files that failed to parse (name → file): a reference to one
    says so instead of asking to define it.
    """
    validator = _Validator(state, external or {}, ObjectFacts() if facts is None else facts)
    validator.unparsed = unparsed or {}
    return validator.run()
