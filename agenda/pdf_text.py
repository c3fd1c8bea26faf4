"""Text made safe for a PDF page: control characters out, characters the font lacks
replaced, and lines wrapped to a width (a 100-letter word is cut, never overflowing).

PDF text is not markup: nothing needs escaping (fpdf2 writes strings as hex glyph ids).
What partner content can still do is carry characters that break a layout: control and
format characters (a right-to-left override U+202E would flip what a reader sees),
characters the font has no glyph for (emoji, scripts beyond Latin), endless words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container

# Shown instead of a character the font cannot draw: visible, so a reader knows
# something is missing, and in every font.
MISSING = "?"
# Unicode categories removed: controls (Cc), format characters such as bidi overrides
# and zero-width joiners (Cf), unassigned, private-use and surrogate code points.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Cs"}
# Whitespace of any kind becomes one plain space; no-break spaces stay (« 14 h 00 »).
_KEPT_SPACES = {"\u00a0", "\u202f"}


def printable(text: str, has_glyph: Container[int]) -> str:
    """`text` with its whitespace collapsed, control and format characters removed, and
    characters the font lacks replaced by their unaccented form or « ? »."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in _KEPT_SPACES and ord(char) in has_glyph:
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif unicodedata.category(char) in _DROPPED_CATEGORIES:
            continue
        elif ord(char) in has_glyph:
            out.append(char)
        else:
            out.append(_fallback(char, has_glyph))
    # Split on plain spaces only: str.split() would also break at the no-break ones.
    return " ".join(word for word in "".join(out).split(" ") if word)


def _fallback(char: str, has_glyph: Container[int]) -> str:
    """The compatibility form of `char` without its accents when the font has it (ﬁ → fi,
    ǅ → Dž), else MISSING."""
    decomposed = unicodedata.normalize("NFKD", char)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    if bare and all(ord(c) in has_glyph for c in bare):
        return bare
    return MISSING


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` cut into lines no wider than `width` (as `measure` says), between words
    where possible, inside a word that is wider than a whole line."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for piece in _cut_word(word, width, measure):
            if current:
                lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines


def _cut_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A word in pieces that each fit `width` (the last one may be short)."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and measure(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def clip(lines: list[str], limit: int, measure: Callable[[str], float], width: float) -> list[str]:
    """At most `limit` lines, the last one ending with « … » when some were cut."""
    if len(lines) <= limit:
        return lines
    last = lines[limit - 1]
    while last and measure(last + " …") > width:
        last = last[:-1]
    return [*lines[: limit - 1], last.rstrip() + " …"]
