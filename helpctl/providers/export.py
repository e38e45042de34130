"""Writing a live State as a helpctl project: one YAML file per kind, names instead of ids.

The output is meant to be committed as the starting point of config-as-code for an existing
helpdesk, so it must round-trip: ``helpctl validate`` passes on it and a plan against the same
instance is empty. Hence:

- objects are written exactly as the provider read them (the canonical attrs), identity first;
- ordered kinds keep the live order (it is significant); other kinds are sorted by identity, so
  two exports of the same account are byte-identical;
- system objects (built-in ticket fields, the default brand) are left out of the files and listed
  under the instance's ``external:``, so references to them still resolve; so are all objects of
  the kinds left out with ``--kind``;
- the written ``helpctl.yaml`` reaches the same instance with the same settings (credentials only
  as the references the original project used; a served sandbox by its ``url:``);
- no empty values are written (no ``null``, no empty list or mapping): a key left out is a
  value left alone;
- each file starts with the yaml-language-server schema line; the schemas go to ``schema/``;
- the account configuration helpctl does not manage (targets, apps…, with counts) is named in a
  comment at the top of ``helpctl.yaml``, so an export never looks complete when it is not;
  so are the organizations the exported rules name (by name): a new account needs them before
  the rules can be applied there.

Help center articles are written as Markdown/HTML files under ``articles/`` (see
:mod:`helpctl.guide.export`), included as a folder.

Writes files; no printing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpctl.config.init import write_schemas
from helpctl.config.project import DEFAULT_SANDBOX_PATH, InstanceConfig, Project, SecretRef
from helpctl.guide.articles import ARTICLE_KIND
from helpctl.guide.export import article_files, article_paths
from helpctl.resources import RULE_KINDS
from helpctl.resources.base import KindSpec
from helpctl.resources.state import Resource, State
from helpctl.zendesk.rule_records import desired_record_names

__all__ = ["ExportResult", "export_documents", "instance_document", "write_export"]

HEADER = "# Exported by `helpctl export` from instance {instance}; edit freely.\n"
#: The first line of each written file: editors (yaml-language-server) check and complete the
#: file against the schema written beside it, in ``schema/``.
SCHEMA_LINE = "# yaml-language-server: $schema=schema/{name}.schema.json\n"


@dataclass
class ExportResult:
    """What was written: files (relative to the output folder) and object counts per kind."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    external: dict[str, list[str]] = field(default_factory=dict)
    unmanaged: dict[str, int] = field(default_factory=dict)


def _ordered_attrs(spec: KindSpec, res: Resource) -> dict[str, Any]:
    # the key, not the attrs' identity: two live objects sharing a title get distinct keys
    # ("Title (#id)") from the provider, and the export must keep them apart
    first = {spec.identity: res.key}
    attrs = spec.export_view(res.key, res.attrs)
    return first | {k: v for k, v in attrs.items() if k != spec.identity}


