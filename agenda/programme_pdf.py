"""A printable programme as PDF bytes: its packed pages (agenda/programme_layout.py)
drawn on A4 pages, or two by two on A4 landscape sheets in booklet order.

The library is fpdf2, pure Python with no system library: it runs wherever the build
runs (a laptop, CI, GitHub Actions) with `pip install` alone. WeasyPrint would lay out
HTML more freely but needs Pango and Cairo from the system; printing the HTML pages in
Chromium needs a browser the build machine does not have. fpdf2 embeds the fonts as
subsets (only the glyphs used), so a programme weighs tens of kilobytes. The QR codes
come from segno (pure Python too) and are drawn as vector squares: sharp on any printer.

The booklet: print recto verso, flipping on the short edge, and fold the pile in the
middle: an A5 booklet from any office printer, without the booklet option only some
print dialogs have (an A5-sized PDF would print one small page on each A4 sheet).

The bytes depend on the inputs only: the creation date is the programme's day, fpdf2's
file identifier is a hash of the content, the subset font names are fixed. Two builds of
the same content on the same day give identical files.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time

import segno
from fpdf import FPDF
from fpdf.fonts import TTFFont

from agenda.programme_layout import (
    FAMILY,
    FONT_BOLD,
    FONT_REGULAR,
    LEADING,
    MM_PER_PT,
    Block,
    Layout,
    Line,
    Paper,
    Programme,
    lay_out,
)

# How far below the code its caption's baseline sits (mm): clear of the quiet zone.
QR_CAPTION_DROP = 4.5


@dataclass(frozen=True)
class RenderedPdf:
    """A programme's bytes and how many pages of the programme it has (A4 or A5)."""

    data: bytes
    pages: int
    sheets_sides: int  # printed sheet sides: the pages for A4, 4 a sheet for the booklet


def programme_pdf(programme: Programme, paper: Paper) -> RenderedPdf:
    """The programme laid out for `paper`, as PDF bytes."""
    return render(lay_out(programme, paper))


def render(layout: Layout) -> RenderedPdf:
    """The PDF of a laid-out programme."""
    programme, geometry, setter = layout.programme, layout.geometry, layout.setter
    pdf = FPDF(orientation="P", unit="mm", format=geometry.sheet)
    pdf.set_auto_page_break(False)  # pages are packed before drawing
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FAMILY, "", programme.font_root / FONT_REGULAR)
    pdf.add_font(FAMILY, "B", programme.font_root / FONT_BOLD)
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            # Subsetting keeps each glyph's outline and its bounding box as they are;
            # recomputing the boxes means decoding and re-encoding every glyph, which was
            # half the cost of a programme.
            font.ttfont.recalcBBoxes = False
    pdf.set_title(setter.clean(f"Programme – {programme.heading}"))
    pdf.set_author(setter.clean(programme.site_title))
    pdf.set_subject(setter.clean(programme.period))
    pdf.set_lang("fr")
    pdf.set_creation_date(datetime.combine(programme.made_on, time(0, 0), tzinfo=UTC))
    pages = layout.pages
    slots = _imposition(len(pages), geometry.slots_per_sheet)
    for sheet in slots:
        pdf.add_page()
        for position, number in enumerate(sheet):
            if number is None:
                continue  # a blank page of the booklet
            origin = position * geometry.slot[0]
            _draw_page(pdf, layout, pages[number], origin)
            _draw_footer(pdf, layout, origin, number + 1, len(pages))
    return RenderedPdf(bytes(pdf.output()), len(pages), len(slots))


def _imposition(pages: int, per_sheet: int) -> list[tuple[int | None, ...]]:
    """Which page (0-based, None for blank) goes in which slot of which sheet side.

    Booklet order: the pages are padded to a multiple of four; the first sheet's front
    carries the last page and the first, its back the second and the one before last,
    and so on inwards, so that folded sheets read in order.
    """
    if per_sheet == 1:
        return [(n,) for n in range(pages)]
    total = math.ceil(pages / 4) * 4

    def page(n: int) -> int | None:
        return n if n < pages else None

    sides: list[tuple[int | None, ...]] = []
    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def _draw_page(pdf: FPDF, layout: Layout, blocks: tuple[Block, ...], origin: float) -> None:
    """Draw one page's blocks from the top of the slot starting at x = `origin`."""
    g = layout.geometry
    y = g.margin
    for block in blocks:
        _draw_block(pdf, layout, block, origin + g.margin, y)
        y += block.height(g)


