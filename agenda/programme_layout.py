"""A printable programme measured and packed into pages, before anything is drawn.

Every event becomes a block of wrapped lines of known height; blocks are packed onto
pages in order, and a block never straddles two pages. Each block's lines are capped,
so a hostile title of ten thousand letters still fits a page (it ends with « … »).

Text is measured with the advance widths of the fonts of assets/fonts/ (DejaVu Sans, the
Latin letters and punctuation of French, with their licence; the same the share pictures
use), exactly as fpdf2 measures it when it draws; a build never depends on system fonts.
A character they lack (emoji, other scripts) is printed as its unaccented form or « ? »
(agenda/pdf_text.py): drawing right-to-left or complex scripts properly would need text
shaping (HarfBuzz), which a French-language agenda does not justify.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from agenda.pdf_text import clip, printable, wrap

FONT_REGULAR = "assets/fonts/DejaVuSans.ttf"
FONT_BOLD = "assets/fonts/DejaVuSans-Bold.ttf"
FAMILY = "DejaVu"
MM_PER_PT = 25.4 / 72
LEADING = 1.3  # line height as a multiple of the font size

# Caps that bound the height of one event's block, so that every block fits on one A5
# page whatever the content says: lines of status, title, dates, places, each detail.
MAX_STATUS_LINES = 2
MAX_TITLE_LINES = 4
MAX_WHEN_LINES = 6
MAX_PLACE_LINES = 3
MAX_DETAIL_LINES = 2
MAX_HEADING_LINES = 3
# More characters than any line can hold, even of the narrowest letter (« i », 0.28 em).
CHARS_PER_LINE_MAX = 300


class Paper(Enum):
    """How the programme is printed."""

    A4 = "a4"  # A4 portrait pages, one after the other
    A5_BOOKLET = "a5-livret"  # A5 pages imposed two by two on A4 landscape, booklet order


@dataclass(frozen=True)
class Geometry:
    """Sizes in millimetres of one printed page (a slot of a sheet) and its furniture."""

    sheet: tuple[float, float]  # width, height of the sheet fed to the printer
    slot: tuple[float, float]  # width, height of one page of the programme
    margin: float
    qr_size: float
    title_pt: float = 11.5
    body_pt: float = 9.0
    heading_pt: float = 17.0
    footer_pt: float = 7.0

    @property
    def slots_per_sheet(self) -> int:
        """1 for A4, 2 for the booklet."""
        return round(self.sheet[0] / self.slot[0])

    @property
    def text_width(self) -> float:
        """The width of an event's text, beside its QR code."""
        return self.slot[0] - 2 * self.margin - self.qr_size - 4


GEOMETRY = {
    Paper.A4: Geometry(sheet=(210, 297), slot=(210, 297), margin=15, qr_size=22),
    Paper.A5_BOOKLET: Geometry(
        sheet=(297, 210),
        slot=(148.5, 210),
        margin=10,
        qr_size=18,
        title_pt=10.5,
        body_pt=8.5,
        heading_pt=14,
    ),
}


@dataclass(frozen=True)
class Entry:
    """One event of a programme, already in words."""

    url: str  # the event page, absolute: what the QR code leads to
    title: str
    status: str = ""  # « ANNULÉ », « COMPLET »… ; "" when scheduled
    when: tuple[str, ...] = ()  # one line per session in the period, or a range
    places: tuple[str, ...] = ()  # « Médiathèque, 2 rue…, 08200 Sedan », « En ligne »
    details: tuple[str, ...] = ()  # « Public : … », « Tarif : … », « Accessibilité : … »


@dataclass(frozen=True)
class Programme:
    """What a printable programme says: whose, which period, which events, and who makes it."""

    heading: str  # « Médiathèque Georges-Delaw, Sedan »
    period: str  # « du 25 novembre au 24 décembre 2026 »
    entries: tuple[Entry, ...]
    site_title: str
    site_url: str
    consortium: tuple[str, ...]
    made_on: date  # the build's day: the PDF's creation date
    font_root: Path  # the repository root, holding FONT_REGULAR and FONT_BOLD


