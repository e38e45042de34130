"""Every Zendesk path the sandbox answers, gathered from the per-area modules (specific paths
before the generic ``/{id}`` ones, since the first match wins)."""

from __future__ import annotations

from helpctl.sandbox.categories_api import categories_routes
from helpctl.sandbox.config_api import config_routes
from helpctl.sandbox.content_api import content_routes
from helpctl.sandbox.crud import Route
from helpctl.sandbox.fields_api import fields_routes
from helpctl.sandbox.forms_api import forms_routes
from helpctl.sandbox.jobs import jobs_routes
from helpctl.sandbox.rules_api import rules_routes
from helpctl.sandbox.tickets_api import tickets_routes
from helpctl.sandbox.uploads_api import uploads_routes
from helpctl.sandbox.users_api import users_routes

__all__ = ["all_routes"]


def all_routes() -> list[Route]:
    return [
        *config_routes(),
        *fields_routes(),
        *forms_routes(),
        *categories_routes(),
        *rules_routes(),
        *content_routes(),
        *users_routes(),
        *uploads_routes(),
        *tickets_routes(),
        *jobs_routes(),
    ]
