"""The one exception tree of helpctl.

Every error a user can cause or meet is a :class:`HelpctlError`. The CLI catches it once, renders
it (text or the JSON error envelope) and exits with its ``exit_code``; nothing else prints a
traceback for a user's mistake.

::

    HelpctlError                  code            exit
    ├── ConfigError               config_invalid     1   project cannot be loaded
    │   └── ValidationFailed      config_invalid     1   carries every Problem found
    ├── ProblemsError             (per subclass)         carries Problems, listed under a summary
    │   ├── ValidationFailed
    │   └── MappingError          mapping_invalid    1   a migration mapping file is wrong
    ├── SourceError               source_invalid     1   a legacy source cannot be read
    ├── PlanError                 plan_refused       1   unsafe plan, stale checksum
    ├── LockHeld                  locked             1   another run holds the instance's lock
    ├── SandboxError              sandbox_error      1   the embedded sandbox could not start
    ├── ApiError                  api_error          1   the helpdesk answered with an error
    │   ├── AuthError             api_auth           1   401
    │   ├── PermissionDenied      api_forbidden      1   403
    │   ├── NotFound              api_not_found      1   404
    │   ├── InvalidRecord         api_invalid        1   422 / 400 (details per field)
    │   ├── RateLimited           api_rate_limited   1   429 after retries ran out
    │   ├── ServerError           api_server         1   5xx after retries ran out
    │   └── TransportError        api_transport      1   connection reset, timeout, DNS
    ├── UsageError                usage              1   unknown option, missing argument
    ├── PartialFailure            partial            3   some items failed
    └── Interrupted               interrupted      130   Ctrl-C; state is consistent

A :class:`Problem` is a plain value; the CLI's one renderer (``helpctl/cli/problems.py``)
shows problems and errors as text, JSON or GitHub annotations.

Messages never contain a secret: the classes take what they render from callers that only pass
method, path and Zendesk's own error text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ApiError",
    "AuthError",
    "ConfigError",
    "HelpctlError",
    "Interrupted",
    "InvalidRecord",
    "LockHeld",
    "MappingError",
    "NotFound",
    "PartialFailure",
    "PermissionDenied",
    "PlanError",
    "Position",
    "Problem",
    "ProblemsError",
    "RateLimited",
    "SandboxError",
    "ServerError",
    "SourceError",
    "TransportError",
    "UsageError",
    "ValidationFailed",
]

#: The closed set of error codes the CLI may print in ``{"error": {"code": ...}}``.
ERROR_CODES = frozenset(
    {
        "error",
        "config_invalid",
        "mapping_invalid",
        "source_invalid",
        "ledger_busy",
        "ledger_invalid",
        "plan_refused",
        "locked",
        "sandbox_error",
        "api_error",
        "api_auth",
        "api_forbidden",
        "api_not_found",
        "api_invalid",
        "api_rate_limited",
        "api_server",
        "api_transport",
        "partial",
        "interrupted",
        "usage",
    }
)


@dataclass(frozen=True, order=True)
class Position:
    """Where something was written: a file (relative to the project when possible), 1-based."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One validation finding. ``code`` is stable (documented in the README); ``path`` is the key
    path inside the document, e.g. ``triggers[2].conditions.all[0].operator``."""

    code: str
    message: str
    position: Position | None = None
    path: str = ""
    hint: str = ""
    instance: str = ""
    severity: str = "error"

    def as_dict(self) -> dict[str, Any]:
        pos = self.position
        return {
            "code": self.code,
            "message": self.message,
            "file": pos.file if pos else None,
            "line": pos.line if pos else None,
            "column": pos.column if pos else None,
            "path": self.path,
            "hint": self.hint,
            "instance": self.instance or None,
            "severity": self.severity,
        }


def _brief(problem: Problem) -> str:
    """A problem on one line, for an exception's message (logs, the JSON envelope)."""
    where = f"{problem.position}: " if problem.position else ""
    inst = f"[{problem.instance}] " if problem.instance else ""
    key = f" ({problem.path})" if problem.path else ""
    return f"{where}{inst}{problem.code}: {problem.message}{key}"