@dataclass(frozen=True)
class Line:
    """One line of text, ready to draw."""

    text: str
    bold: bool
    size: float  # points
    framed: bool = False  # drawn in a box: the status of an event

    @property
    def height(self) -> float:
        """Its height on the page, in millimetres."""
        return self.size * MM_PER_PT * LEADING + (1.2 if self.framed else 0)


@dataclass(frozen=True)
class Block:
    """Lines drawn together, never split across pages; with a QR code when `url` is set."""

    lines: tuple[Line, ...]
    url: str = ""
    gap_after: float = 0.0

    def height(self, geometry: Geometry) -> float:
        """Its height in millimetres, the space after it included."""
        text = sum(line.height for line in self.lines)
        qr = geometry.qr_size + 6 if self.url else 0.0  # the code and its caption
        return max(text, qr) + self.gap_after


@dataclass(frozen=True)
class FontMetrics:
    """What layout needs of the fonts: the characters they draw, and advance widths in
    thousandths of the font size (regular and bold)."""

    glyphs: frozenset[int]
    widths: Mapping[bool, Mapping[int, float]]  # bold? → code point → width


@functools.cache
def font_metrics(font_root: Path) -> FontMetrics:
    """The metrics of the fonts under `font_root`, read once per process through fpdf2
    itself, so that measures here match the widths fpdf2 draws with."""
    pdf = FPDF()
    pdf.add_font(FAMILY, "", font_root / FONT_REGULAR)
    pdf.add_font(FAMILY, "B", font_root / FONT_BOLD)
    regular, bold = pdf.fonts[FAMILY.lower()], pdf.fonts[FAMILY.lower() + "B"]
    assert isinstance(regular, TTFFont) and isinstance(bold, TTFFont)
    # Both fonts are cut from the same set: the regular one's characters stand for both.
    return FontMetrics(
        glyphs=frozenset(regular.cmap),
        widths={False: _code_points(regular.cw), True: _code_points(bold.cw)},
    )


def _code_points(widths: Mapping[int, float] | Mapping[str, float]) -> dict[int, float]:
    """A TrueType font's widths, keyed by code point (fpdf2 types them for core fonts too)."""
    return {key: width for key, width in widths.items() if isinstance(key, int)}


class Typesetter:
    """Cleans, measures, wraps and clips text for one paper."""

    def __init__(self, metrics: FontMetrics, geometry: Geometry) -> None:
        self.metrics = metrics
        self.geometry = geometry

    def clean(self, text: str) -> str:
        """Text the fonts can draw."""
        return printable(text, self.metrics.glyphs)

    def measure(self, bold: bool, size: float) -> Callable[[str], float]:
        """A function giving the width of a text in mm, in this style (as fpdf2 measures
        it without shaping: the sum of the advance widths)."""
        widths = self.metrics.widths[bold]
        scale = size * 0.001 * MM_PER_PT

        def width(text: str) -> float:
            return sum(widths.get(ord(c), 0) for c in text) * scale

        return width

    def lines(
        self, text: str, width: float, *, bold: bool, size: float, limit: int, framed: bool = False
    ) -> list[Line]:
        """`text` cleaned, wrapped to `width` and clipped to `limit` lines."""
        measure = self.measure(bold, size)
        # No line holds CHARS_PER_LINE_MAX characters: the cut text still overflows
        # `limit` lines (so it ends with « … »), and a 100,000-letter title costs nothing.
        text = self.clean(text[: (limit + 1) * CHARS_PER_LINE_MAX])
        wrapped = clip(wrap(text, width, measure), limit, measure, width)
        return [Line(t, bold, size, framed) for t in wrapped]


@dataclass(frozen=True)
class Layout:
    """A programme packed into pages for one paper: what the PDF will draw."""

    programme: Programme
    paper: Paper
    pages: tuple[tuple[Block, ...], ...]
    footer: tuple[Line, ...]
    setter: Typesetter

    @property
    def geometry(self) -> Geometry:
        """The paper's sizes."""
        return GEOMETRY[self.paper]


def lay_out(programme: Programme, paper: Paper) -> Layout:
    """The programme's blocks packed into pages of `paper`; nothing drawn yet."""
    geometry = GEOMETRY[paper]
    setter = Typesetter(font_metrics(programme.font_root), geometry)
    footer = _footer_lines(setter, programme)
    pages = _pack(
        [_entry_block(setter, entry) for entry in programme.entries],
        _header_block(setter, programme),
        _running_head(setter, programme),
        footer,
        geometry,
    )
    return Layout(programme, paper, tuple(tuple(p) for p in pages), footer, setter)