def _draw_block(pdf: FPDF, layout: Layout, block: Block, x: float, top: float) -> None:
    """One block: its lines, and its QR code on the right with a caption."""
    g = layout.geometry
    y = top
    for line in block.lines:
        _draw_line(pdf, line, x, y)
        y += line.height
    if block.url:
        qr_x = x + g.slot[0] - 2 * g.margin - g.qr_size
        _draw_qr(pdf, block.url, qr_x, top, g.qr_size)
        pdf.set_font(FAMILY, "", g.footer_pt - 1)
        caption = "Détails en ligne"
        width = pdf.get_string_width(caption)
        # Below the code's quiet zone (4 modules, ISO/IEC 18004 §6.3.8), which readers need.
        pdf.text(qr_x + (g.qr_size - width) / 2, top + g.qr_size + QR_CAPTION_DROP, caption)
    if block.url:
        # A hairline between events, halfway through the gap.
        line_y = top + block.height(g) - block.gap_after / 2
        pdf.set_draw_color(170)
        pdf.set_line_width(0.2)
        pdf.line(x, line_y, x + g.slot[0] - 2 * g.margin, line_y)
        pdf.set_draw_color(0)


def _draw_line(pdf: FPDF, line: Line, x: float, top: float) -> None:
    size_mm = line.size * MM_PER_PT
    pdf.set_font(FAMILY, "B" if line.bold else "", line.size)
    baseline = top + size_mm * 1.0
    if line.framed:
        # The status, as visible as the title: uppercase in a box.
        width = pdf.get_string_width(line.text)
        pdf.set_line_width(0.5)
        pdf.rect(x, top, width + 3, size_mm * LEADING)
        pdf.text(x + 1.5, baseline, line.text)
        return
    pdf.text(x, baseline, line.text)


def _draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The QR code of `url` as filled squares, a clickable link on screen."""
    modules = len(qr_matrix(url))
    scale = size / modules * pdf.k  # one module, in points
    # A transformation puts module (0, 0) at the code's top-left corner, y downwards,
    # so the path of squares (in module units) is made once per URL whatever its place.
    left, top = x * pdf.k, (pdf.h - y) * pdf.k
    # Written as raw operators: fpdf2 has no public call for a prepared path, and one
    # rect() call per run (about 300 a code) cost more than the rest of the page.
    pdf._out(f"q 0 g {scale:.4f} 0 0 {-scale:.4f} {left:.2f} {top:.2f} cm {_qr_path(url)} Q")
    pdf.link(x, y, size, size, url)


@functools.lru_cache(maxsize=4096)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code (error correction M) of `url`, without quiet zone.

    Kept once made: segno spends most of its time choosing the most readable mask, and
    one event appears in several programmes (its département, venue, partners; two
    periods, two papers)."""
    code = segno.make_qr(url, error="m")
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


@functools.lru_cache(maxsize=4096)
def _qr_path(url: str) -> str:
    """The PDF path of the dark modules, in module units: one rectangle per run of dark
    modules in a row (not one per module), filled at once."""
    rects = [
        f"{start} {row} {length} 1 re"
        for row, runs in enumerate(_runs(qr_matrix(url)))
        for start, length in runs
    ]
    return " ".join(rects) + " f"


def _runs(matrix: tuple[tuple[bool, ...], ...]) -> Iterator[list[tuple[int, int]]]:
    """Each row's dark modules as (start, length) runs."""
    for row in matrix:
        runs: list[tuple[int, int]] = []
        start = -1
        for column, dark in enumerate((*row, False)):
            if dark and start < 0:
                start = column
            elif not dark and start >= 0:
                runs.append((start, column - start))
                start = -1
        yield runs


def _draw_footer(pdf: FPDF, layout: Layout, origin: float, number: int, total: int) -> None:
    """The footer at the bottom of a slot: site, address, consortium, « Page n / N »."""
    g = layout.geometry
    footer = layout.footer
    height = sum(line.height for line in footer)
    top = g.slot[1] - g.margin - height
    x = origin + g.margin
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    pdf.line(x, top - 2, x + g.slot[0] - 2 * g.margin, top - 2)
    y = top
    for line in footer:
        _draw_line(pdf, line, x, y)
        y += line.height
    pdf.set_font(FAMILY, "", g.footer_pt)
    label = f"Page {number} / {total}"
    pdf.text(
        origin + g.slot[0] - g.margin - pdf.get_string_width(label),
        top + g.footer_pt * MM_PER_PT,
        label,
    )
