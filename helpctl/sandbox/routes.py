"""Every Zendesk path the sandbox answers: each configuration kind's (``kinds/<kind>.py``, found
by :mod:`helpctl.sandbox.kinds`), then the other areas (specific paths before the generic
``/{id}`` ones, since the first match wins)."""

from __future__ import annotations

from helpctl.sandbox.clock_api import clock_routes
from helpctl.sandbox.content_api import content_routes
from helpctl.sandbox.crud import Route
from helpctl.sandbox.jobs import jobs_routes
from helpctl.sandbox.kinds import SANDBOX_KINDS
from helpctl.sandbox.requests_api import requests_routes
from helpctl.sandbox.tickets_api import tickets_routes
from helpctl.sandbox.uploads_api import uploads_routes
from helpctl.sandbox.users_api import users_routes

__all__ = ["all_routes"]


def all_routes() -> list[Route]:
    kinds = [route for entry in SANDBOX_KINDS.values() for route in entry.routes()]
    return [
        *kinds,
        *content_routes(),
        *users_routes(),
        *uploads_routes(),
        *clock_routes(),
        *requests_routes(),
        *tickets_routes(),
        *jobs_routes(),
    ]
