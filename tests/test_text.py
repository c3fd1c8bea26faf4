"""Event descriptions: Markdown written by partners becomes safe HTML and plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.text import (
    clean_line,
    clean_text,
    forbidden_character,
    html_to_text,
    line_break,
    markdown_to_html,
    xml_text,
)


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


# Read back with an HTML parser ---------------------------------------------------------


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "li", "h3"}


@pytest.mark.parametrize(
    "source",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        '<a href="&#106;avascript:alert(1)">clic</a>',
        '<a href="&#x6A;avascript:alert(1)">clic</a>',
        '<a href="jav&#x09;ascript:alert(1)">clic</a>',
        '<a href="jav\tascript:alert(1)">clic</a>',
        '<a href=" javascript:alert(1)">clic</a>',
        "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="vbscript:msgbox(1)">clic</a>',
        '<a rel="noopener">clic</a>',
        '<a name="x" title="t>u">clic</a>',
        '<a href="//evil.example/x">clic</a>',
        "[clic](/chemin/relatif)",
    ],
)
def test_hostile_links_end_as_plain_text_without_an_anchor(source):
    parsed = Parsed(markdown_to_html(source))
    assert [tag for tag, _ in parsed.tags if tag == "a"] == []
    assert "clic" in "".join(parsed.text)


@pytest.mark.parametrize(
    "source",
    [
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)" style="color:red">x</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>p{}</style><script>alert(1)</script>",
        '<a href="https://example.org" onmouseover="alert(1)">x</a>',
        "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    ],
)
def test_parsed_output_has_no_script_handler_style_or_foreign_element(source):
    parsed = Parsed(markdown_to_html(source))
    for tag, attrs in parsed.tags:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert name in {"href", "title", "rel", "hreflang"}, name
            if name == "href":
                assert value is not None
                assert value.startswith(("https://", "http://", "mailto:", "tel:")), value
    assert "alert" not in "".join(parsed.text) or "<script" not in markdown_to_html(source)


def test_a_safe_link_keeps_its_href_and_rel():
    parsed = Parsed(markdown_to_html("[site](https://example.org) et [mail](mailto:a@b.fr)"))
    anchors = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert [a["href"] for a in anchors] == ["https://example.org", "mailto:a@b.fr"]
    assert all(a["rel"] == "noopener noreferrer" for a in anchors)


def test_a_dead_anchor_is_unwrapped_but_the_next_live_one_stays():
    html = markdown_to_html("[a](javascript:x) puis [b](https://example.org/?q=<b>)")
    anchors = [attrs for tag, attrs in Parsed(html).tags if tag == "a"]
    assert len(anchors) == 1 and anchors[0]["href"].startswith("https://example.org/")


# Character rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\x1bb", 0x1B),
        ("a\x00", 0),
        ("\x7f", 0x7F),
        ("\x9b", 0x9B),
        ("\ufffe", 0xFFFE),
        ("\U0010ffff", 0x10FFFF),
        ("\ufdd5", 0xFDD5),
        ("\ud800", 0xD800),
        ("\r", 0x0D),
    ],
)
def test_forbidden_characters_are_found(text, code):
    found = forbidden_character(text)
    assert found is not None and ord(found[1]) == code


def test_tab_and_newline_are_fine_in_multi_line_text_only():
    assert forbidden_character("a\tb\nc") is None
    assert forbidden_character("a\tb", allow_tab=False) == (1, "\t")
    assert line_break("a\u2028b") == 1 and line_break("a\x85") == 1 and line_break("ab") is None


def test_cleaners_remove_what_they_promise():
    assert clean_line("Un\r\ndeux\rtrois\nquatre\u2029cinq\x1b\tsix") == (
        "Un deux trois quatre cinq six"
    )
    assert clean_text("Un\r\ndeux\rtrois\x00") == "Un\ndeux\ntrois"
    assert xml_text("a\x00b\x0cc\ufffed\U0001f600") == "abcd\U0001f600"


# Plain text is returned as it is: the same result as cleaning it -----------------------


def cleaned_in_full(text: str, line: bool) -> str:
    """The cleaning written out, with no shortcut for text that needs none."""
    from agenda.text import CONTROL_RE, LINE_BREAK_RE

    if line:
        text = LINE_BREAK_RE.sub(" ", text.replace("\r\n", " ")).replace("\t", " ")
    else:
        text = LINE_BREAK_RE.sub("\n", text.replace("\r\n", "\n")).replace("\t", " ")
    return CONTROL_RE.sub("", text)


# Every character the rules name, plain letters around them, and any character at all.
RULE_CHARACTERS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x00\x7f\x85\x9f\u2028\u2029\ufdd0\ufffe\ud800"
TEXTS = st.text(alphabet=st.sampled_from(RULE_CHARACTERS + "aé =-")) | st.text()


@settings(max_examples=500, deadline=None)
@given(text=TEXTS)
def test_clean_text_and_clean_line_give_what_the_full_cleaning_gives(text):
    assert clean_text(text) == cleaned_in_full(text, line=False)
    assert clean_line(text) == cleaned_in_full(text, line=True)


@pytest.mark.parametrize("char", RULE_CHARACTERS)
def test_each_rule_character_alone_is_cleaned(char):
    text = f"avant{char}après"
    assert clean_text(text) == cleaned_in_full(text, line=False)
    assert clean_line(text) == cleaned_in_full(text, line=True)
    assert clean_line(text) != text  # a line never keeps a break, tab or control


def test_plain_text_comes_back_as_it_is():
    text = "Fête de la science – « Nuit des étoiles » à Épinal\u00a0!"
    assert clean_text(text) is text
    assert clean_line(text) is text
    assert clean_text("un\ndeux") == "un\ndeux"  # a line feed is already what it should be
