"""Reading a mapping file into typed, compiled settings, collecting every problem with file:line.

:func:`parse_mapping` never stops at the first mistake: each section is checked, problems are
gathered with their positions, and the caller raises one :class:`MappingError` listing them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpctl.errors import MappingError, Problem
from helpctl.migrate.mapping_rules import Lookup, Template, ticket_getter
from helpctl.migrate.mapping_spec import (
    PRIORITIES,
    STATUSES,
    AgentRule,
    AttachmentsSpec,
    CommentsSpec,
    MappingSpec,
    Placeholder,
    TicketsSpec,
    UsersSpec,
    parse_size,
)
from helpctl.migrate.sources import spec_problems
from helpctl.migrate.yamlpos import PosMap, load_yaml

__all__ = ["TOP_KEYS", "did_you_mean", "parse_mapping"]

TOP_KEYS = ("source", "target", "ledger", "users", "tickets", "comments", "attachments", "batch")


def parse_mapping(path: Path) -> tuple[MappingSpec | None, list[Problem]]:
    """Load and check ``path``; the spec is None when any problem was found."""
    data, pos = load_yaml(path)
    parser = _Parser(pos, path.parent)
    spec = parser.mapping(data, path)
    return (None if parser.problems else spec), parser.problems


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(choices)}"


class _Parser:
    def __init__(self, pos: PosMap, base: Path) -> None:
        self.pos = pos
        self.base = base
        self.problems: list[Problem] = []
        self._tables: dict[str, dict[str, Any] | None] = {}

    def problem(self, code: str, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code, message, self.pos.at(path), path, hint))

    def section(self, data: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem("mapping.bad_value", path, f"{path} must be a mapping")
            return {}
        for key in data:
            if key not in keys:
                where = f"{path}.{key}" if path else str(key)
                hint = did_you_mean(str(key), keys)
                self.problem("mapping.unknown_key", where, f"unknown key {key!r}", hint)
        return data

    def mapping(self, data: Any, path: Path) -> MappingSpec:
        if not isinstance(data, dict):
            self.problem("mapping.bad_value", "", "a mapping file must be a YAML mapping")
            data = {}
        top = self.section(data, "", TOP_KEYS)
        source = self.source(top.get("source"))
        target = self.section(top.get("target"), "target", ("instance",))
        instance = target.get("instance")
        if not isinstance(instance, str) or not instance:
            self.problem(
                "mapping.missing_key", "target", "target.instance is required",
                "name the helpdesk instance to import into, e.g. target: {instance: sandbox}",
            )  # fmt: skip
            instance = ""
        ledger = top.get("ledger", f".helpctl/migrations/{path.stem}.sqlite3")
        if not isinstance(ledger, str):
            self.problem("mapping.bad_value", "ledger", "ledger must be a file path")
            ledger = f".helpctl/migrations/{path.stem}.sqlite3"
        kind = str(source.get("kind", "source"))
        return MappingSpec(
            path=path,
            source_spec=source,
            target_instance=instance,
            ledger_path=(self.base / ledger),
            users=self.users(top.get("users"), kind),
            tickets=self.tickets(top.get("tickets"), kind),
            comments=self.comments(top.get("comments")),
            attachments=self.attachments(top.get("attachments")),
            batch=self.batch(top.get("batch")),
        )

    def source(self, data: Any) -> dict[str, Any]:
        if data is None:
            self.problem(
                "mapping.missing_key", "source", "the mapping has no source",
                "add e.g. source: {kind: csv, path: export.csv}",
            )  # fmt: skip
            return {}
        if not isinstance(data, dict):
            self.problem("mapping.bad_value", "source", "source must be a mapping with a kind")
            return {}
        for sub, message, hint in spec_problems(data):
            where = f"source.{sub}" if sub else "source"
            code = "mapping.unknown_source_kind" if sub == "kind" else "mapping.bad_source"
            self.problem(code, where, message, hint)
        return data

    def users(self, data: Any, kind: str) -> UsersSpec:
        keys = ("match_by", "agents", "missing_author", "external_id", "synthetic_email")
        sec = self.section(data, "users", keys)
        match_by = sec.get("match_by", ["email", "external_id"])
        keys_ok = isinstance(match_by, list) and bool(match_by)
        if not keys_ok or not set(match_by) <= {"email", "external_id"}:
            message = "match_by is a list of email, external_id"
            self.problem("mapping.bad_value", "users.match_by", message)
            match_by = ["email", "external_id"]
        ext = self.template(
            sec.get("external_id", f"{kind}-user-${{source_id}}"), "users.external_id", _user_getter
        )
        email = sec.get("synthetic_email")
        synthetic = (
            None if email is None else self.template(email, "users.synthetic_email", _user_getter)
        )
        return UsersSpec(
            external_id=ext or Template.compile("${source_id}", _user_getter),
            match_by=tuple(match_by),
            synthetic_email=synthetic,
            agents=self.agents(sec.get("agents")),
            missing_author=self.placeholder(sec.get("missing_author")),
        )

    def agents(self, data: Any) -> AgentRule | None:
        if data is None:
            return None
        sec = self.section(data, "users.agents", ("role_in", "email_domain", "list"))
        sets = []
        for key in ("role_in", "email_domain", "list"):
            raw = sec.get(key, [])
            raw = [raw] if isinstance(raw, str | int) else raw
            if not isinstance(raw, list):
                self.problem("mapping.bad_value", f"users.agents.{key}", f"{key} must be a list")
                raw = []
            sets.append(frozenset(str(v).lower() if key == "email_domain" else str(v) for v in raw))
        return AgentRule(sets[0], sets[1], sets[2])

    def placeholder(self, data: Any) -> Placeholder | None:
        if data is None:
            return None
        sec = self.section(data, "users.missing_author", ("name", "email", "external_id"))
        name = sec.get("name")
        if not isinstance(name, str) or not name:
            self.problem(
                "mapping.missing_key", "users.missing_author", "missing_author needs a name"
            )
        email, ext = sec.get("email"), sec.get("external_id")
        if email is None and ext is None:
            ext = "helpctl-missing-author"
        return Placeholder(str(name or "Former user"), email, None if ext is None else str(ext))

    def tickets(self, data: Any, kind: str) -> TicketsSpec:
        keys = ("external_id", "status", "priority", "tags", "fields", "group", "brand",
                "archive_closed", "subject_fallback")  # fmt: skip
        sec = self.section(data, "tickets", keys)
        ext = self.template(
            sec.get("external_id", f"{kind}-${{source_id}}"), "tickets.external_id", ticket_getter
        )
        status, status_default = self.value_map(sec.get("status"), "tickets.status", STATUSES)
        prio, prio_default = self.value_map(sec.get("priority"), "tickets.priority", PRIORITIES)
        fallback = sec.get("subject_fallback")
        if fallback not in (None, "first_line"):
            self.problem(
                "mapping.bad_value",
                "tickets.subject_fallback",
                "subject_fallback can only be first_line",
            )
            fallback = None
        archive = sec.get("archive_closed", False)
        if not isinstance(archive, bool):
            self.problem(
                "mapping.bad_value", "tickets.archive_closed", "archive_closed is true or false"
            )
        fields = self.section(sec.get("fields"), "tickets.fields", tuple(sec.get("fields") or ()))
        return TicketsSpec(
            external_id=ext or Template.compile("${source_id}", ticket_getter),
            status=status,
            status_default=status_default,
            priority=prio,
            priority_default=prio_default,
            tags=self.tags(sec.get("tags", [])),
            fields={
                str(k): self.lookup(v, f"tickets.fields.{k}", "value") for k, v in fields.items()
            },
            group=None
            if "group" not in sec
            else self.lookup(sec["group"], "tickets.group", "group"),
            brand=None
            if "brand" not in sec
            else self.lookup(sec["brand"], "tickets.brand", "brand"),
            archive_closed=archive is True,
            subject_fallback=fallback,
        )

    def value_map(
        self, data: Any, path: str, allowed: frozenset[str]
    ) -> tuple[dict[str, str], str | None]:
        if data is None:
            return {}, None
        if not isinstance(data, dict):
            self.problem(
                "mapping.bad_value",
                path,
                f"{path} maps source values to {'/'.join(sorted(allowed))}",
            )
            return {}, None
        out: dict[str, str] = {}
        for key, value in data.items():
            if str(value) not in allowed:
                noun = path.rsplit(".", 1)[-1]
                hint = f"use one of {', '.join(sorted(allowed))}"
                message = f"{value!r} is not a Zendesk {noun}"
                self.problem("mapping.bad_value", f"{path}.{key}", message, hint)
                continue
            out[str(key).lower()] = str(value)
        default = out.pop("default", None)
        return out, default

    def tags(self, data: Any) -> tuple[Template | Lookup, ...]:
        if not isinstance(data, list):
            self.problem("mapping.bad_value", "tickets.tags", "tags must be a list")
            return ()
        out: list[Template | Lookup] = []
        for i, item in enumerate(data):
            where = f"tickets.tags[{i}]"
            rule = (
                self.lookup(item, where, "tags")
                if isinstance(item, dict)
                else self.template(item, where, ticket_getter)
            )
            if rule is not None:
                out.append(rule)
        return tuple(out)

    def lookup(self, data: Any, path: str, key: str) -> Lookup:
        if not isinstance(data, dict):
            if not isinstance(data, str | int | float | bool):
                self.problem(
                    "mapping.bad_value", path, "expected a value or {from:, map:, default:}"
                )
            return Lookup(_nothing, None, key, data)
        sec = self.section(data, path, ("from", "map", "key", "default"))
        name = str(sec.get("from", "topic"))
        read = ticket_getter(name)
        if read is None:
            self.problem(
                "mapping.bad_value", f"{path}.from", f"cannot read {name!r} from a ticket",
                "use topic, status, priority, group, brand or custom.<name>",
            )  # fmt: skip
            read = _nothing
        table = self.table(sec.get("map"), f"{path}.map")
        return Lookup(read, table, str(sec.get("key", key)), sec.get("default"))

    def table(self, data: Any, path: str) -> dict[str, Any] | None:
        if data is None or isinstance(data, dict):
            return None if data is None else {str(k): v for k, v in data.items()}
        if not isinstance(data, str):
            self.problem("mapping.bad_value", path, "map is a file name or an inline mapping")
            return None
        if data not in self._tables:
            self._tables[data] = self._load_table(data, path)
        return self._tables[data]

    def _load_table(self, name: str, path: str) -> dict[str, Any] | None:
        file = self.base / name
        if not file.is_file():
            self.problem(
                "mapping.file_missing",
                path,
                f"map file {name} does not exist (looked in {self.base})",
            )
            return None
        try:
            data, _ = load_yaml(file, shown_as=name)
        except MappingError as exc:  # a broken topics file is one more problem of the mapping
            self.problems.extend(
                exc.problems or [Problem("mapping.bad_file", exc.message, exc.position)]
            )
            return None
        if isinstance(data, dict) and set(data) == {"topics"}:
            data = data["topics"]
        if not isinstance(data, dict):
            self.problem(
                "mapping.bad_value", path, f"map file {name} must be a mapping of source values"
            )
            return None
        return {str(k): v for k, v in data.items()}

    def template(self, text: Any, path: str, getter: Callable[[str], Any]) -> Template | None:
        if not isinstance(text, str | int):
            self.problem("mapping.bad_value", path, "expected a text template")
            return None
        try:
            return Template.compile(str(text), getter)
        except KeyError as exc:
            self.problem("mapping.bad_template", path, f"unknown placeholder ${{{exc.args[0]}}}")
            return None

    def comments(self, data: Any) -> CommentsSpec:
        sec = self.section(data, "comments", ("body", "public"))
        body = sec.get("body", "html")
        if body not in ("html", "text"):
            self.problem("mapping.bad_value", "comments.body", "body is html or text")
            body = "html"
        public = sec.get("public", {"from": "public"})
        if isinstance(public, bool):  # every comment public, or every comment internal
            return CommentsSpec(str(body), None, public)
        rule = self.section(public, "comments.public", ("from", "default"))
        default = rule.get("default", True)
        if not isinstance(default, bool):
            self.problem("mapping.bad_value", "comments.public.default", "default is true or false")
        return CommentsSpec(str(body), str(rule.get("from", "public")), default is not False)

    def attachments(self, data: Any) -> AttachmentsSpec:
        sec = self.section(data, "attachments", ("max_bytes", "on_too_large"))
        limit = parse_size(sec.get("max_bytes", "50MB"))
        if limit is None:
            self.problem(
                "mapping.bad_value", "attachments.max_bytes", "max_bytes is a size like 50MB"
            )
        mode = sec.get("on_too_large", "link")
        if mode not in ("link", "skip", "quarantine"):
            self.problem(
                "mapping.bad_value",
                "attachments.on_too_large",
                "on_too_large is link, skip or quarantine",
            )
            mode = "link"
        return AttachmentsSpec(limit or 50 * 1024**2, str(mode))

    def batch(self, data: Any) -> dict[str, int]:
        sec = self.section(data, "batch", ("users", "tickets"))
        out = {"users": 100, "tickets": 100}
        for key, value in sec.items():
            if not isinstance(value, int) or not 1 <= value <= 100:
                self.problem(
                    "mapping.bad_value", f"batch.{key}", "batch sizes are 1..100 (Zendesk's limit)"
                )
            else:
                out[str(key)] = value
        return out


def _nothing(_: Any) -> None:
    return None


def _user_getter(name: str) -> Callable[[Any], Any] | None:
    if name in ("source_id", "name", "email"):
        return lambda u: getattr(u, name)
    return None
