"""The programme PDF read back with a real PDF reader (pypdf) and a real QR reader
(zxing-cpp): events in order with their details, codes that lead to the event pages,
events never split by a page break, identical bytes from two runs, hostile text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from agenda.programme_layout import Entry, Paper, Programme
from agenda.programme_pdf import _imposition, programme_pdf, qr_matrix
from tests.conftest import REPO
from tests.pdfcheck import drawn_qr_codes, half_page_texts, page_texts, reader

OUTPUT = REPO / "tests" / "output"
BASE = "https://agenda.example.org"


def entry(number: int, words: int = 0, **fields: object) -> Entry:
    """An event whose every line carries its number, so a test can find each piece."""
    values: dict[str, object] = {
        "url": f"{BASE}/evenements/evenement-{number:02d}/",
        "title": f"Titre-{number:02d} " + "astronomie " * words,
        "when": (f"samedi {number % 28 + 1} décembre 2026, 14 h 00 – 16 h 00 Quand-{number:02d}",),
        "places": (f"Médiathèque Lieu-{number:02d}, 2 rue de la Gare, 08200 Sedan",),
        "details": (
            f"Atelier · Public : Familles, dès 6 ans Public-{number:02d}",
            f"Tarif : gratuit Tarif-{number:02d}",
            f"Accessibilité : Handicap moteur Fin-{number:02d}",
        ),
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def programme(entries: tuple[Entry, ...], heading: str = "Médiathèque de Sedan") -> Programme:
    return Programme(
        heading=heading,
        period="du mercredi 25 novembre au jeudi 24 décembre 2026",
        entries=entries,
        site_title="Agenda CSTI Grand Est",
        site_url=BASE,
        consortium=(
            "La Nef des sciences – Université de Haute-Alsace",
            "Accustica",
            "Université de Lorraine",
        ),
        made_on=date(2026, 11, 25),
        font_root=REPO,
    )


def test_the_text_holds_each_event_in_order_with_time_place_audience_price():
    entries = tuple(entry(n) for n in range(1, 6))
    pdf = programme_pdf(programme(entries), Paper.A4)
    text = "\n".join(page_texts(pdf.data))
    positions = [text.index(f"Titre-{n:02d}") for n in range(1, 6)]
    assert positions == sorted(positions)
    for n in range(1, 6):
        for piece in ("14 h 00 – 16 h 00", f"Lieu-{n:02d}", f"Public-{n:02d}", f"Tarif-{n:02d}"):
            assert piece in text
    assert "Programme – Médiathèque de Sedan" in text
    assert "du mercredi 25 novembre au jeudi 24 décembre 2026" in text


def test_every_page_carries_the_consortium_footer_and_its_number():
    pdf = programme_pdf(programme(tuple(entry(n) for n in range(30))), Paper.A4)
    texts = page_texts(pdf.data)
    assert len(texts) == pdf.pages > 1
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} / {pdf.pages}" in text
        assert "Agenda CSTI Grand Est · https://agenda.example.org" in text
        assert "Accustica" in text
        assert "Université de Lorraine" in text


def test_each_qr_code_decodes_to_its_event_page():
    entries = tuple(entry(n) for n in range(1, 4))
    for paper in Paper:
        codes = drawn_qr_codes(programme_pdf(programme(entries), paper).data)
        urls = [e.url for e in entries]
        assert [c.decoded for c in codes] == urls  # a QR reader reads the event's address
        assert [c.link for c in codes] == urls  # and a click on screen goes there too
        assert all(c.matrix == qr_matrix(c.link) for c in codes)


def test_the_status_is_shown_when_the_event_is_not_scheduled():
    entries = (entry(1, status="ANNULÉ"), entry(2), entry(3, status="COMPLET"))
    text = "\n".join(page_texts(programme_pdf(programme(entries), Paper.A4).data))
    assert text.index("ANNULÉ") < text.index("Titre-01") < text.index("Titre-02")
    assert text.index("Titre-02") < text.index("COMPLET") < text.index("Titre-03")


@pytest.mark.parametrize("paper", list(Paper))
def test_a_page_break_never_splits_an_event(paper: Paper):
    # 80 events of lengths from one line of title to four, some with many sessions.
    entries = tuple(
        entry(
            n,
            words=(n * 7) % 30,
            when=tuple(f"session {s} Quand-{n:02d}" for s in range(1 + n % 5)),
        )
        for n in range(80)
    )
    pdf = programme_pdf(programme(entries), paper)
    if paper is Paper.A5_BOOKLET:  # two A5 pages a sheet side: read each half apart
        texts = half_page_texts(pdf.data)
        assert len(texts) == 2 * pdf.sheets_sides >= pdf.pages > 10
    else:
        texts = page_texts(pdf.data)
        assert len(texts) == pdf.pages > 10
    for n in range(80):
        pages = {
            i
            for i, text in enumerate(texts)
            for token in (f"Titre-{n:02d}", f"Quand-{n:02d}", f"Lieu-{n:02d}", f"Fin-{n:02d}")
            if token in text
        }
        assert len(pages) == 1, f"event {n} is on pages {pages}"


def test_the_booklet_puts_its_pages_in_folding_order():
    # 6 pages → 8 with two blank ones: sheet 1 carries 8|1 then 2|7, sheet 2 6|3 then 4|5.
    assert _imposition(6, 2) == [(None, 0), (1, None), (5, 2), (3, 4)]
    assert _imposition(3, 1) == [(0,), (1,), (2,)]
    entries = tuple(entry(n) for n in range(40))
    pdf = programme_pdf(programme(entries), Paper.A5_BOOKLET)
    sheets = reader(pdf.data).pages
    assert len(sheets) == pdf.sheets_sides
    assert all(float(s.mediabox.width) > float(s.mediabox.height) for s in sheets)  # landscape
    total = pdf.pages
    numbers = [
        next((n for n in range(1, total + 1) if f"Page {n} / {total}" in half), None)
        for half in half_page_texts(pdf.data)
    ]
    padded = -(-total // 4) * 4
    expected = [
        n + 1 if n is not None and n < total else None
        for side in _imposition(total, 2)
        for n in side
    ]
    assert numbers == expected and len(numbers) == padded
    assert numbers[:2] == [None if padded > total else total, 1]  # back cover | cover


def test_two_runs_give_identical_bytes_even_in_another_process():
    entries = tuple(entry(n, words=n) for n in range(12))
    first = programme_pdf(programme(entries), Paper.A4).data
    assert programme_pdf(programme(entries), Paper.A4).data == first
    script = (
        "import sys; from tests.test_programme_pdf import *; "
        "e = tuple(entry(n, words=n) for n in range(12)); "
        "sys.stdout.buffer.write(programme_pdf(programme(e), Paper.A4).data)"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=True,
    ).stdout
    assert other == first


def test_the_creation_date_is_the_programme_day():
    pdf = programme_pdf(programme((entry(1),)), Paper.A4)
    info = reader(pdf.data).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.date() == date(2026, 11, 25)
    assert info.title == "Programme – Médiathèque de Sedan"


HOSTILE = (
    "😀 Atelier \u202eeliforp\u202c مرحبا بالعالم שלום Ωmega \x00\x07\x1b[31m "
    + "x" * 100
    + " Fin-hostile "
    + "long " * 3000
)


@pytest.mark.parametrize("paper", list(Paper))
def test_hostile_text_is_cleaned_wrapped_and_cut_without_crashing(paper: Paper):
    entries = (
        entry(1, title=HOSTILE, status=HOSTILE, places=(HOSTILE,) * 5, details=(HOSTILE,) * 9),
        entry(2),
    )
    pdf = programme_pdf(programme(entries, heading=HOSTILE), paper)
    text = "\n".join(page_texts(pdf.data))
    assert "\u202e" not in text and "\x1b" not in text and "\x00" not in text
    assert "😀" not in text and "?" in text  # a character the font lacks becomes « ? »
    assert "…" in text  # what goes beyond the allowed lines is cut, and says so
    assert "Titre-02" in text
    assert pdf.pages <= 3  # the capped block fits on a page


def test_fonts_are_embedded_as_valid_subsets():
    data = programme_pdf(programme((entry(1),)), Paper.A4).data
    assert data.count(b"/FontFile2") == 2  # regular and bold, embedded
    assert b"MPDFAA+" in data  # subset names (PDF 32000 §9.6.4)
    assert len(data) < 40_000  # far below the two fonts' 83 KB
    fonts = reader(data).pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descendant = ref.get_object()["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        font = TTFont(io.BytesIO(program))
        assert 20 < len(font.getGlyphOrder()) < 150  # the glyphs used, not all 383
        glyf = font["glyf"]
        for name in font.getGlyphOrder():  # every outline decodes, with its box
            glyph = glyf[name]
            glyph.expand(glyf)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) absent")
def test_render_pages_to_png_for_a_look(tmp_path: Path):
    """Saves tests/output/programme-a4.png and programme-livret-a5.png (not asserted on
    beyond their existence: they are for a person to look at)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    entries = (
        entry(1, status="ANNULÉ"),
        *(entry(n, words=n % 9) for n in range(2, 14)),
        entry(14, title=HOSTILE),
    )
    for paper, name in ((Paper.A4, "programme-a4"), (Paper.A5_BOOKLET, "programme-livret-a5")):
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(programme_pdf(programme(entries), paper).data)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                OUTPUT / name,
            ],
            check=True,
        )
        assert (OUTPUT / f"{name}.png").stat().st_size > 10_000
