"""The shape of `helpctl.yaml` as pydantic models: what the loader validates and what
`helpctl schema --target project` publishes for editors.

These models only check the *shape* of the file; :mod:`helpctl.config.loader` turns a valid
document into the :mod:`helpctl.config.project` dataclasses and checks what needs the whole
project (kinds named in ``manage``/``external``/``exclude``, credentials per backend).
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from helpctl.config.factories import empty_dict, empty_list

__all__ = [
    "AuthModel",
    "ExcludeModel",
    "HelpCenterModel",
    "InstanceModel",
    "ProjectFileModel",
    "SafetyModel",
    "SecretRefModel",
]


#: A Help Center locale as Guide writes it: lowercase, ``en-us``, ``pt-br``, ``de``.
HcLocale = Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class SecretRefModel(_Strict):
    """A secret by reference: ``{env: NAME}`` or ``{file: PATH}`` (exactly one)."""

    env: str | None = Field(default=None, min_length=1, description="environment variable name")
    file: str | None = Field(default=None, min_length=1, description="file holding the secret")


class AuthModel(_Strict):
    """Credentials of a `zendesk` instance: an email and an API token, or an OAuth token."""

    email: str | SecretRefModel | None = None
    token: SecretRefModel | None = None
    oauth_token: SecretRefModel | None = None


class SafetyModel(_Strict):
    """Refuse plans that update/delete more than a share of existing objects of a kind."""

    # strict: `true` is not a number (pydantic would read it as 1)
    max_update_pct: float = Field(default=30.0, ge=0, le=100, strict=True)
    max_delete_pct: float = Field(default=30.0, ge=0, le=100, strict=True)
    min_existing: int = Field(default=10, ge=0, strict=True)


class ExcludeModel(_Strict):
    """Drop one object that an include brought in: a kind and its title or name."""

    kind: str
    title: str | None = None
    name: str | None = None


class HelpCenterModel(_Strict):
    """The instance's help center: the languages its admin enabled (the first is the default).
    Every category, section, article and translation must be in one of them."""

    locales: list[HcLocale] = Field(
        min_length=1,
        description="enabled Help Center locales, lowercase (en-us, pt-br, de)",
    )


class InstanceModel(_Strict):
    """One helpdesk: the embedded `sandbox` or a real `zendesk` account."""

    backend: Literal["sandbox", "zendesk"] = "sandbox"
    subdomain: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    url: str | None = None
    auth: AuthModel | None = None
    rate_limit: int | None = Field(
        default=None, gt=0, strict=True, description="requests per minute"
    )
    include: list[str] = Field(default_factory=empty_list, description="files or folders, in order")
    exclude: list[ExcludeModel] = Field(default_factory=empty_list)
    vars: dict[str, str | int | float | bool] = Field(default_factory=empty_dict)
    safety: SafetyModel | None = None
    manage: dict[str, Literal["all", "tagged", "none"]] = Field(default_factory=empty_dict)
    external: dict[str, list[str]] = Field(default_factory=empty_dict)
    account: str | None = None
    path: str | None = None
    faults: str | None = None
    help_center: HelpCenterModel | None = None


class ProjectFileModel(_Strict):
    """`helpctl.yaml`: the format version and the instances, by name."""

    version: Literal[1]
    instances: dict[str, InstanceModel] = Field(min_length=1)
