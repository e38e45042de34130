"""Links and images between the file form, the canonical tokens and Zendesk's URLs."""

from __future__ import annotations

from helpctl.guide.links import attachment_names, canonical_links, live_links

LIVE = (
    '<p><a href="https://acme.zendesk.com/hc/en-us/articles/42-Refunds#fees">fees</a> '
    '<a href="https://support.zendesk.com/hc/en-us/articles/7">elsewhere</a> '
    '<img src="https://acme.zendesk.com/hc/article_attachments/9/shot%201.png" alt=""></p>'
)


def test_live_links_to_known_articles_and_attachments_become_tokens() -> None:
    canonical = canonical_links(LIVE, {"42": "Refunds & fees"}.get)
    assert 'href="hc:article/Refunds%20%26%20fees#fees"' in canonical
    # an article the help center does not hold (another site) keeps its URL
    assert 'href="https://support.zendesk.com/hc/en-us/articles/7"' in canonical
    assert 'src="hc:attachment/shot%201.png"' in canonical
    assert attachment_names(canonical) == ["shot 1.png"]


def test_tokens_become_the_target_help_centers_urls() -> None:
    canonical = canonical_links(LIVE, {"42": "Refunds & fees"}.get)
    urls = {"Refunds & fees": "https://new.zendesk.com/hc/fr/articles/77-Refunds"}
    html, pending = live_links(
        canonical,
        urls.get,
        {"shot 1.png": "https://new.zendesk.com/hc/article_attachments/5/s"}.get,
    )
    assert 'href="https://new.zendesk.com/hc/fr/articles/77-Refunds#fees"' in html
    assert 'src="https://new.zendesk.com/hc/article_attachments/5/s"' in html
    assert pending == []


def test_a_link_to_an_article_not_created_yet_is_pending() -> None:
    html, pending = live_links('<a href="hc:article/Later">x</a>', lambda t: None, lambda n: None)
    assert html == '<a href="#">x</a>'
    assert pending == ["Later"]


def test_a_path_prefix_before_hc_is_still_a_help_center_url() -> None:
    live = '<a href="http://127.0.0.1:8080/accounts/india/hc/en-us/articles/5-X">x</a>'
    assert canonical_links(live, {"5": "X"}.get) == '<a href="hc:article/X">x</a>'