def export_documents(
    live: State, kinds: dict[str, KindSpec]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    """(kind → objects to write, kind → identities to declare external).

    External are the system objects of the written kinds, and every live object of a kind
    ``live`` holds but ``kinds`` leaves out (``export --kind``), so references into them resolve.
    """
    docs: dict[str, list[dict[str, Any]]] = {}
    external: dict[str, list[str]] = {
        kind: sorted({r.key for r in live.of(kind)})
        for kind in live.kinds()
        if kind not in kinds and live.of(kind)
    }
    for name, spec in kinds.items():
        items = [r for r in live.of(name) if not r.system]
        system = sorted({r.key for r in live.of(name) if r.system})
        if system:
            external[name] = system
        if not spec.ordered:
            items = sorted(items, key=lambda r: r.key)
        if items:
            docs[name] = [_ordered_attrs(spec, r) for r in items]
    return docs, external


def _secret(ref: SecretRef | str | None) -> Any:
    if ref is None or isinstance(ref, str):
        return ref
    return {"env": ref.env} if ref.env else {"file": ref.file}


def _sandbox_path(project: Project, inst: InstanceConfig, out_dir: Path) -> str:
    raw = inst.path or DEFAULT_SANDBOX_PATH
    if raw == ":memory:":
        return raw
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (project.root / path).resolve()
    return os.path.relpath(path, out_dir.resolve())


def instance_document(
    project: Project, inst: InstanceConfig, out_dir: Path, include: list[str]
) -> dict[str, Any]:
    """The exported project's entry for ``inst``: how to reach it, what to include."""
    doc: dict[str, Any] = {"backend": inst.backend}
    if inst.backend == "sandbox":
        doc["account"] = inst.account or inst.name
        if inst.url:  # a served sandbox: reached at its URL, its data is the server's
            doc["url"] = inst.url
        else:
            doc["path"] = _sandbox_path(project, inst, out_dir)
    else:
        doc |= {"subdomain": inst.subdomain, "url": inst.url}
    auth = {
        "email": _secret(inst.email),
        "token": _secret(inst.token),
        "oauth_token": _secret(inst.oauth_token),
    }
    doc["auth"] = {k: v for k, v in auth.items() if v is not None} or None
    doc["rate_limit"] = inst.rate_limit
    doc["include"] = include
    return {k: v for k, v in doc.items() if v is not None}


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _write_articles(
    out_dir: Path,
    items: list[dict[str, Any]],
    result: ExportResult,
    images: dict[str, dict[str, bytes]],
) -> None:
    for rel, text in article_files(items).items():
        path = out_dir / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.files.append(f"articles/{rel}")
    for title, stem in article_paths(items).items():
        for name, data in sorted(images.get(title, {}).items()):
            (out_dir / "articles" / stem).parent.joinpath(name).write_bytes(data)
            result.files.append(f"articles/{Path(stem).parent.as_posix()}/{name}")
    result.counts[ARTICLE_KIND] = len(items)


def unmanaged_note(unmanaged: dict[str, int]) -> str:
    """The comment naming what the account holds that helpctl does not manage ("" if nothing)."""
    if not unmanaged:
        return ""
    listed = ", ".join(f"{kind} ({n})" for kind, n in unmanaged.items())
    return f"# Not managed by helpctl, so not exported: {listed}.\n"


def organizations_note(live: State) -> str:
    """The comment naming the organizations the rules of ``live`` name ("" if none): helpctl
    does not create organizations, so a new account needs them before it takes the rules."""
    rules = [r.attrs for kind in RULE_KINDS for r in live.of(kind) if not r.system]
    names = desired_record_names(rules)["organizations"]
    if not names:
        return ""
    return (
        "# Rules here name organizations by name; helpctl does not manage organizations: on "
        f"another account, create these organizations first: {', '.join(sorted(names))}.\n"
    )


def write_export(
    project: Project,
    inst: InstanceConfig,
    live: State,
    kinds: dict[str, KindSpec],
    out_dir: Path,
    *,
    images: dict[str, dict[str, bytes]] | None = None,
    unmanaged: dict[str, int] | None = None,
) -> ExportResult:
    """Write ``live`` under ``out_dir`` (created if needed) as a project for ``inst``;
    ``images`` (article title → file name → bytes) are written beside their articles;
    ``unmanaged`` counts the account's objects of kinds helpctl does not manage."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs, external = export_documents(live, kinds)
    result = ExportResult(out_dir=out_dir, external=external, unmanaged=dict(unmanaged or {}))
    header = HEADER.format(instance=inst.name)
    resources_header = SCHEMA_LINE.format(name="resources") + header
    for kind, items in docs.items():
        if kind == ARTICLE_KIND:  # files, not YAML: see helpctl.guide.export
            _write_articles(out_dir, items, result, images or {})
            continue
        name = f"{kind}.yaml"
        text = resources_header + _dump({kind: without_empty(items)})
        (out_dir / name).write_text(text, encoding="utf-8")
        result.files.append(name)
        result.counts[kind] = len(items)
    include = [f for f in result.files if not f.startswith("articles/")]
    if len(include) < len(result.files):
        include.append("articles/")
    entry = instance_document(project, inst, out_dir, include)
    if external:
        entry["external"] = external
    project_doc = {"version": 1, "instances": {inst.name: entry}}
    note = unmanaged_note(result.unmanaged) + organizations_note(live)
    project_header = SCHEMA_LINE.format(name="project") + header + note
    (out_dir / "helpctl.yaml").write_text(project_header + _dump(project_doc), encoding="utf-8")
    result.files.insert(0, "helpctl.yaml")
    write_schemas(out_dir / "schema")
    return result


def without_empty(value: Any) -> Any:
    """``value`` with every mapping entry that is ``None``, ``[]`` or ``{}`` left out (at any
    depth; also entries that become empty so). List items keep their places."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            kept = without_empty(item)
            if kept is None or (isinstance(kept, list | dict) and not kept):
                continue
            out[key] = kept
        return out
    if isinstance(value, list):
        return [without_empty(item) for item in value]
    return value
