"""Files published as they are: only known types in assets/, and SVGs that are drawings."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.filetypes import ASSET_SUFFIXES, asset_type_problems, svg_problems
from agenda.pipeline import check_site
from tests.conftest import REPO

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
DRAWING = (
    f'{SVG} viewBox="0 0 10 10">\n<defs><circle id="c" r="2"/></defs>\n'
    '<rect width="10" height="10" fill="#1b4f72"/>\n<use href="#c" x="5" y="5"/>\n'
    '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>\n'
    "<style>rect { fill: url(#g); }</style>\n</svg>\n"
)


def test_a_plain_drawing_passes():
    assert svg_problems("a.svg", DRAWING.encode()) == []


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "assets/images").glob("*.svg")))
def test_the_project_images_are_plain_drawings(name):
    path = REPO / "assets/images" / name
    assert svg_problems(name, path.read_bytes()) == []


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("<script>alert(1)</script>", 2, "<script>"),
        ('<SCRIPT type="text/javascript">alert(1)</SCRIPT>', 2, "<script>"),
        ('<svg:script xmlns:svg="http://www.w3.org/2000/svg">x</svg:script>', 2, "<script>"),
        ('<rect onload="alert(1)"/>', 2, "onload"),
        ('<rect ONCLICK="alert(1)"/>', 2, "onclick"),
        ('<a href="javascript:alert(1)"><text>x</text></a>', 2, "lien « href »"),
        ('<a xlink:href="jav&#x09;ascript:alert(1)"><text>x</text></a>', 2, "xlink:href"),
        ('<a href="https://tracker.example.org/"><text>x</text></a>', 2, "lien"),
        ('<image href="https://tracker.example.org/pixel.png"/>', 2, "lien"),
        ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', 2, "lien"),
        ('<use href="https://example.org/sprite.svg#a"/>', 2, "lien"),
        ("<foreignObject><div>html</div></foreignObject>", 2, "<foreignobject>"),
        ('<iframe src="https://example.org/"/>', 2, "<iframe>"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', 2, "anime"),
        ('<animate attributeName="onbegin" values="alert(1)"/>', 2, "anime"),
        ("<style>@import url(https://example.org/x.css);</style>", 2, "ressource extérieure"),
        ('<rect style="fill: url(https://example.org/p.png)"/>', 2, "ressource extérieure"),
    ],
)
def test_anything_but_a_drawing_is_refused(body, line, words):
    data = f"{SVG}>\n{body}\n</svg>\n".encode()
    problems = svg_problems("content/events/affiche.svg", data)
    assert problems, body
    assert problems[0].path == "content/events/affiche.svg"
    assert problems[0].line == line
    assert words in problems[0].message
    assert "PNG" in problems[0].hint


def test_a_doctype_with_entities_is_refused_without_expanding_them():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        f"]>\n{SVG}><text>&c;</text></svg>\n"
    )
    problems = svg_problems("a.svg", bomb.encode())
    assert any("DOCTYPE" in p.message for p in problems)


def test_an_external_stylesheet_instruction_is_refused():
    data = f'<?xml-stylesheet href="https://example.org/x.xsl"?>\n{SVG}/>'.encode()
    assert "feuille de style" in svg_problems("a.svg", data)[0].message


def test_broken_xml_is_refused_with_its_line():
    [problem] = svg_problems("a.svg", f"{SVG}>\n<rect>\n</svg>".encode())
    assert problem.line == 3
    assert "XML mal formé" in problem.message


def test_assets_accept_only_types_a_site_needs(tmp_path):
    files = [tmp_path / "assets" / name for name in ("site.css", "page.html", "LOGO.PNG", "x")]
    problems = asset_type_problems(tmp_path, files)
    assert [p.path for p in problems] == ["assets/page.html", "assets/x"]
    assert "comme une page du site" in problems[0].message
    assert ".css" in problems[0].hint
    assert ".html" not in ASSET_SUFFIXES


def write_svg(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_check_refuses_a_scripted_svg_in_content_and_an_html_asset(fixture_site):
    root = fixture_site.root
    write_svg(root / "content/events/2027/piege.svg", f"{SVG}><script>alert(1)</script></svg>")
    write_svg(root / "assets/images/piege.svg", f'{SVG}><rect onload="alert(1)"/></svg>')
    write_svg(root / "assets/page.html", "<script>alert(document.cookie)</script>")
    result = check_site(root)
    assert not result.ok
    paths = sorted({p.path for p in result.problems if p.is_error})
    assert paths == ["assets/images/piege.svg", "assets/page.html", "content/events/2027/piege.svg"]
