"""A help center serves only the languages it has enabled: the sandbox, told an instance's
`help_center.locales`, refuses a category, section, article or translation in another language
as Zendesk does, and agrees with what validate reports offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project
from helpctl.errors import ApiError
from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.client import ZendeskClient

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart"


def _article(api: httpx.Client) -> int:
    """A category, section and article in en-us; the article's id."""
    cat = api.post("help_center/categories", json={"category": {"name": "C", "locale": "en-us"}})
    assert cat.status_code == 201, cat.text
    path = f"help_center/categories/{cat.json()['category']['id']}/sections"
    sec = api.post(path, json={"section": {"name": "S", "locale": "en-us"}})
    group = api.get("guide/permission_groups").json()["permission_groups"][0]["id"]
    article = {"title": "A", "body": "<p>a</p>", "locale": "en-us", "permission_group_id": group}
    path = f"help_center/sections/{sec.json()['section']['id']}/articles"
    made = api.post(path, json={"article": article})
    assert made.status_code == 201, made.text
    return int(made.json()["article"]["id"])


def test_the_sandbox_refuses_a_language_its_help_center_has_not_enabled() -> None:
    with SandboxServer(accounts=("hc",)) as server:
        server.set_hc_locales("hc", ["en-us", "es"])
        email, token = server.credentials()
        with httpx.Client(base_url=server.base_url(), auth=(f"{email}/token", token)) as api:
            listed = api.get("help_center/locales").json()
            assert listed == {"locales": ["en-us", "es"], "default_locale": "en-us"}
            article = _article(api)
            translations = f"help_center/articles/{article}/translations"
            spanish = {"translation": {"locale": "es", "title": "A", "body": "<p>a</p>"}}
            assert api.post(translations, json=spanish).status_code == 201
            german = {"translation": {"locale": "de", "title": "A", "body": "<p>a</p>"}}
            refused = api.post(translations, json=german)
            assert refused.status_code == 400
            assert refused.json()["error"] == "InvalidLocale"
            assert "de" in refused.json()["description"]
            french = api.post(
                "help_center/categories", json={"category": {"name": "F", "locale": "fr"}}
            )
            assert french.status_code == 400
            locales = [t["locale"] for t in api.get(translations).json()["translations"]]
            assert sorted(locales) == ["en-us", "es"]
            server.set_hc_locales("hc", None)  # undeclared: any language is taken
            assert api.post(translations, json=german).status_code == 201


@pytest.fixture
def quickstart(tmp_path: Path) -> Path:
    root = tmp_path / "qs"
    shutil.copytree(QUICKSTART, root, ignore=shutil.ignore_patterns(".helpctl"))
    return root


def test_validate_and_the_embedded_sandbox_agree_on_the_declared_locales(
    quickstart: Path,
) -> None:
    # declared [en-us, es]: valid, and the apply goes through with no refusal
    project = load_project(quickstart)
    assert validate_project(project, workers=1) == []
    with Connections(project) as conns:
        planned = plan_instance(project, "sandbox", conns.provider("sandbox"))
        report = apply_planned(conns.provider("sandbox"), planned.plan)
        assert [r for r in report.results if r.status != "done"] == []
    # narrowed to [en-us]: validate names the Spanish translation, and the sandbox the
    # instance starts now refuses a Spanish translation
    yaml_file = quickstart / "helpctl.yaml"
    text = yaml_file.read_text("utf-8").replace("locales: [en-us, es]", "locales: [en-us]")
    yaml_file.write_text(text, "utf-8")
    project = load_project(quickstart)
    codes = [p.code for p in validate_project(project, workers=1)]
    assert codes == ["hc_locale_not_enabled"]
    with Connections(project) as conns:
        client = conns.client("sandbox")
        articles = client.get("help_center/articles")["articles"]
        (article,) = [a["id"] for a in articles if a["title"] == "How to buy an item"]
        body = {"translation": {"locale": "es", "title": "Hola", "body": "<p>hola</p>"}}
        client.delete(f"help_center/translations/{_translation_id(client, article, 'es')}")
        with pytest.raises(ApiError) as refused:
            client.post(f"help_center/articles/{article}/translations", body)
        assert "InvalidLocale" in str(refused.value) or "not enabled" in str(refused.value)


def _translation_id(client: ZendeskClient, article: int, locale: str) -> int:
    found = client.get(f"help_center/articles/{article}/translations")["translations"]
    (tr,) = [t for t in found if t["locale"] == locale]
    return int(tr["id"])
