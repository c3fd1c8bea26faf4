"""Drawing a share picture: size, format, text and its fitting, colours, photos, the
memo, determinism of the bytes, speed."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from agenda import share_painter
from agenda.share_painter import Painter, ShareCard, wrap

REPO = Path(__file__).resolve().parent.parent
SITE_NAME = "Agenda CSTI Grand Est"
FRENCH = "éèêëàâîïôöùûüÿçœæÉÈÊÀÂÎÔÙÛÇŒÆ«»’…–—€"
TITLE_AREA = (share_painter.MARGIN, 120, share_painter.WIDTH - share_painter.MARGIN, 400)


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _card(title: str = "Atelier robots : programme ton premier robot") -> ShareCard:
    return ShareCard(
        url="/evenements/atelier-robots/partage.png",
        title=title,
        kicker="Atelier",
        details=("samedi 4 octobre 2025, 14 h 00 – 16 h 30", "Épinal"),
    )


@pytest.fixture(scope="module")
def painter() -> Painter:
    return Painter(REPO, SITE_NAME)


# The drawn picture.


def test_drawn_picture_is_a_1200x630_png(painter):
    image = _open(painter.picture(_card()))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_text_is_drawn_in_the_title_area(painter):
    with_text = _open(painter.picture(_card())).convert("RGB")
    blank = _open(painter.picture(_card(title=""))).convert("RGB")
    area = with_text.crop(TITLE_AREA)
    assert len(area.getcolors(maxcolors=10_000) or ()) > 2  # letters and their edges
    assert ImageChops.difference(area, blank.crop(TITLE_AREA)).getbbox() is not None
    # The site's name sits in the white band at the bottom.
    band = with_text.crop(
        (
            0,
            share_painter.HEIGHT - share_painter.BAND_HEIGHT,
            share_painter.WIDTH,
            share_painter.HEIGHT,
        )
    )
    assert len(band.getcolors(maxcolors=10_000) or ()) > 2


def test_same_inputs_give_the_same_bytes_without_metadata():
    first = Painter(REPO, SITE_NAME).picture(_card())
    second = Painter(REPO, SITE_NAME).picture(_card())
    assert first == second
    for chunk in (b"tIME", b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in first


def test_the_font_draws_french_letters_and_punctuation(painter):
    font = painter.font(share_painter.FONT_BOLD, 48)
    assert isinstance(font, ImageFont.FreeTypeFont)  # the vendored font, scalable
    missing = font.getmask("\u4e2d")  # not in the font: drawn as the « missing » box
    for char in FRENCH:
        mask = font.getmask(char)
        assert mask.getbbox() is not None, char
        assert bytes(mask) != bytes(missing) or mask.size != missing.size, char


def test_long_titles_wrap_to_three_lines_with_an_ellipsis(painter):
    font = painter.font(share_painter.FONT_BOLD, share_painter.TITLE_SIZES[-1])
    title = "Une très longue conférence " * 12
    lines = wrap(title, font, share_painter.TEXT_WIDTH, 3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= share_painter.TEXT_WIDTH for line in lines)
    long_word = wrap("Anticonstitutionnellement" * 6, font, share_painter.TEXT_WIDTH, 3)
    assert all(font.getlength(line) <= share_painter.TEXT_WIDTH for line in long_word)
    assert wrap("Court", font, share_painter.TEXT_WIDTH, 3) == ["Court"]
    # Drawn, it still fits above the band.
    image = _open(painter.picture(_card(title=title))).convert("RGB")
    assert image.size == (1200, 630)


def test_text_that_fits_stays_on_one_line_with_its_spaces_tidied(painter):
    font = painter.font(share_painter.FONT_REGULAR, share_painter.DETAIL_SIZE)
    assert wrap("  samedi 4 octobre,\n 14 h 00  ", font, share_painter.TEXT_WIDTH, 2) == [
        "samedi 4 octobre, 14 h 00"
    ]
    assert wrap("   ", font, share_painter.TEXT_WIDTH, 2) == []


@pytest.mark.parametrize(
    "title",
    [
        "Court",
        "Atelier robots : programme ton premier robot",
        "Nuit des étoiles au plateau des Mille Étangs, avec le club d'astronomie",
        "Une très longue conférence " * 4,
        "Une très longue conférence " * 12,
        "Anticonstitutionnellement" * 3,
    ],
)
@pytest.mark.parametrize("room", [60, 150, 250, 400])
def test_the_title_gets_the_largest_size_whose_lines_fit(painter, title, room):
    # What _fit_title must find, by wrapping the title at every size: it skips the sizes
    # at which the title is too long to fit, without wrapping it, and must agree.
    expected = None
    for size in share_painter.TITLE_SIZES:
        font = painter.font(share_painter.FONT_BOLD, size)
        lines = wrap(title, font, share_painter.TEXT_WIDTH, share_painter.TITLE_LINES + 1)
        if len(lines) <= share_painter.TITLE_LINES and len(lines) * round(size * 1.18) <= room:
            expected = (size, lines)
            break
    font, lines, _ = painter._fit_title(title, room)
    if expected is None:  # nothing fits: the smallest size, cut with « … »
        assert font.size == share_painter.TITLE_SIZES[-1]
        assert lines[-1].endswith("…") or len(lines) * round(font.size * 1.18) > room
    else:
        assert (font.size, lines) == expected


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (share_painter.TEXT, share_painter.BACKGROUND),
        (share_painter.SOFT, share_painter.BACKGROUND),
        (share_painter.ACCENT, share_painter.BACKGROUND),
        (share_painter.BACKGROUND, share_painter.BAND),
    ],
)
def test_colours_pass_wcag_aa(text, background):
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


# Photos.


def test_a_photo_is_scaled_and_cropped_to_cover(tmp_path):
    # A wide picture: red | green | blue thirds. Cover keeps the green middle only.
    source = Image.new("RGB", (3600, 600), (0, 160, 0))
    source.paste((200, 0, 0), (0, 0, 1200, 600))
    source.paste((0, 0, 200), (2400, 0, 3600, 600))
    (tmp_path / "assets").mkdir()
    source.save(tmp_path / "assets" / "large.png")
    card = ShareCard("/evenements/x/partage.jpg", "Titre", photo="assets/large.png")
    picture = _open(Painter(tmp_path, SITE_NAME).picture(card))
    assert picture.format == "JPEG"
    image = picture.convert("RGB")
    assert image.size == (1200, 630)
    for corner in ((5, 5), (1194, 5), (5, 624), (1194, 624), (600, 315)):
        r, g, b = image.getpixel(corner)  # type: ignore[misc]
        assert g > 120 and r < 60 and b < 60, corner


def test_an_unreadable_photo_gives_a_drawn_jpeg_at_the_same_address(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "broken.jpg").write_bytes(b"not a picture")
    card = ShareCard("/evenements/x/partage.jpg", "Titre", photo="assets/broken.jpg")
    image = _open(Painter(tmp_path, SITE_NAME).picture(card))  # no fonts here: Pillow's
    assert (image.format, image.size) == ("JPEG", (1200, 630))


def test_a_huge_photo_is_not_decoded(tmp_path):
    (tmp_path / "assets").mkdir()
    Image.new("1", (10_000, 10_000)).save(tmp_path / "assets" / "bomb.png")  # a few KB
    card = ShareCard("/evenements/x/partage.jpg", "Titre", photo="assets/bomb.png")
    painter = Painter(tmp_path, SITE_NAME)
    assert painter.photo((tmp_path / "assets" / "bomb.png").read_bytes()) is None
    assert _open(painter.picture(card)).size == (1200, 630)


class CountingPainter(Painter):
    """A painter that counts the photos it cuts (and cuts them as any painter does)."""

    cuts = 0

    def photo(self, data: bytes) -> bytes | None:
        self.cuts += 1
        return super().photo(data)


def test_a_photo_shared_by_several_events_is_cut_once(tmp_path):
    # The poster of a series of workshops, on each of its twelve events.
    (tmp_path / "assets").mkdir()
    Image.new("RGB", (1600, 900), (30, 120, 200)).save(tmp_path / "assets" / "affiche.png")
    poster = (tmp_path / "assets" / "affiche.png").read_bytes()
    cards = [
        (ShareCard(f"/evenements/atelier-{n}/partage.jpg", f"Atelier {n}"), poster)
        for n in range(12)
    ]
    drawn = (ShareCard("/evenements/sans-photo/partage.png", "Sans photo"), b"")
    painter = CountingPainter(tmp_path, SITE_NAME)
    pictures = painter.make_all([*cards, drawn], jobs=1)
    assert painter.cuts == 1
    alone = Painter(tmp_path, SITE_NAME).make(*cards[0])  # what each would have been alone
    assert pictures[:12] == [alone] * 12
    assert _open(pictures[12]).format == "PNG"
    # The next batch, or the next rebuild of `serve`, finds it in the memo.
    assert painter.make_all(cards[:3], jobs=1) == pictures[:3] and painter.cuts == 1


def test_an_unreadable_photo_shared_by_two_events_gives_each_its_own_picture(tmp_path):
    (tmp_path / "assets").mkdir()
    broken = b"not a picture"
    cards = [
        (ShareCard("/evenements/a/partage.jpg", "Premier titre"), broken),
        (ShareCard("/evenements/b/partage.jpg", "Un tout autre titre"), broken),
    ]
    painter = CountingPainter(tmp_path, SITE_NAME)
    first, second = painter.make_all(cards, jobs=1)
    assert painter.cuts == 1
    assert first != second  # each drawn with its own title
    alone = Painter(tmp_path, SITE_NAME)
    assert (first, second) == (alone.make(*cards[0]), alone.make(*cards[1]))
    assert _open(first).format == "JPEG"


def test_pictures_are_remembered_across_builds_by_their_inputs(tmp_path):
    (tmp_path / "assets").mkdir()
    Image.new("RGB", (1200, 630), (200, 0, 0)).save(tmp_path / "assets" / "p.png")
    card = ShareCard("/evenements/x/partage.jpg", "Titre", photo="assets/p.png")
    memo = share_painter.Memo()
    first = Painter(tmp_path, SITE_NAME, memo).picture(card)
    assert len(memo.pictures) == 1
    assert Painter(tmp_path, SITE_NAME, memo).picture(card) is first  # not made again
    Image.new("RGB", (1200, 630), (0, 0, 200)).save(tmp_path / "assets" / "p.png")
    second = Painter(tmp_path, SITE_NAME, memo).picture(card)  # the photo changed
    assert second != first and len(memo.pictures) == 2
    small = share_painter.Memo(max_bytes=len(first) + 1)
    painter = Painter(tmp_path, SITE_NAME, small)
    painter.picture(card)
    painter.picture(ShareCard("/evenements/y/partage.png", "Autre"))
    assert len(small.pictures) == 1  # the oldest was forgotten


# Speed and size.


def test_time_and_size_per_picture(painter, record_property):
    count = 20
    cards = [
        _card(title=f"Atelier numéro {n} : les robots de la médiathèque") for n in range(count)
    ]
    started = time.perf_counter()
    sizes = [len(painter.picture(card)) for card in cards]
    per_picture = (time.perf_counter() - started) / count
    record_property("seconds_per_picture", round(per_picture, 4))
    record_property("bytes_per_picture", sum(sizes) // count)
    print(f"\n{count} pictures: {per_picture * 1000:.0f} ms and {sum(sizes) // count} bytes each")
    assert per_picture < 0.5  # about 0.03 s on a laptop; generous for a loaded CI machine
    assert max(sizes) < 60_000
    # The same text again is not drawn twice within a build.
    started = time.perf_counter()
    painter.picture(cards[0])
    assert time.perf_counter() - started < per_picture
