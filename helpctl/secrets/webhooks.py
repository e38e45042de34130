"""Webhook credentials: compared by fingerprint at plan time, resolved only when sent.

Zendesk never returns a webhook's ``authentication.data``, so helpctl cannot diff it. Instead
it keeps a *fingerprint* of the credential it last sent (a salted scrypt hash, see
:mod:`helpctl.resources.kinds.webhooks`) in the webhook's description, beside the managed
marker. At plan time :func:`settle` resolves each desired webhook's secret references (when it
can) and checks them against that fingerprint:

- same credential (or the secret cannot be read here, e.g. CI without the variable): the
  credential is not part of the plan and is not sent;
- a different credential, or none recorded yet: ``authentication`` shows as an update whose
  ``credential_fingerprint`` is ``(rotated)``; applying it sends the new credential and
  records its fingerprint.

The plan, a saved plan, an export and every message only ever hold the references
(``{env: NAME}``); :func:`resolved_auth` reads the values just before a write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from helpctl.config.project import SecretRef
from helpctl.errors import ConfigError, HelpctlError
from helpctl.resources.kinds.webhooks import fingerprint, fingerprint_matches
from helpctl.resources.state import Resource, State
from helpctl.secrets import resolve_secret

__all__ = [
    "ROTATED",
    "SecretReader",
    "credential_text",
    "reader_for",
    "resolved_auth",
    "settle",
    "without_fingerprints",
]

KIND = "webhooks"
#: The desired fingerprint of a credential that differs from the one last sent.
ROTATED = "(rotated)"

#: Reads one secret reference (``{"env": NAME}`` / ``{"file": PATH}``); raises a
#: ``HelpctlError`` naming the reference (never a value) when it cannot.
SecretReader = Callable[[Mapping[str, Any]], str]


def reader_for(root: Path, instance: str, environ: Mapping[str, str] | None = None) -> SecretReader:
    """A reader resolving references like the project's own credentials (relative files from
    the project folder)."""

    def read(ref: Mapping[str, Any]) -> str:
        secret = SecretRef(env=ref.get("env"), file=ref.get("file"))
        return resolve_secret(
            secret,
            root=root,
            instance=instance,
            what="webhook credential",
            environ=os.environ if environ is None else environ,
        )

    return read


def _resolved(data: Mapping[str, Any], read: SecretReader) -> dict[str, str]:
    return {k: read(v) if isinstance(v, Mapping) else str(v) for k, v in data.items()}


def credential_text(data: Mapping[str, Any], read: SecretReader) -> str:
    """The whole credential (every ``data`` value, resolved) as one text to fingerprint."""
    return json.dumps(_resolved(data, read), sort_keys=True)


def _settled(want: Resource, have: Resource | None, read: SecretReader | None) -> Resource:
    auth = want.attrs.get("authentication")
    if not isinstance(auth, dict) or not auth.get("data"):
        return want
    live_auth = (have.attrs.get("authentication") if have is not None else None) or {}
    live_fp = live_auth.get("credential_fingerprint")
    try:
        text = credential_text(auth["data"], read) if read is not None else None
    except HelpctlError:
        text = None  # not readable here: the credential cannot be compared, so it is kept
    auth = {k: v for k, v in auth.items() if k != "credential_fingerprint"}
    fp = live_fp if text is None or fingerprint_matches(text, live_fp) else ROTATED
    if fp:
        auth["credential_fingerprint"] = fp
    return replace(want, attrs={**want.attrs, "authentication": auth})


def _with_refs(have: Resource, want: Resource) -> Resource:
    """The live webhook showing the desired references: they cannot be read back, so they are
    not a difference."""
    auth, wanted = have.attrs.get("authentication"), want.attrs.get("authentication")
    if not isinstance(auth, dict) or not isinstance(wanted, dict) or "data" not in wanted:
        return have
    return replace(have, attrs={**have.attrs, "authentication": {**auth, "data": wanted["data"]}})


def settle(desired: State, live: State, read: SecretReader | None) -> tuple[State, State]:
    """(desired, live) with every webhook credential compared by fingerprint (module doc)."""
    wanted = desired.of(KIND)
    if not wanted:
        return desired, live
    have = live.index(KIND)
    settled = [_settled(w, have.get(w.key), read) for w in wanted]
    by_key = {w.key: w for w in settled}
    live_hooks = [_with_refs(h, by_key[h.key]) if h.key in by_key else h for h in live.of(KIND)]
    return (
        replace(desired, resources={**desired.resources, KIND: settled}),
        replace(live, resources={**live.resources, KIND: live_hooks}),
    )


def without_fingerprints(state: State) -> State:
    """``state`` without credential fingerprints (each account salts its own: comparing two
    accounts' fingerprints says nothing)."""
    hooks = []
    for res in state.of(KIND):
        auth = res.attrs.get("authentication")
        if isinstance(auth, dict) and "credential_fingerprint" in auth:
            auth = {k: v for k, v in auth.items() if k != "credential_fingerprint"}
            res = replace(res, attrs={**res.attrs, "authentication": auth})
        hooks.append(res)
    return replace(state, resources={**state.resources, KIND: hooks}) if hooks else state


def resolved_auth(auth: Mapping[str, Any], read: SecretReader | None) -> tuple[dict[str, Any], str]:
    """(the ``authentication`` body with its secrets read, the fingerprint to record)."""
    data = auth.get("data")
    if not isinstance(data, Mapping):
        return dict(auth), ""
    if read is None:
        raise ConfigError(
            "webhook credentials cannot be read here",
            hint="apply through a project (helpctl apply), which reads {env:}/{file:} references",
        )
    values = _resolved(data, read)
    return {**auth, "data": values}, fingerprint(json.dumps(values, sort_keys=True))