def _entry_block(setter: Typesetter, entry: Entry) -> Block:
    """An event's lines: its status, title, dates, places and details."""
    g = setter.geometry
    width = g.text_width
    lines: list[Line] = []
    if entry.status:
        lines += setter.lines(
            entry.status, width, bold=True, size=g.title_pt, limit=MAX_STATUS_LINES, framed=True
        )
    lines += setter.lines(entry.title, width, bold=True, size=g.title_pt, limit=MAX_TITLE_LINES)
    when = [
        w
        for text in entry.when
        for w in setter.lines(text, width, bold=False, size=g.body_pt, limit=2)
    ]
    lines += when[:MAX_WHEN_LINES]
    places = [
        p
        for text in entry.places
        for p in setter.lines(text, width, bold=False, size=g.body_pt, limit=MAX_PLACE_LINES)
    ]
    lines += places[:MAX_PLACE_LINES]
    for detail in entry.details:
        lines += setter.lines(detail, width, bold=False, size=g.body_pt, limit=MAX_DETAIL_LINES)
    # The gap keeps the hairline between events out of the QR codes' quiet zones.
    return Block(tuple(lines), url=entry.url, gap_after=6.0)


def _header_block(setter: Typesetter, programme: Programme) -> Block:
    """The first page's title: whose programme, which period, which site."""
    g = setter.geometry
    width = g.slot[0] - 2 * g.margin
    lines = setter.lines(
        f"Programme – {programme.heading}",
        width,
        bold=True,
        size=g.heading_pt,
        limit=MAX_HEADING_LINES,
    )
    lines += setter.lines(programme.period, width, bold=True, size=g.title_pt, limit=2)
    lines += setter.lines(
        f"{programme.site_title} : la culture scientifique près de chez vous. "
        "Scannez le code QR d'un événement pour ses détails et son inscription.",
        width,
        bold=False,
        size=g.body_pt,
        limit=3,
    )
    return Block(tuple(lines), gap_after=6.0)


def _running_head(setter: Typesetter, programme: Programme) -> Block:
    """One line atop every later page: whose programme and which period."""
    g = setter.geometry
    width = g.slot[0] - 2 * g.margin
    text = f"{programme.heading} – {programme.period}"
    return Block(
        tuple(setter.lines(text, width, bold=False, size=g.footer_pt, limit=1)), gap_after=4.0
    )


def _footer_lines(setter: Typesetter, programme: Programme) -> tuple[Line, ...]:
    """The consortium's footer: the site, its address, who makes it (page numbers apart)."""
    g = setter.geometry
    width = g.slot[0] - 2 * g.margin - 22  # room for « Page 12 / 12 » on the first line
    members = list(programme.consortium)
    made_by = (
        "Un agenda du consortium " + (", ".join(members[:-1]) + " et " + members[-1])
        if len(members) > 1
        else "".join(f"Un agenda de {m}" for m in members)
    )
    first = f"{programme.site_title} · {programme.site_url}"
    lines = setter.lines(first, width, bold=True, size=g.footer_pt, limit=2)
    if made_by:
        lines += setter.lines(made_by, width, bold=False, size=g.footer_pt, limit=3)
    return tuple(lines)


def _pack(
    blocks: list[Block],
    header: Block,
    running_head: Block,
    footer: tuple[Line, ...],
    geometry: Geometry,
) -> list[list[Block]]:
    """Blocks placed on pages in order, a block going whole to the next page when it does
    not fit. Every block fits on an empty page (their lines are capped)."""
    footer_height = sum(line.height for line in footer) + 4
    usable = geometry.slot[1] - 2 * geometry.margin - footer_height
    pages: list[list[Block]] = [[header]]
    room = usable - header.height(geometry)
    for block in blocks:
        height = block.height(geometry)
        if height > room and len(pages[-1]) > 1:  # an empty page takes any block
            pages.append([running_head])
            room = usable - running_head.height(geometry)
        pages[-1].append(block)
        room -= height
    return pages
