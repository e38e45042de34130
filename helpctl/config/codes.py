"""The stable problem codes the config loader emits (resources.validate adds its own).

Codes are part of the CLI's contract: CI jobs filter on them (`--format json`), and the README
lists them. A code is never renamed; a new code gets a new entry here.
"""

from __future__ import annotations

__all__ = ["CONFIG_PROBLEM_CODES"]

#: Every code the loader emits, with its one-line meaning.
CONFIG_PROBLEM_CODES: dict[str, str] = {
    "yaml_syntax": "the file is not well-formed YAML (also: several documents, explicit tags)",
    "yaml_tab": "a tab character in indentation (YAML indents with spaces)",
    "yaml_duplicate_key": "a key written twice in one mapping (YAML would silently keep one)",
    "yaml_alias_bomb": "anchors/aliases expand the document past a sane size, or recursively",
    "file_empty": "a file holds no YAML document (empty or only comments; write `{}` instead)",
    "file_not_utf8": "a byte that is not valid UTF-8",
    "file_too_large": "a file over the size limit (5 MB)",
    "file_unreadable": "a file cannot be read (permissions, a folder where a file was expected)",
    "unknown_kind": "a top-level key (or a kind in manage/external/exclude) that is no kind",
    "unknown_key": "a key the object does not take (with a did-you-mean)",
    "wrong_type": "a value of the wrong type (text where a list goes, `maybe` for a bool)",
    "invalid_value": "a value of the right type that is not allowed (unknown backend, type)",
    "missing_required": "a required key is absent (title, name, subdomain, credentials)",
    "duplicate_identity": "two objects of one kind with the same title/name in one file",
    "include_missing": "an included file or folder does not exist",
    "number_too_large": "an integer too long to read (over 4,300 digits)",
    "url_refused": "an instance url that is malformed, not https (except loopback), carries "
    "credentials, or uses another scheme (file:…)",
    "include_outside_project": "an include leaves the project folder (after symlinks and ..)",
    "include_cycle": "files include each other in a cycle",
    "include_not_regular": "an include names a FIFO, device or socket instead of a file or folder",
    "secret_plaintext": "a token/password/secret written as a literal instead of {env:}/{file:}",
    "var_unknown": "a ${name} that the instance's vars do not define",
    "hc_locale_not_enabled": "a category, section, article or translation in a locale the "
    "instance's help center has not enabled (`help_center.locales`)",
    "exclude_unmatched": "(warning) an exclude names an object no included file defines",
    "overlay_without_base": "(warning) an incomplete object that merges with nothing: an "
    "overlay whose base object was deleted or renamed",
    "external_defined": "(warning) an object the config defines although the instance declares "
    "it external (plans leave it alone)",
    "credentials_from_env": "(warning) a zendesk instance reads its subdomain or credentials "
    "from the ZENDESK_* variables when it connects",
    # help center articles (helpctl/guide/articles.py)
    "hc_front_matter": "an article's front matter is not closed, or not a mapping",
    "hc_front_matter_key": "an article or translation front matter key helpctl does not know",
    "hc_front_matter_missing": "an article without title or section, a translation without title",
    "hc_link_broken": "a relative link to an article file that is not there",
    "hc_image_missing": "an image the article shows is not beside it",
    "hc_image_too_large": "an image over the 20 MB Zendesk accepts as an article attachment",
    "hc_translation_outdated": "(warning) a translation's source_hash is not the source's hash "
    "(the source changed since the translation was written)",
}
