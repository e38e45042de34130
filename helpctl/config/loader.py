"""Loading `helpctl.yaml` into a :class:`~helpctl.config.project.Project`.

:func:`load_project` reads the project file with positions, checks its shape against
:class:`~helpctl.config.project_model.ProjectFileModel`, refuses inline secrets, checks what
needs the kind list (``manage``, ``external``, ``exclude``) and the credentials an instance
names (what it leaves out is read from ``ZENDESK_*`` at run time), and raises one
:class:`~helpctl.errors.ValidationFailed` carrying every problem.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from helpctl.config.model_errors import validate_positioned
from helpctl.config.plaintext import plaintext_secrets
from helpctl.config.project import Exclude, InstanceConfig, Project, SafetyConfig, SecretRef
from helpctl.config.project_model import InstanceModel, ProjectFileModel, SecretRefModel
from helpctl.config.urls import check_url
from helpctl.config.yamlpos import PosDict, PosList, YamlFileError, read_yaml_file
from helpctl.errors import ConfigError, Position, Problem, ValidationFailed

__all__ = ["PROJECT_FILE", "find_project_file", "kind_names", "load_project", "suggest"]

PROJECT_FILE = "helpctl.yaml"
_INSTANCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def kind_names() -> list[str]:
    """The resource kinds the config language knows, in dependency order."""
    from helpctl.resources import KINDS

    return list(KINDS)


def suggest(word: str, choices: list[str]) -> str:
    """A did-you-mean hint, or the list of choices when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "expected one of: " + ", ".join(choices) if choices else ""


def find_project_file(path: Path) -> Path:
    """``path`` itself when it is a file, else its `helpctl.yaml` (or `helpctl.yml`)."""
    if path.is_file():
        return path
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder", hint="check the path")
    for name in (PROJECT_FILE, "helpctl.yml"):
        candidate = path / name
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"{path}: no {PROJECT_FILE} in this folder",
        hint=f"run `helpctl init {path}` to start a project, or pass the project folder",
    )


def load_project(path: Path | str) -> Project:
    """Read a project (a folder holding `helpctl.yaml`, or the file itself)."""
    file = find_project_file(Path(path))
    root = file.parent.resolve()
    display = file.name
    try:
        doc = read_yaml_file(file, display)
    except YamlFileError as ex:
        raise ValidationFailed([ex.problem]) from ex
    problems = plaintext_secrets(doc)
    secret_paths = {p.path for p in problems}
    model, shape = validate_positioned(ProjectFileModel, doc, "", Position(display, 1, 1))
    problems += [p for p in shape if p.path not in secret_paths]
    if model is None or not isinstance(model, ProjectFileModel) or not isinstance(doc, PosDict):
        raise ValidationFailed(problems)
    project = Project(root=root, file=file.resolve())
    instances_doc = doc["instances"]
    for name, spec in model.instances.items():
        raw = instances_doc[name]
        where = instances_doc.key_position(name)
        instance, found = _instance(name, spec, raw, where)
        problems += found
        project.instances[name] = instance
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return project


def _instance(
    name: str, spec: InstanceModel, raw: PosDict, where: Position | None
) -> tuple[InstanceConfig, list[Problem]]:
    prefix = f"instances.{name}"
    problems = _check_instance(name, spec, raw, where, prefix)
    auth = spec.auth
    include_list = raw.get("include")
    include_marks = (
        [include_list.item_position(i) or where for i in range(len(include_list))]
        if isinstance(include_list, PosList)
        else []
    )
    safety = spec.safety
    instance = InstanceConfig(
        name=name,
        backend=spec.backend,
        subdomain=spec.subdomain,
        url=spec.url,
        email=_email(auth.email if auth else None),
        token=_secret(auth.token if auth else None),
        oauth_token=_secret(auth.oauth_token if auth else None),
        rate_limit=spec.rate_limit,
        include=list(spec.include),
        include_positions=[p for p in include_marks if p is not None],
        exclude=_excludes(spec, raw),
        vars={k: _var_text(v) for k, v in spec.vars.items()},
        safety=SafetyConfig(**safety.model_dump()) if safety else SafetyConfig(),
        manage=dict(spec.manage),
        external={k: list(v) for k, v in spec.external.items()},
        account=spec.account,
        path=spec.path,
        faults=spec.faults,
        hc_locales=list(spec.help_center.locales) if spec.help_center else None,
        position=where,
    )
    return instance, problems


