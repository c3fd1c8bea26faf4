"""Event descriptions: Markdown written by partners becomes safe HTML and plain text."""

from __future__ import annotations

import re

import pytest

from agenda.text import html_to_text, markdown_to_html


def tags_of(html: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", html)}


# Hostile Markdown is neutralised -----------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>Bonjour",
        "Bonjour <SCRIPT src='https://evil.example/x.js'></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        "<svg onload=alert(1)><circle/></svg>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body { display: none }</style>",
        '<object data="x.swf"></object><embed src="x.swf">',
        '<form action="https://evil.example"><input name="q"></form>',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    ],
)
def test_dangerous_tags_are_removed(source):
    html = markdown_to_html(source)
    assert not tags_of(html) & {
        "script",
        "img",
        "svg",
        "iframe",
        "style",
        "object",
        "embed",
        "form",
        "input",
        "link",
        "meta",
    }
    assert "alert" not in html
    assert "evil" not in html
    assert "display: none" not in html


def test_text_around_a_script_is_kept():
    assert markdown_to_html("<script>alert(1)</script>Bonjour") == "<p>Bonjour</p>"


@pytest.mark.parametrize(
    "source",
    [
        '<a href="https://example.org" onclick="alert(1)" onmouseover="x()">lien</a>',
        '<p style="background:url(javascript:alert(1))" class="x" id="y">texte</p>',
        '[lien](https://example.org){: onclick="alert(1)" }',
    ],
)
def test_event_handlers_and_styles_are_removed(source):
    html = markdown_to_html(source)
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "style=" not in html
    assert "javascript" not in html
    assert "class=" not in html


@pytest.mark.parametrize(
    "source",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](jav&#x61;script:alert(1))",
        "[clic](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![image](data:image/svg+xml;base64,PHN2Zy8+)",
        '<a href="data:text/html,<script>alert(1)</script>">clic</a>',
    ],
)
def test_dangerous_urls_are_dropped(source):
    html = markdown_to_html(source)
    assert "javascript" not in html.lower()
    assert "vbscript" not in html.lower()
    assert "data:" not in html
    assert "href=" not in html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[site](https://example.org/a?b=1&c=2)", "https://example.org/a?b=1&amp;c=2"),
        ("[site](http://example.org)", "http://example.org"),
        ("[écrire](mailto:contact@example.org)", "mailto:contact@example.org"),
        ("[appeler](tel:+33329000000)", "tel:+33329000000"),
        ("<https://example.org>", "https://example.org"),
    ],
)
def test_safe_links_get_rel_noopener(source, href):
    html = markdown_to_html(source)
    anchor = re.search(r"<a [^>]*>", html).group(0)
    assert f'href="{href}"' in anchor
    assert 'rel="noopener noreferrer"' in anchor


def test_target_attribute_is_dropped():
    html = markdown_to_html('<a href="https://example.org" target="_blank">x</a>')
    assert "target" not in html
    assert 'rel="noopener noreferrer"' in html


def test_comments_are_stripped():
    assert markdown_to_html("<!-- note interne -->Texte") == "<p>Texte</p>"


def test_html_is_escaped_text_not_markup():
    html = markdown_to_html("3 < 4 & 5 > 2")
    assert html == "<p>3 &lt; 4 &amp; 5 &gt; 2</p>"


# Headings start at h3 ----------------------------------------------------------------


def test_top_headings_become_h3():
    html = markdown_to_html("# Titre\n\n## Sous-titre\n\n### Troisième\n\n#### Quatrième")
    assert html == "<h3>Titre</h3>\n<h3>Sous-titre</h3>\n<h3>Troisième</h3>\n<h4>Quatrième</h4>"


def test_setext_and_html_headings_become_h3():
    html = markdown_to_html("Titre\n=====\n\nSous\n----\n\n<h1>Brut</h1>")
    assert "<h1" not in html
    assert "<h2" not in html
    assert html.count("<h3>") == 3


# Allowed formatting is kept ----------------------------------------------------------


def test_common_markdown_survives():
    html = markdown_to_html(
        "Un **gras**, un *italique*, du `code`.\n\n"
        "- un\n- deux\n\n1. premier\n2. second\n\n> citation\n\n---\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    for tag in ("strong", "em", "code", "ul", "ol", "li", "blockquote", "hr", "table", "td"):
        assert f"<{tag}>" in html, tag


def test_abbr_title_is_kept():
    html = markdown_to_html('<abbr title="Culture scientifique">CSTI</abbr>')
    assert '<abbr title="Culture scientifique">CSTI</abbr>' in html


def test_empty_description():
    assert markdown_to_html("") == ""
    assert html_to_text("") == ""


# Plain text --------------------------------------------------------------------------


def test_plain_text_keeps_paragraphs_and_list_items():
    html = markdown_to_html(
        "Premier paragraphe.\n\n"
        "Deuxième **paragraphe** avec un [lien](https://example.org).\n\n"
        "- un\n- deux\n\n"
        "Fin &amp; suite."
    )
    assert html_to_text(html) == (
        "Premier paragraphe.\n\nDeuxième paragraphe avec un lien.\n\n- un\n- deux\n\nFin & suite."
    )


def test_plain_text_of_headings_and_ordered_lists():
    html = markdown_to_html("# Programme\n\n1. accueil\n2. atelier\n\nÀ bientôt")
    assert html_to_text(html) == "Programme\n\n- accueil\n- atelier\n\nÀ bientôt"


def test_plain_text_collapses_spaces_and_unescapes():
    html = markdown_to_html("Trop    d'espaces &lt;ici&gt;")
    assert html_to_text(html) == "Trop d'espaces <ici>"


def test_plain_text_has_no_markup_from_hostile_input():
    html = markdown_to_html("<script>alert(1)</script>Texte <b onclick='x'>gras</b>")
    assert html_to_text(html) == "Texte gras"


def test_plain_text_hard_line_break_stays_inside_the_paragraph():
    html = markdown_to_html("48 rue Saint-Michel  \n88000 Épinal\n\nAutre paragraphe")
    assert html_to_text(html) == "48 rue Saint-Michel\n88000 Épinal\n\nAutre paragraphe"
