"""Who may call what: Zendesk serves the agent ticket endpoints (``/tickets…``, the ticket
imports and the incremental ticket exports) to agents and admins only. An end user
authenticated with the API token gets 403 ``Forbidden`` there, and uses the Requests API
(``/requests``) for their own tickets instead."""

from __future__ import annotations

from helpctl.sandbox.replies import ApiProblem, Call, Handler, Reply

__all__ = ["AGENT_ONLY_PREFIXES", "FORBIDDEN", "agents_only", "is_agent_only", "role_of"]

#: Paths (after ``/api/v2``) only staff may call: the agent ticket endpoints.
AGENT_ONLY_PREFIXES = ("/tickets", "/imports/tickets", "/incremental/tickets")

#: Zendesk's answer to an end user on an agent endpoint (reference part 1, error table).
FORBIDDEN = {
    "error": "Forbidden",
    "description": "You do not have access to this page. Please contact the account owner of "
    "this help desk for further help.",
}


def role_of(call: Call) -> str:
    """The role of the user the call authenticated as: ``end-user``, ``agent`` or ``admin``
    (the account's own admin, who may have no user row, is ``admin``)."""
    row = call.ctx.store.get(call.ctx.name, "users", call.ctx.account.user_id)
    return str(row.doc().get("role", "end-user")) if row else "admin"


def is_agent_only(path: str) -> bool:
    """Whether a route path is one of the agent ticket endpoints."""
    return any(path == p or path.startswith(p + "/") for p in AGENT_ONLY_PREFIXES)


def agents_only(handler: Handler) -> Handler:
    """``handler``, refusing end users with Zendesk's 403 before it runs."""

    def guarded(call: Call) -> Reply:
        if role_of(call) == "end-user":
            raise ApiProblem(403, dict(FORBIDDEN))
        return handler(call)

    return guarded