def _check_instance(
    name: str, spec: InstanceModel, raw: PosDict, where: Position | None, prefix: str
) -> list[Problem]:
    problems: list[Problem] = []
    if not _INSTANCE_NAME.match(name):
        problems.append(
            Problem(
                "invalid_value",
                f"instance name {name!r} may hold only letters, digits, `-` and `_`",
                where,
                prefix,
            )
        )
    if spec.url is not None:
        refused = check_url(spec.url)
        if refused is not None:
            problems.append(
                Problem(
                    "url_refused",
                    refused.message,
                    raw.key_position("url"),
                    f"{prefix}.url",
                    hint=refused.hint,
                )
            )
    if spec.backend == "zendesk":
        problems += _check_zendesk(spec, raw, prefix)
    kinds = kind_names()
    for section in ("manage", "external"):
        block = raw.get(section)
        if isinstance(block, PosDict):
            problems += _unknown_kinds(block, kinds, f"{prefix}.{section}")
    for index, excl in enumerate(spec.exclude):
        path = f"{prefix}.exclude[{index}]"
        item = raw["exclude"][index]
        if excl.kind not in kinds:
            hint = suggest(excl.kind, kinds)
            pos = item.key_position("kind")
            problems.append(Problem("unknown_kind", f"unknown kind `{excl.kind}`", pos, path, hint))
        if (excl.title is None) == (excl.name is None):
            problems.append(
                Problem(
                    "invalid_value",
                    "an exclude names its object by exactly one of `title` or `name`",
                    item.mark,
                    path,
                )
            )
    return problems


def _check_zendesk(spec: InstanceModel, raw: PosDict, prefix: str) -> list[Problem]:
    """A subdomain and credentials left out are read from ``ZENDESK_*`` when the instance
    connects (see :mod:`helpctl.config.credentials`); only a token named without its email is
    an error here: the token belongs to one agent, whose address goes beside it."""
    problems: list[Problem] = []
    auth = spec.auth
    if auth is not None and auth.token is not None and auth.email is None:
        problems.append(
            Problem(
                "missing_required",
                "an API token needs the `email` of the agent it belongs to",
                raw.key_position("auth"),
                f"{prefix}.auth",
                hint="add `email: {env: ZD_EMAIL}` (or the address itself)",
            )
        )
    return problems + _check_refs(spec, raw, prefix)


def _check_refs(spec: InstanceModel, raw: PosDict, prefix: str) -> list[Problem]:
    auth_doc = raw.get("auth")
    if spec.auth is None or not isinstance(auth_doc, PosDict):
        return []
    problems: list[Problem] = []
    for key in ("email", "token", "oauth_token"):
        ref = getattr(spec.auth, key)
        if isinstance(ref, SecretRefModel) and (ref.env is None) == (ref.file is None):
            problems.append(
                Problem(
                    "invalid_value",
                    f"`{key}` must name exactly one of `env` or `file`",
                    auth_doc.key_position(key),
                    f"{prefix}.auth.{key}",
                    hint=f"write `{key}: {{env: NAME}}`",
                )
            )
    return problems


def _unknown_kinds(block: PosDict, kinds: list[str], prefix: str) -> list[Problem]:
    return [
        Problem(
            "unknown_kind",
            f"unknown kind `{kind}`",
            block.key_position(kind),
            f"{prefix}.{kind}",
            suggest(kind, kinds),
        )
        for kind in block
        if kind not in kinds
    ]


def _excludes(spec: InstanceModel, raw: PosDict) -> list[Exclude]:
    out = []
    for index, excl in enumerate(spec.exclude):
        item: Any = raw["exclude"][index]
        out.append(Exclude(excl.kind, excl.title or excl.name or "", item.mark))
    return out


def _secret(ref: SecretRefModel | None) -> SecretRef | None:
    return SecretRef(env=ref.env, file=ref.file) if ref is not None else None


def _email(value: str | SecretRefModel | None) -> SecretRef | str | None:
    return value if isinstance(value, str) or value is None else _secret(value)


def _var_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
