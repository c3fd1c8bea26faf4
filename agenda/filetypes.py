"""Which files may be published as they are: known file types, and SVG drawings that
cannot run a script.

Files of assets/ and the images of content/ are copied into the site unchanged and served
from the site's own address. A page of ours carries a strict Content-Security-Policy, but
a file opened directly does not: an `.html` file, or an SVG image holding a `<script>`, an
`onload=` or a `javascript:` link, would run its script as the site itself, next to the
editor's GitHub session in /admin/. So assets/ accepts only the types a site needs, and
every SVG is read (never rendered) and refused when it holds anything but a drawing.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable
from pathlib import Path

from agenda.errors import Problem

# What a stylesheet, a script module of ours, images and fonts need; nothing a browser
# would open as a document of the site (html, xhtml, xml with a stylesheet, pdf with
# scripts, swf…).
ASSET_SUFFIXES = frozenset(
    {
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".json",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".svg",
        ".ico",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".txt",
        ".webmanifest",
    }
)

# SVG elements that run code, embed another document or load one.
_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
)
# `<set attributeName="href" to="javascript:…">` rewrites a link once drawn.
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "discard"})
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# A raster picture embedded in the drawing is still only a picture.
_EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpe?g|gif|webp)[;,]")
_EXTERNAL_IN_STYLE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)

SVG_HINT = (
    "Une image SVG publiée ne doit contenir que le dessin. Réexportez-la depuis votre "
    "logiciel en « SVG simple » (sans script, lien ni image intégrée), ou utilisez une "
    "image PNG, JPEG ou WebP."
)


class _RefusedDocumentError(Exception):
    """Raised from a parser callback to stop reading a document already refused."""


def asset_type_problems(root: Path, files: Iterable[Path]) -> list[Problem]:
    """An error for each file of assets/ whose type a browser could open as a page."""
    problems = []
    for file in files:
        if file.suffix.lower() not in ASSET_SUFFIXES:
            problems.append(
                Problem(
                    file.relative_to(root).as_posix(),
                    0,
                    "",
                    f"les fichiers « {file.suffix or file.name} » ne sont pas publiés depuis "
                    "assets/ : un navigateur pourrait l'ouvrir comme une page du site.",
                    "Gardez dans assets/ les feuilles de style, scripts, images et polices "
                    f"({', '.join(sorted(ASSET_SUFFIXES))}) ; retirez ce fichier.",
                )
            )
    return problems


def svg_problems(path: str, data: bytes) -> list[Problem]:
    """Every reason why the SVG document `data` is more than a drawing (empty if none)."""
    found: list[Problem] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    in_style = [False]

    def refuse(what: str) -> None:
        line = parser.CurrentLineNumber
        if not any(p.line == line and p.message.startswith(what) for p in found):
            found.append(Problem(path, line, "", f"{what} : l'image SVG est refusée.", SVG_HINT))

    def local(name: str) -> str:
        # expat gives "namespace-uri localname" with namespace_separator=" ".
        return name.rsplit(" ", 1)[-1].lower()

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = local(name)
        in_style[0] = tag == "style"
        if tag in _FORBIDDEN_ELEMENTS:
            refuse(f"elle contient un élément <{tag}>")
        for raw_name, value in attributes.items():
            attribute = local(raw_name)
            if raw_name.endswith("xlink href"):
                attribute = "xlink:href"
            lowered = "".join(value.split()).lower()
            if attribute.startswith("on"):
                refuse(f"elle contient un attribut « {attribute} » qui lance un script")
            elif (
                attribute in _LINK_ATTRIBUTES
                and not lowered.startswith("#")
                and not (tag == "image" and _EMBEDDED_PICTURE.match(lowered))
            ):
                refuse(f"elle contient un lien « {attribute} » vers « {value[:60]} »")
            elif tag in _ANIMATIONS and attribute == "attributename":
                if lowered in _LINK_ATTRIBUTES or lowered.startswith("on"):
                    refuse(f"elle anime l'attribut « {value[:30]} »")
            elif attribute == "style" and _EXTERNAL_IN_STYLE.search(value):
                refuse("elle charge une ressource extérieure dans un style")
            if "javascript:" in lowered:
                refuse("elle contient une adresse « javascript: »")

    def end(name: str) -> None:
        in_style[0] = False

    def text(data: str) -> None:
        if in_style[0] and _EXTERNAL_IN_STYLE.search(data):
            refuse("elle charge une ressource extérieure dans un style")

    def doctype(*args: object) -> None:
        # A DTD can declare entities (« billion laughs ») or fetch outside files: stop
        # reading there, before any entity is declared or expanded.
        refuse("elle contient une déclaration <!DOCTYPE> ou <!ENTITY>")
        raise _RefusedDocumentError

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse("elle appelle une feuille de style extérieure")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _RefusedDocumentError:
        pass
    except xml.parsers.expat.ExpatError as exc:
        found.append(
            Problem(
                path,
                int(exc.lineno or 0),
                "",
                "ce fichier SVG n'est pas lisible (XML mal formé) : l'image est refusée.",
                SVG_HINT,
            )
        )
    return found
