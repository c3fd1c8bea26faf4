"""Markdown descriptions → safe HTML (python-markdown, then nh3) and plain text; and the
character rules every output shares (control characters, line breaks, XML 1.0)."""

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

# Characters no field may hold: C0 controls (tab and line feed are checked separately),
# DEL, C1 controls, the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane,
# and lone surrogates (they cannot even be written as UTF-8).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
CONTROL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_CONTROL_OR_TAB_RE = re.compile(f"\t|{CONTROL_RE.pattern}")
# Line breaks for a single-line value: LF and CR, and those other software treats as one
# (vertical tab, form feed, NEL, U+2028, U+2029 — Python's str.splitlines and JavaScript).
LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Characters XML 1.0 does not allow at all (§2.2): ElementTree writes them unchecked.
XML_INVALID_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What `clean_line` and `clean_text` would change (a line feed is kept by `clean_text`
# only): the exports clean every cell of thousands of rows, and nearly all are plain text
# that one search proves can be returned as they are.
_CHANGED_BY_CLEAN_LINE_RE = re.compile(f"\t|{LINE_BREAK_RE.pattern}|{CONTROL_RE.pattern}")
_CHANGED_BY_CLEAN_TEXT_RE = re.compile(
    f"[\t\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|{CONTROL_RE.pattern}"
)


def forbidden_character(text: str, allow_tab: bool = True) -> tuple[int, str] | None:
    """The position and the character of the first control character, or None.

    Line feed is never reported here (single-line fields check `line_break` first);
    a tab is reported only when `allow_tab` is false.
    """
    match = (CONTROL_RE if allow_tab else _CONTROL_OR_TAB_RE).search(text)
    return (match.start(), match.group()) if match else None


def line_break(text: str) -> int | None:
    """The position of the first line break of any kind, or None."""
    match = LINE_BREAK_RE.search(text)
    return match.start() if match else None


def char_name(char: str) -> str:
    """« U+001B » for a character, as an error message names it."""
    return f"U+{ord(char):04X}"


def clean_text(text: str) -> str:
    """Text with its line breaks normalised to LF and every control character removed
    (tabs become spaces): for multi-line text in any output."""
    if not _CHANGED_BY_CLEAN_TEXT_RE.search(text):
        return text
    text = text.replace("\r\n", "\n")
    text = LINE_BREAK_RE.sub("\n", text).replace("\t", " ")
    return CONTROL_RE.sub("", text)


def clean_line(text: str) -> str:
    """Text on one line: line breaks and tabs become spaces, control characters go."""
    if not _CHANGED_BY_CLEAN_LINE_RE.search(text):
        return text
    return CONTROL_RE.sub("", LINE_BREAK_RE.sub(" ", text.replace("\r\n", " ")).replace("\t", " "))


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: the characters it forbids, and other control
    characters, removed (validation refuses them first; this is the second line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", XML_INVALID_RE.sub("", text))


# The event page owns <h1> (the title) and <h2> (its sections): headings written in a
# description start at <h3> so the outline stays ordered (RGAA criterion 9.1).
_TOP_HEADINGS = re.compile(r"<(/?)h[12](\W)")


def markdown_to_html(source: str) -> str:
    """Render Markdown and sanitise it: no script, handler, iframe or javascript: URL."""
    rendered = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    rendered = _TOP_HEADINGS.sub(r"<\1h3\2", rendered)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )
    return _ANCHOR_RE.sub(_unwrap_anchor_without_href, cleaned).strip()


_LINK_STARTS = tuple(f"{scheme}:" for scheme in sorted(URL_SCHEMES))


def _absolute_links_only(element: str, attribute: str, value: str) -> str | None:
    """Only absolute links (http, https, mailto, tel): a relative one breaks under a
    sub-path, and one nh3 reads as relative (« jav    ascript: ») is a dead link."""
    if attribute == "href" and not value.lower().startswith(_LINK_STARTS):
        return None
    return value


# nh3 serialises every attribute in double quotes with `"`, `<` and `>` escaped, and an
# HTML parser never nests <a>: an anchor runs from its start tag to the next </a>.
_ANCHOR_RE = re.compile(r"<a((?:\s+[\w:-]+(?:=\"[^\"]*\")?)*)\s*>(.*?)</a>", re.DOTALL)
_HREF_RE = re.compile(r"\shref=\"")


def _unwrap_anchor_without_href(match: re.Match[str]) -> str:
    """An <a> whose href nh3 removed (javascript:, data:…) keeps only its text: an anchor
    with rel and no href is invalid HTML and a dead link."""
    return match.group(0) if _HREF_RE.search(match.group(1)) else match.group(2)


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
