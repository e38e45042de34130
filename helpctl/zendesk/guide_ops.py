"""The Help Center writes that do not fit the generic create/update: sections are created under
their category, articles under their section, and an article is written per translation.

- **Images first.** Every image an article uses is uploaded (``POST
  help_center/articles/attachments``, multipart, ``inline=true``) *before* the article is created
  or its translation written; when one upload fails nothing of the article is sent, so no
  article is ever published with a broken image. After a create the uploads are attached with
  ``bulk_attachments`` (20 a call).
- **Links after creates.** A link to an article that does not exist yet is written as ``#``
  and remembered; :meth:`GuideWriter.fill_links` rewrites those translations once every create
  of the apply has run and each article has its URL.
- **Only what changed.** An update sends the article's metadata (``PUT help_center/articles/
  {id}``) only when a metadata key changed, and each translation (``PUT …/translations/
  {locale}``, ``POST`` for a new locale, ``DELETE help_center/translations/{id}`` for a removed
  one) only when its title, body or draft changed.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx

from helpctl.errors import ApiError, InvalidRecord
from helpctl.guide.links import attachment_names, live_links
from helpctl.plan import Change
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.live import Id, LiveCache
from helpctl.zendesk.payloads import to_zendesk

__all__ = ["GUIDE_CREATES", "GuideWriter", "known_images"]

#: Kinds whose creates go through :class:`GuideWriter` (updates too for articles).
GUIDE_CREATES = frozenset({"hc_sections", "hc_articles"})
_TEXT_KEYS = ("title", "body", "draft")
_META_SKIP = frozenset({"title", "body", "translations", "files", "locale", "draft"})
_ATTACH_BATCH = 20


class GuideWriter:
    """Sends Help Center creates and article updates for one apply."""

    def __init__(self, client: ZendeskClient, cache: LiveCache) -> None:
        self.client = client
        self.cache = cache
        # (change, article id, locale) whose body still has a link written as "#"
        self.pending: list[tuple[Change, Id, str]] = []

    # -- create ----------------------------------------------------------------------------
    def create(self, change: Change, attrs: dict[str, Any]) -> dict[str, Any]:
        if change.kind == "hc_sections":
            body = to_zendesk("hc_sections", attrs, self.cache.index)
            category = body.pop("category_id")
            answer = self.client.post(
                f"help_center/categories/{category}/sections", {"section": body}
            )
            return _unwrap(answer, "section")
        return self._create_article(change, attrs)

    def _create_article(self, change: Change, attrs: dict[str, Any]) -> dict[str, Any]:
        uploads = self._upload(attrs)
        source = str(attrs.get("locale") or "en-us")
        html, pending = self._live_body(str(attrs.get("body") or ""), source, uploads)
        body = to_zendesk("hc_articles", {**attrs, "body": html}, self.cache.index)
        if "permission_group_id" not in body:
            body["permission_group_id"] = self._default_permission_group()
        body.setdefault("locale", source)
        section = body.pop("section_id")
        answer = self.client.post(f"help_center/sections/{section}/articles", {"article": body})
        article = _unwrap(answer, "article")
        self.cache.put("hc_articles", article)
        self._attach(article["id"], uploads)
        if pending:
            self.pending.append((change, article["id"], source))
        translations = []
        for locale, tr in sorted((attrs.get("translations") or {}).items()):
            translations.append(
                self._write_translation(change, article["id"], locale, tr, None, uploads)
            )
        article["translations"] = [*(article.get("translations") or []), *translations]
        return article

    def forget(self, article_id: Id) -> None:
        """Drop the pending link rewrites of an article this run deleted (a racing run's won)."""
        self.pending = [p for p in self.pending if p[1] != article_id]

    # -- update ----------------------------------------------------------------------------
    def update_article(self, change: Change, attrs: dict[str, Any], live_id: Id) -> dict[str, Any]:
        live_obj = self.cache.get("hc_articles", live_id) or {}
        assert change.live is not None
        old = change.live.attrs
        uploads = self._upload(attrs, known_images(live_obj))
        meta = {k: v for k, v in attrs.items() if k not in _META_SKIP}
        if any(old.get(k) != v for k, v in meta.items()):
            body = to_zendesk("hc_articles", meta, self.cache.index)
            self.client.put(f"help_center/articles/{live_id}", {"article": body})
        source = str(old.get("locale") or attrs.get("locale") or "en-us")
        want = {source: {k: attrs[k] for k in _TEXT_KEYS if k in attrs}}
        have = {source: {k: old[k] for k in _TEXT_KEYS if k in old}}
        want.update(attrs.get("translations") or {})
        have.update(old.get("translations") or {})
        live_trs = {str(t.get("locale")): t for t in live_obj.get("translations") or []}
        for locale, tr in sorted(want.items()):
            before = have.get(locale)
            if before is not None and all(tr.get(k) == before.get(k) for k in _TEXT_KEYS):
                continue
            self._write_translation(change, live_id, locale, tr, before, uploads)
        for locale in sorted(set(have) - set(want)):
            tr_id = (live_trs.get(locale) or {}).get("id")
            if tr_id is not None:
                self.client.delete(f"help_center/translations/{tr_id}")
        self._attach(live_id, {n: u for n, u in uploads.items() if n not in known_images(live_obj)})
        obj = self.client.get(f"help_center/articles/{live_id}", params={"include": "translations"})
        article = _unwrap(obj, "article")
        self.cache.put("hc_articles", article)
        return article

    def _write_translation(
        self,
        change: Change,
        article_id: Id,
        locale: str,
        tr: dict[str, Any],
        before: dict[str, Any] | None,
        uploads: dict[str, tuple[Id, str]],
    ) -> dict[str, Any]:
        html, pending = self._live_body(str(tr.get("body") or ""), locale, uploads)
        body: dict[str, Any] = {"locale": locale, "title": tr.get("title"), "body": html}
        if "draft" in tr or before is not None:
            body["draft"] = bool(tr.get("draft"))
        base = f"help_center/articles/{article_id}/translations"
        if before is None:
            try:
                answer = self.client.post(base, {"translation": body})
            except InvalidRecord as err:  # a racing run wrote this locale first: update it
                if "already exists" not in str(err):
                    raise
                answer = self.client.put(f"{base}/{locale}", {"translation": body})
        else:
            answer = self.client.put(f"{base}/{locale}", {"translation": body})
        if pending:
            self.pending.append((change, article_id, locale))
        return _unwrap(answer, "translation")

    # -- links -----------------------------------------------------------------------------
    def _live_body(
        self, html: str, locale: str, uploads: dict[str, tuple[Id, str]]
    ) -> tuple[str, list[str]]:
        def url_of(title: str) -> str | None:
            obj_id = self.cache.id_of("hc_articles", title)
            obj = self.cache.get("hc_articles", obj_id) if obj_id is not None else None
            url = obj.get("html_url") if obj else None
            return str(url) if url else None

        def image_url(name: str) -> str | None:
            found = uploads.get(name)
            return found[1] if found else None

        return live_links(html, url_of, image_url)

    def fill_links(self) -> dict[int, str]:
        """Rewrite the translations written with a ``#`` link; failures by ``id(change)``."""
        failed: dict[int, str] = {}
        for change, article_id, locale in self.pending:
            assert change.desired is not None
            attrs = change.desired.attrs
            source = str(attrs.get("locale") or "en-us")
            tr = attrs if locale == source else (attrs.get("translations") or {}).get(locale, {})
            live_obj = self.cache.get("hc_articles", article_id) or {}
            images: dict[str, tuple[Id, str]] = {
                n: (0, u) for n, u in known_images(live_obj).items()
            }
            html, missing = self._live_body(str(tr.get("body") or ""), locale, images)
            try:
                self.client.put(
                    f"help_center/articles/{article_id}/translations/{locale}",
                    {"translation": {"body": html}},
                )
            except ApiError as err:
                failed[id(change)] = str(err)
                continue
            if missing:
                failed[id(change)] = "links to articles that were not created: " + ", ".join(
                    f"`{t}`" for t in missing
                )
        self.pending.clear()
        return failed

    # -- attachments -----------------------------------------------------------------------
    def _upload(
        self, attrs: dict[str, Any], known: dict[str, str] | None = None
    ) -> dict[str, tuple[Id, str]]:
        """Upload every image the article's bodies use that is not attached yet: name →
        (attachment id, content URL). Raises before anything of the article is written."""
        files: dict[str, str] = attrs.get("files") or {}
        bodies = [str(attrs.get("body") or "")]
        bodies += [str(t.get("body") or "") for t in (attrs.get("translations") or {}).values()]
        names = {n for b in bodies for n in attachment_names(b)}
        done: dict[str, tuple[Id, str]] = {n: (0, u) for n, u in (known or {}).items()}
        for name in sorted(names - set(done)):
            path = files.get(name)
            if path is None:
                raise ApiError(
                    f"image `{name}` has no file to upload",
                    hint="put the image beside the article file",
                )
            done[name] = self._upload_one(name, Path(path))
        return done

    def _upload_one(self, name: str, path: Path) -> tuple[Id, str]:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        request = httpx.Request(
            "POST",
            "http://form.invalid/",
            data={"inline": "true"},
            files={"file": (name, path.read_bytes(), kind)},
        )
        answer = self.client.request(
            "POST",
            "help_center/articles/attachments",
            content=request.read(),
            content_type=request.headers["content-type"],
            idempotent=True,
        )
        att = _unwrap(answer, "article_attachment")
        return att["id"], str(att.get("content_url"))

    def _attach(self, article_id: Id, uploads: dict[str, tuple[Id, str]]) -> None:
        ids = [att_id for att_id, _ in uploads.values() if att_id]
        for start in range(0, len(ids), _ATTACH_BATCH):
            self.client.post(
                f"help_center/articles/{article_id}/bulk_attachments",
                {"attachment_ids": ids[start : start + _ATTACH_BATCH]},
                idempotent=True,
            )

    def _default_permission_group(self) -> Id:
        groups = self.cache.of("permission_groups")
        builtin = [g for g in groups if g.get("built_in")] or groups
        if not builtin:
            raise ApiError(
                "the help center has no permission group for the new article",
                hint="declare a permission group and name it in the article's front matter",
            )
        value = builtin[0]["id"]
        return value if isinstance(value, int | str) else str(value)


def known_images(article: dict[str, Any]) -> dict[str, str]:
    """Images a live article's bodies already show: file name → content URL."""
    from helpctl.guide.links import ATTACHMENT, canonical_links

    found: dict[str, str] = {}
    bodies = [str(article.get("body") or "")]
    bodies += [str(t.get("body") or "") for t in article.get("translations") or []]
    for body in bodies:
        canonical = canonical_links(body, lambda i: None)
        for live_part, token_part in zip(
            body.split('src="')[1:], canonical.split('src="')[1:], strict=False
        ):
            token = token_part.partition('"')[0]
            if token.startswith(ATTACHMENT):
                found[unquote(token[len(ATTACHMENT) :])] = live_part.partition('"')[0]
    return found


def _unwrap(answer: Any, key: str) -> dict[str, Any]:
    obj = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(obj, dict) or "id" not in obj:
        raise ApiError(
            f"the answer has no {key!r} object",
            hint="the helpdesk answered in an unexpected shape; report this answer",
        )
    return obj
