"""JSON Schemas (draft 2020-12) of the config files, built from the pydantic models.

Editors use them through yaml-language-server: a file's first line
``# yaml-language-server: $schema=<path or URL of the schema>`` turns on completion and checks.
Two documents: one for resource files (kind → list of objects, plus ``include``) and one for
`helpctl.yaml`. ``${var}`` substitution happens in strings only, so a file that uses variables
still matches the schema. The schema checks shape; references, the rule catalogue and secrets
are checked by `helpctl validate`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from helpctl.config.project_model import ProjectFileModel

__all__ = ["SCHEMA_DIALECT", "SchemaTarget", "project_schema", "resources_schema", "schema_for"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SchemaTarget = Literal["resources", "project"]


def resources_schema() -> dict[str, Any]:
    """The schema of a resource file: each kind a list of that kind's objects."""
    from helpctl.resources import KINDS

    models: list[tuple[type[BaseModel], Literal["validation"]]] = [
        (spec.model, "validation") for spec in KINDS.values()
    ]
    refs, defs = models_json_schema(models, ref_template="#/$defs/{model}")
    properties: dict[str, Any] = {
        "include": {
            "description": "files or folders (relative to this file) applied before this file",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    }
    for name, spec in KINDS.items():
        properties[name] = {
            "description": f"{name}: each object is identified by its `{spec.identity}`",
            "type": ["array", "null"],
            "items": refs[(spec.model, "validation")],
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://helpctl.dev/schema/resources.schema.json",
        "title": "helpctl resource file",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs.get("$defs", {}),
    }


def project_schema() -> dict[str, Any]:
    """The schema of `helpctl.yaml`."""
    body = ProjectFileModel.model_json_schema(ref_template="#/$defs/{model}")
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://helpctl.dev/schema/project.schema.json",
        **body,
        "title": "helpctl project file (helpctl.yaml)",
    }


def schema_for(target: SchemaTarget) -> dict[str, Any]:
    return project_schema() if target == "project" else resources_schema()