class HelpctlError(Exception):
    """Root of every error helpctl raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.position = position

    def __str__(self) -> str:
        return f"{self.position}: {self.message}" if self.position else self.message

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": str(self), "hint": self.hint}
        return out


class ConfigError(HelpctlError):
    """A config project cannot be read (missing file, bad YAML, include outside the project…)."""

    code = "config_invalid"


class ProblemsError(HelpctlError):
    """An error made of :class:`Problem` s: renderers show ``summary`` and list ``problems``;
    the message holds the first problem (``list_all``: every problem), for logs and the JSON
    envelope, which also carries ``problems``."""

    def __init__(
        self,
        summary: str,
        problems: Sequence[Problem] = (),
        *,
        hint: str = "",
        position: Position | None = None,
        list_all: bool = False,
        message: str = "",
    ) -> None:
        self.problems = list(problems)
        self.summary = summary
        if not message and list_all:
            message = f"{summary}:" + "".join(
                f"\n  {_brief(p)}" + (f" — {p.hint}" if p.hint else "") for p in self.problems
            )
        elif not message:
            message = f"{summary}: {_brief(self.problems[0])}" if self.problems else summary
        super().__init__(message, hint=hint, position=position)

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out["problems"] = [p.as_dict() for p in self.problems]
        return out


class ValidationFailed(ConfigError, ProblemsError):
    """Validation found problems; all of them are attached, in file/line order."""

    def __init__(self, problems: list[Problem], *, hint: str = "") -> None:
        ordered = sorted(problems, key=lambda p: (p.position or Position(""), p.path, p.code))
        n = len(ordered)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} found",
            ordered,
            hint=hint or "fix the problems listed, then run `helpctl validate` again",
        )


class MappingError(ProblemsError):
    """A migration mapping file is invalid (``problems``: each finding, when there are any)."""

    code = "mapping_invalid"

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        position: Position | None = None,
        problems: Sequence[Problem] = (),
        summary: str = "",
        list_all: bool = False,
    ) -> None:
        super().__init__(
            summary or message,
            problems,
            hint=hint,
            position=position,
            list_all=list_all,
            message="" if list_all else message,
        )

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        if not self.problems:
            del out["problems"]
        return out


class SourceError(HelpctlError):
    """A legacy source cannot be opened or read at all (single bad records are quarantined)."""

    code = "source_invalid"


class PlanError(HelpctlError):
    """A plan was refused: unsafe without --force, stale saved plan, unreadable plan file."""

    code = "plan_refused"


class LockHeld(HelpctlError):
    """Another run holds the lock this run needs (an apply of the same instance)."""

    code = "locked"


class SandboxError(HelpctlError):
    """The embedded sandbox could not be started or reached."""

    code = "sandbox_error"


class ApiError(HelpctlError):
    """The helpdesk API answered with an error (after retries where retrying is safe).

    ``method`` and ``path`` name the request (the path only: never a full URL, header or token).
    ``details`` is Zendesk's per-field ``details`` mapping for 422s, flattened to text lists.
    """

    code = "api_error"

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        details: dict[str, list[str]] | None = None,
        hint: str = "",
        instance: str = "",
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.details = details or {}
        self.instance = instance
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        where = f"{self.method} {self.path}".strip()
        status = f" → {self.status}" if self.status is not None else ""
        inst = f"[{self.instance}] " if self.instance else ""
        text = f"{inst}{where}{status}: {self.message}" if where else f"{inst}{self.message}"
        if self.details:
            parts = [f"{k}: {'; '.join(v)}" for k, v in sorted(self.details.items())]
            text += " (" + " | ".join(parts) + ")"
        return text

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out.update({"method": self.method, "path": self.path, "status": self.status})
        if self.details:
            out["details"] = self.details
        return out


class AuthError(ApiError):
    code = "api_auth"


class PermissionDenied(ApiError):
    code = "api_forbidden"


class NotFound(ApiError):
    code = "api_not_found"


class InvalidRecord(ApiError):
    code = "api_invalid"


class RateLimited(ApiError):
    code = "api_rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)


class ServerError(ApiError):
    code = "api_server"


class TransportError(ApiError):
    code = "api_transport"


class UsageError(HelpctlError):
    """The command line itself is wrong (unknown option, missing argument). Exit 1, not click's
    2: for `plan`, `drift` and `diff` exit 2 means "changes pending", and a typo must never read
    as that in CI."""

    code = "usage"


class PartialFailure(HelpctlError):
    """The run finished, but some objects or records failed; ``failures`` lists them."""

    code = "partial"
    exit_code = 3

    def __init__(self, message: str, failures: list[str], *, hint: str = "") -> None:
        self.failures = failures
        super().__init__(message, hint=hint)

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out["failures"] = self.failures
        return out


class Interrupted(HelpctlError):
    """The user pressed Ctrl-C; whatever was written is consistent and a re-run continues."""

    code = "interrupted"
    exit_code = 130
