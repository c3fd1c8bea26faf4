"""Text made safe for a PDF page: cleaning, wrapping, clipping."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agenda.pdf_text import MISSING, clip, printable, wrap

LATIN = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x180)) | {0x2026, 0x202F}


def width(text: str) -> float:
    """One unit a character: easy to reason about."""
    return float(len(text))


def test_controls_and_bidi_overrides_are_removed_and_spaces_collapsed():
    assert printable("a\x00b\x07c\u202ed\u200be\tf\n\ng", LATIN) == "abcde f g"


def test_no_break_spaces_stay():
    assert printable("14\u202fh\u00a000", LATIN) == "14\u202fh\u00a000"


def test_characters_the_font_lacks_become_their_bare_form_or_a_question_mark():
    assert printable("ﬁn", LATIN) == "fin"  # the ligature, decomposed
    assert printable("😀 Ω", LATIN) == f"{MISSING} {MISSING}"


def test_wrap_breaks_between_words_and_inside_a_word_too_long():
    assert wrap("un deux trois", 7, width) == ["un deux", "trois"]
    assert wrap("x" * 12, 5, width) == ["xxxxx", "xxxxx", "xx"]


def test_clip_ends_the_last_kept_line_with_an_ellipsis():
    lines = ["aaaaa", "bbbbb", "ccccc"]
    assert clip(lines, 3, width, 5) == lines
    assert clip(lines, 2, width, 5) == ["aaaaa", "bbb …"]


@given(st.text(max_size=400), st.integers(min_value=3, max_value=60))
def test_no_wrapped_line_is_wider_than_asked(text: str, limit: int):
    clean = printable(text, LATIN)
    lines = wrap(clean, limit, width)
    assert all(width(line) <= limit for line in lines)
    assert "".join(lines).replace(" ", "") == clean.replace(" ", "")
