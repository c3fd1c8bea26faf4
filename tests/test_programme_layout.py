"""Packing a programme into pages: lines within the width, pages within their height,
the first page's title, and measures that match what fpdf2 draws."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from agenda.programme_layout import (
    FAMILY,
    FONT_BOLD,
    FONT_REGULAR,
    GEOMETRY,
    MAX_TITLE_LINES,
    Paper,
    Typesetter,
    font_metrics,
    lay_out,
)
from tests.conftest import REPO
from tests.test_programme_pdf import HOSTILE, entry, programme


def test_measures_match_fpdf2_for_french_text():
    pdf = FPDF()
    pdf.add_font(FAMILY, "", REPO / FONT_REGULAR)
    pdf.add_font(FAMILY, "B", REPO / FONT_BOLD)
    setter = Typesetter(font_metrics(REPO), GEOMETRY[Paper.A4])
    text = "Œuvres « lumière » : 14\u202fh\u00a000 – l'été, à Épinal…"
    for bold in (False, True):
        pdf.set_font(FAMILY, "B" if bold else "", 9)
        assert setter.measure(bold, 9)(text) == pytest.approx(pdf.get_string_width(text))


def test_the_fonts_draw_french():
    glyphs = font_metrics(REPO).glyphs
    assert all(ord(c) in glyphs for c in "àâçéèêëîïôöùûüÿœæÀÉÈÇŒ«»€–—…’\u202f\u00a0")


@pytest.mark.parametrize("paper", list(Paper))
def test_hostile_lines_stay_within_the_width_and_pages_within_their_height(paper: Paper):
    entries = (
        entry(1, title=HOSTILE, status=HOSTILE, places=(HOSTILE,) * 5, details=(HOSTILE,) * 9),
        *(entry(n, words=n) for n in range(2, 40)),
    )
    layout = lay_out(programme(entries, heading=HOSTILE), paper)
    g = layout.geometry
    full_width = g.slot[0] - 2 * g.margin
    footer = sum(line.height for line in layout.footer) + 4
    for page in layout.pages:
        assert sum(block.height(g) for block in page) <= g.slot[1] - 2 * g.margin - footer
        for block in page:
            limit = g.text_width if block.url else full_width
            for line in block.lines:
                measured = layout.setter.measure(line.bold, line.size)(line.text)
                assert measured <= limit + (3 if line.framed else 0)
    title_lines = [line for line in layout.pages[0][1].lines if line.bold and not line.framed]
    assert len(title_lines) == MAX_TITLE_LINES and title_lines[-1].text.endswith("…")


def test_the_first_page_opens_with_the_title_and_later_pages_with_a_running_head():
    layout = lay_out(programme(tuple(entry(n) for n in range(30))), Paper.A4)
    assert len(layout.pages) > 1
    assert layout.pages[0][0].lines[0].text == "Programme – Médiathèque de Sedan"
    for page in layout.pages[1:]:
        head = page[0]
        assert not head.url and head.lines[0].text.startswith("Médiathèque de Sedan – du ")
        assert all(block.url for block in page[1:])
    events = [block.url for page in layout.pages for block in page if block.url]
    assert events == [e.url for e in programme(tuple(entry(n) for n in range(30))).entries]
