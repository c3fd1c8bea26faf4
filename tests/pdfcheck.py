"""Reading built PDFs back as a reader would: the text of each page (pypdf), and the QR
codes drawn on them, rebuilt from the page's vector squares and decoded by a real QR
reader (zxing-cpp), next to the link each code carries."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

# How agenda/programme_pdf.py draws a code: a transformation putting module (0, 0) at the
# code's top-left corner (y downwards), then one rectangle per run of dark modules.
_QR = re.compile(
    r"q 0 g (?P<scale>[\d.]+) 0 0 -[\d.]+ (?P<left>[\d.]+) (?P<top>[\d.]+) cm "
    r"(?P<rects>(?:\d+ \d+ \d+ 1 re ?)*)f Q"
)
_RECT = re.compile(r"(\d+) (\d+) (\d+) 1 re")


@dataclass(frozen=True)
class DrawnQr:
    """A QR code found on a page: its modules, what a reader decodes, its link."""

    page: int  # 0-based
    matrix: tuple[tuple[bool, ...], ...]
    decoded: str
    link: str  # the URI of the link annotation over the code


def reader(data: bytes) -> PdfReader:
    """The PDF opened by pypdf (fails on a broken file)."""
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in reader(data).pages]


def drawn_qr_codes(data: bytes) -> list[DrawnQr]:
    """Every QR code of the document, in drawing order."""
    found: list[DrawnQr] = []
    for number, page in enumerate(reader(data).pages):
        stream = page.get_contents()
        assert stream is not None
        content = stream.get_data().decode("latin-1")
        links = _links(page)
        for match in _QR.finditer(content):
            scale = float(match["scale"])
            left, top = float(match["left"]), float(match["top"])
            cells = [tuple(map(int, r)) for r in _RECT.findall(match["rects"])]
            link, size = _link_at(links, left, top)
            modules = round(size / scale)
            grid = [[False] * modules for _ in range(modules)]
            for column, row, length in cells:
                for c in range(column, column + length):
                    grid[row][c] = True
            matrix = tuple(tuple(row) for row in grid)
            found.append(DrawnQr(number, matrix, decode(matrix), link))
    return found


def _links(page: object) -> list[tuple[float, float, float, float, str]]:
    annotations = page.get("/Annots") or ArrayObject()  # type: ignore[attr-defined]
    out = []
    for ref in annotations:
        annot = ref.get_object()
        assert isinstance(annot, DictionaryObject)
        action = annot.get("/A")
        if action is None:
            continue
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        out.append((x1, y1, x2, y2, str(action.get_object()["/URI"])))
    return out


def _link_at(
    links: list[tuple[float, float, float, float, str]], left: float, top: float
) -> tuple[str, float]:
    """The link whose rectangle starts at the code's top-left corner, and its width."""
    for x1, _y1, x2, y2, uri in links:
        if abs(x1 - left) < 0.1 and abs(y2 - top) < 0.1:
            return uri, x2 - x1
    raise AssertionError(f"no link over the QR code at ({left}, {top})")


def decode(matrix: tuple[tuple[bool, ...], ...], scale: int = 6) -> str:
    """What a QR reader reads from the modules (drawn with a 4-module quiet zone)."""
    size = (len(matrix) + 8) * scale
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x, y = (column + 4) * scale, (row + 4) * scale
                draw.rectangle((x, y, x + scale - 1, y + scale - 1), fill=0)
    results = zxingcpp.read_barcodes(image)
    return results[0].text if results else ""


def half_page_texts(data: bytes) -> list[str]:
    """The text of each half of each page, left then right: the A5 pages of a booklet
    sheet. Each piece of text goes to the half where it starts."""
    halves: list[str] = []
    for page in reader(data).pages:
        middle = float(page.mediabox.width) / 2
        parts: dict[bool, list[str]] = {False: [], True: []}

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            x = tm[4] * cm[0] + cm[4]
            parts[x >= middle].append(text)  # noqa: B023 (used at once, in this loop)

        page.extract_text(visitor_text=visit)
        halves += ["".join(parts[False]), "".join(parts[True])]
    return halves
