"""Residents' Markdown to HTML that is safe to show to everyone.

Two locks, because either alone has failed somewhere before: markdown-it renders with raw HTML
switched off (so `<script>` typed into a description comes out as text) and refuses unsafe link
schemes; then nh3 (the Rust `ammonia` sanitizer) keeps only an allow-list of tags, attributes and
URL schemes, which also strips event handlers and `javascript:`/`data:` links should the renderer
ever let one through. Images are off: a resident's text must not load pictures from elsewhere
(tracking pixels); photos go through the checked upload instead.
"""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image", "html_block", "html_inline"])


def _demote_headings(html: str) -> str:
    # The page has its own h1/h2; a resident's "# Title" becomes an h3 so the outline holds.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    # Relative links are dropped too: "java%09script:" parses as a relative path, harmless, but
    # a resident has no reason to link inside this site with a path that looks like a scheme.
    if attribute == "href" and not value.lower().startswith(("https://", "http://", "mailto:")):
        return None
    return value


def render(text: str | None) -> str:
    """Markdown source -> sanitized HTML fragment (a plain str; mark it safe only after this)."""
    if not text:
        return ""
    html = _demote_headings(_md.render(text))
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )


def plain(text: str | None, limit: int = 200) -> str:
    """A short text-only excerpt for cards and lists: no markup, not escaped (the template
    escapes it)."""
    cleaned = html.unescape(nh3.clean(render(text), tags=set())).strip()
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"
