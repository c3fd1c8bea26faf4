"""Markdown descriptions → safe HTML (python-markdown, then nh3) and plain text."""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "hr",
    "abbr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The event page owns <h1> (the title) and <h2> (its sections): headings written in a
# description start at <h3> so the outline stays ordered (RGAA criterion 9.1).
_TOP_HEADINGS = re.compile(r"<(/?)h[12](\W)")


def markdown_to_html(source: str) -> str:
    """Render Markdown and sanitise it: no script, handler, iframe or javascript: URL."""
    rendered = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    rendered = _TOP_HEADINGS.sub(r"<\1h3\2", rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_BLOCK_END = re.compile(r"</(p|h[3-6]|blockquote|pre|table|ul|ol|dl)>")


def html_to_text(safe_html: str) -> str:
    """Plain text of sanitised HTML, paragraphs kept apart (for iCalendar and feeds)."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", safe_html)
    spaced = re.sub(r"\s*<li>", "\n- ", spaced)
    spaced = re.sub(r"<br\s*/?>\n?", "\n", spaced)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)
