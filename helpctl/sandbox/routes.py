"""Every Zendesk path the sandbox answers: each configuration kind's (``kinds/<kind>.py``, found
by :mod:`helpctl.sandbox.kinds`), then the other areas (specific paths before the generic
``/{id}`` ones, since the first match wins). End users are refused on the agent ticket
endpoints (:mod:`helpctl.sandbox.roles`)."""

from __future__ import annotations

from helpctl.sandbox.bulk_exports_api import bulk_exports_routes
from helpctl.sandbox.clock_api import clock_routes
from helpctl.sandbox.content_api import content_routes
from helpctl.sandbox.crud import Route
from helpctl.sandbox.guide_locales import guide_locale_routes
from helpctl.sandbox.jobs import jobs_routes
from helpctl.sandbox.kinds import SANDBOX_KINDS
from helpctl.sandbox.requests_api import requests_routes
from helpctl.sandbox.roles import agents_only, is_agent_only
from helpctl.sandbox.rules_run_api import rules_run_routes
from helpctl.sandbox.search_api import search_routes
from helpctl.sandbox.tickets_api import tickets_routes
from helpctl.sandbox.uploads_api import uploads_routes
from helpctl.sandbox.users_api import users_routes

__all__ = ["all_routes"]


def all_routes() -> list[Route]:
    kinds = [route for entry in SANDBOX_KINDS.values() for route in entry.routes()]
    # paths that a kind's ``/{id}`` route would swallow (``views/count_many``) come first
    routes = [
        *rules_run_routes(),
        *guide_locale_routes(),
        *kinds,
        *content_routes(),
        *users_routes(),
        *uploads_routes(),
        *clock_routes(),
        *requests_routes(),
        *search_routes(),
        *bulk_exports_routes(),
        *tickets_routes(),
        *jobs_routes(),
    ]
    # end users are refused on the agent ticket endpoints (they use ``/requests``)
    return [
        (method, path, agents_only(handler) if is_agent_only(path) else handler)
        for method, path, handler in routes
    ]
