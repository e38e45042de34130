"""What an instance leaves to the zcli-style ``ZENDESK_*`` environment variables.

A ``zendesk`` instance may name its ``subdomain``/``url`` and ``auth`` in `helpctl.yaml`, or leave
any of them out for a one-off run: then it reads ``ZENDESK_SUBDOMAIN`` and ``ZENDESK_EMAIL`` +
``ZENDESK_API_TOKEN`` (or ``ZENDESK_OAUTH_TOKEN``) when it connects, like zcli. A ``sandbox``
instance reached by ``url`` (a sandbox served elsewhere) does the same for its credentials.

Validation never reads the environment (it runs offline, often in CI without secrets):
:func:`credential_warning` only says which variables the instance will need. Connecting checks
they are set (:func:`helpctl.secrets.missing_variables`).

Pure domain: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpctl.config.project import InstanceConfig
from helpctl.errors import Problem

__all__ = [
    "ENV_API_TOKEN",
    "ENV_EMAIL",
    "ENV_OAUTH_TOKEN",
    "ENV_SUBDOMAIN",
    "EnvNeeds",
    "credential_warning",
    "env_needs",
]

ENV_SUBDOMAIN = "ZENDESK_SUBDOMAIN"
ENV_EMAIL = "ZENDESK_EMAIL"
ENV_API_TOKEN = "ZENDESK_API_TOKEN"
ENV_OAUTH_TOKEN = "ZENDESK_OAUTH_TOKEN"


@dataclass(frozen=True)
class EnvNeeds:
    """The pieces an instance takes from the environment: its subdomain, the email its API
    token belongs to, and the token itself (an API token, or an OAuth token instead of both)."""

    subdomain: bool = False
    email: bool = False
    token: bool = False

    def __bool__(self) -> bool:
        return self.subdomain or self.email or self.token

    def left_out(self) -> str:
        """What the instance does not name, as a phrase: ``subdomain or credentials``."""
        token = "credentials" if self.email else "API token"
        return " or ".join(
            what for what, left in (("subdomain", self.subdomain), (token, self.token)) if left
        )

    def describe(self) -> str:
        """The variables, as a phrase: ``ZENDESK_SUBDOMAIN, plus ZENDESK_EMAIL and …``."""
        parts = [ENV_SUBDOMAIN] if self.subdomain else []
        if self.token:
            token = f"{ENV_EMAIL} and {ENV_API_TOKEN}" if self.email else ENV_API_TOKEN
            parts.append(f"{token} (or {ENV_OAUTH_TOKEN})")
        return ", plus ".join(parts)


def env_needs(inst: InstanceConfig) -> EnvNeeds:
    """What ``inst`` leaves to the environment (nothing for an embedded sandbox)."""
    if inst.backend == "sandbox" and not inst.url:
        return EnvNeeds()
    token = inst.token is None and inst.oauth_token is None
    return EnvNeeds(
        subdomain=inst.backend == "zendesk" and not inst.subdomain and not inst.url,
        email=token and inst.email is None,
        token=token,
    )


def credential_warning(inst: InstanceConfig) -> Problem | None:
    """A warning naming the variables ``inst`` will read when it connects (None if none)."""
    needs = env_needs(inst)
    if not needs:
        return None
    return Problem(
        "credentials_from_env",
        f"instance {inst.name} names no {needs.left_out()}: commands that connect to it read "
        f"{needs.describe()} from the environment",
        inst.position,
        f"instances.{inst.name}",
        hint="export the variables before plan/apply, or add `subdomain:` and `auth:` with "
        "references ({env: NAME} or {file: PATH}) to the instance",
        severity="warning",
    )
