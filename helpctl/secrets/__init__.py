"""Resolving secrets that the project file names by reference.

A :class:`~helpctl.config.project.SecretRef` says *where* a secret lives (an environment variable
or a file); this module reads it at the moment a connection is opened, and nowhere else. So are
the zcli-style ``ZENDESK_*`` variables an instance falls back on (:func:`env_value`,
:func:`missing_variables`). Errors name the instance and the variable or file, never the value;
the value is returned to the caller and never stored on a config object.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from helpctl.config.credentials import (
    ENV_API_TOKEN,
    ENV_EMAIL,
    ENV_OAUTH_TOKEN,
    ENV_SUBDOMAIN,
    EnvNeeds,
)
from helpctl.config.project import SecretRef
from helpctl.errors import ConfigError

__all__ = ["env_value", "missing_variables", "resolve_secret"]


def env_value(environ: Mapping[str, str], name: str) -> str:
    """The variable's value stripped of surrounding whitespace ("" when unset or blank)."""
    return environ.get(name, "").strip()


def missing_variables(needs: EnvNeeds, environ: Mapping[str, str]) -> list[str]:
    """The ``ZENDESK_*`` variables ``needs`` calls for that are not set (names only).

    ``ZENDESK_OAUTH_TOKEN`` stands in for the email and API token together."""
    wanted = [ENV_SUBDOMAIN] if needs.subdomain else []
    if needs.token and not env_value(environ, ENV_OAUTH_TOKEN):
        wanted += [ENV_EMAIL] if needs.email else []
        wanted.append(ENV_API_TOKEN)
    return [name for name in wanted if not env_value(environ, name)]


def resolve_secret(
    ref: SecretRef,
    *,
    root: Path,
    instance: str,
    what: str,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The secret ``ref`` points at, stripped of surrounding whitespace.

    ``what`` names the secret's role ("token", "email") for error messages; ``root`` is the
    project folder that relative file paths are read from.
    """
    env = os.environ if environ is None else environ
    if ref.env:
        value = env.get(ref.env, "")
        if not value.strip():
            raise ConfigError(
                f"instance {instance}: the {what} is read from environment variable "
                f"{ref.env}, which is not set",
                hint=f"export {ref.env}=... before running helpctl (or use a file: reference)",
                position=ref.position,
            )
        return value.strip()
    if ref.file:
        path = Path(ref.file).expanduser()
        if not path.is_absolute():
            path = root / path
        try:
            value = path.read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(
                f"instance {instance}: the {what} is read from file {ref.file}, "
                f"which cannot be read ({err.strerror or type(err).__name__})",
                hint="create the file, or point the reference at the right path "
                "(relative paths start at the project folder)",
                position=ref.position,
            ) from None
        if not value.strip():
            raise ConfigError(
                f"instance {instance}: the {what} file {ref.file} is empty",
                hint="write the secret into the file",
                position=ref.position,
            )
        return value.strip()
    raise ConfigError(
        f"instance {instance}: the {what} reference names neither an env variable nor a file",
        hint="write it as {env: NAME} or {file: PATH}",
        position=ref.position,
    )
