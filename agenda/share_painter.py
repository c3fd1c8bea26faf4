"""Drawing one share picture (Open Graph, 1200×630): a photo cut to fill it, or the
site's colours with a title, a kicker, details and the site's name.

The pictures use the site's colours (assets/css/site.css: --header, --footer-link,
--focus-dark on a dark blue, every text at least 7:1) and DejaVu Sans, cut down to the
Latin letters and punctuation French needs (assets/fonts/, with its licence): Pillow's
own font has no accented letters, and no system font is guaranteed on a build machine.

The bytes depend on the inputs only (no date, no metadata; text laid out by FreeType
without Raqm), so two builds give identical files. A picture is made once per set of
inputs: again for the same text in a build, and across the rebuilds of `build.py serve`
(`Memo`). Which pages get a picture, and what each says: `agenda/ogimage.py`.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from agenda.cache import generator_version
from agenda.parallel import parallel_map

WIDTH, HEIGHT = 1200, 630
SIZE = (WIDTH, HEIGHT)

# From assets/css/site.css. Contrast on BACKGROUND: TEXT 11.9:1, SOFT 8.7:1, ACCENT 8.0:1;
# BACKGROUND on BAND (white) 11.9:1.
BACKGROUND = (0x0B, 0x3D, 0x5E)  # --header
TEXT = (0xFF, 0xFF, 0xFF)  # --header-link
SOFT = (0xCF, 0xE3, 0xF1)  # --footer-link
ACCENT = (0xFF, 0xD3, 0x4D)  # --focus-dark
BAND = (0xFF, 0xFF, 0xFF)  # --bg

FONT_REGULAR = "assets/fonts/DejaVuSans.ttf"
FONT_BOLD = "assets/fonts/DejaVuSans-Bold.ttf"

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
TOP = 64  # first line of text
BAND_HEIGHT = 96  # the white band with the site's name, at the bottom
BOTTOM = HEIGHT - BAND_HEIGHT - 40  # text above it stops here
TITLE_SIZES = (88, 76, 68, 60, 52)  # the largest that fits is used
TITLE_LINES = 3
KICKER_SIZE = 30
DETAIL_SIZE = 36
DETAIL_LINES = 2
SITE_NAME_SIZE = 36
ELLIPSIS = "…"
# JPEG quality for photos. The drawn pictures are PNG with a palette of the site's
# colours and AA_LEVELS shades between each text colour and its background (the edges of
# anti-aliased letters): three times smaller than full colour, and fast to make.
JPEG_QUALITY = 85
# A larger photo (a few kilobytes can declare a gigantic picture) is not decoded.
MAX_PHOTO_PIXELS = 40_000_000
AA_LEVELS = 16

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class ShareCard:
    """What one share picture shows, and where it is published."""

    url: str  # site path of the picture (urls.share_image)
    title: str
    kicker: str = ""  # a word above the title: « Département », « Annulé »…
    details: tuple[str, ...] = ()  # lines under the title: the date, the town
    photo: str = ""  # repository path of the event's own photo, used instead of drawing


class Memo:
    """Pictures already made, by a hash of everything they are made from (text, fonts,
    photo bytes): `build.py serve` rebuilds the site on every change, and redraws only
    the pictures whose inputs changed. Bounded: the oldest go first past `max_bytes`."""

    def __init__(self, max_bytes: int = 64_000_000) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.pictures: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        """The picture made from `key`, if kept."""
        return self.pictures.get(key)

    def put(self, key: str, data: bytes) -> None:
        """Keep `data`, forgetting the oldest pictures when over the limit."""
        self.pictures[key] = data
        self.size += len(data)
        while self.size > self.max_bytes and len(self.pictures) > 1:
            oldest = next(iter(self.pictures))
            self.size -= len(self.pictures.pop(oldest))


# Kept for the life of the process: one build, or every rebuild of `build.py serve`.
MEMO = Memo()


class Painter:
    """Draws share pictures with the site's fonts, loaded once. A picture already made
    from the same inputs (in this build, or an earlier one of this process when given
    `memo`) is reused, not drawn again."""

    def __init__(self, root: Path, site_name: str, memo: Memo | None = None) -> None:
        self.root = root
        self.site_name = site_name
        self.memo = memo if memo is not None else Memo()
        self._fonts: dict[tuple[str, int], FontType] = {}
        fonts = hashlib.sha256()
        for path in (FONT_REGULAR, FONT_BOLD):
            file = root / path
            fonts.update(file.read_bytes() if file.is_file() else b"-")
        # The generator's version too: pictures kept in the build cache are redrawn when
        # the drawing code changes.
        self._inputs = f"{generator_version()}\n{fonts.hexdigest()}\n{site_name}"
        self._blank: Image.Image | None = None

    def font(self, path: str, size: int) -> FontType:
        """The font at `path` (from the repository root) in `size` pixels."""
        key = (path, size)
        if key not in self._fonts:
            file = self.root / path
            if file.is_file():
                self._fonts[key] = ImageFont.truetype(
                    str(file), size, layout_engine=ImageFont.Layout.BASIC
                )
            else:  # a site without the fonts still builds: Pillow's font has no accents
                self._fonts[key] = ImageFont.load_default(size)
        return self._fonts[key]

    def picture(self, card: ShareCard) -> bytes:
        """The bytes of the card's picture: its photo cut to size, or a drawn one."""
        key, photo_bytes = self.inputs(card)
        kept = self.memo.get(key)
        if kept is None:
            kept = self.make(card, photo_bytes)
            self.memo.put(key, kept)
        return kept

    def inputs(self, card: ShareCard) -> tuple[str, bytes]:
        """A hash of everything the card's picture is made from, and its photo's bytes."""
        photo_bytes = b""
        if card.photo:
            try:
                photo_bytes = (self.root / card.photo).read_bytes()
            except OSError:
                photo_bytes = b""
        text = "\n".join((card.url.rsplit(".", 1)[-1], card.title, card.kicker, *card.details))
        key = hashlib.sha256(
            b"\0".join((self._inputs.encode(), text.encode(), photo_bytes))
        ).hexdigest()
        return key, photo_bytes

    def make(self, card: ShareCard, photo_bytes: bytes) -> bytes:
        """Draw the card's picture (or cut its photo), whatever was made before."""
        if photo_bytes:
            photo = self.photo(photo_bytes)
            if photo is not None:
                return photo
        return self.drawn(card)

    def drawn(self, card: ShareCard) -> bytes:
        """The card's drawn picture, as a file: PNG, or JPEG at a photo's address (a photo
        that could not be read keeps the address the pages name)."""
        image = self.draw(card)
        return _jpeg(image) if card.url.endswith(".jpg") else _png(image)

    def make_all(self, cards: Sequence[tuple[ShareCard, bytes]], jobs: int) -> list[bytes]:
        """`make(card, photo_bytes)` for each card, over `jobs` processes. A photo that
        several cards share (the poster of a series of events) is cut once, and kept in
        the memo for the next cards: it makes the same picture whatever the card says."""
        digests = [_photo_key(photo) if photo else "" for _, photo in cards]
        cut: dict[str, bytes] = {}  # b"": the photo cannot be read, its card is drawn
        new: dict[str, bytes] = {}  # photos to cut, once each
        for digest, (_, photo) in zip(digests, cards, strict=True):
            if digest and digest not in cut and digest not in new:
                kept = self.memo.get(digest)
                if kept is None:
                    new[digest] = photo
                else:
                    cut[digest] = kept
        made = parallel_map(self.photo, list(new.values()), jobs)
        for digest, picture in zip(new, made, strict=True):
            cut[digest] = picture or b""
            self.memo.put(digest, cut[digest])
        to_draw = [
            card for (card, _), digest in zip(cards, digests, strict=True) if not cut.get(digest)
        ]
        drawn = iter(parallel_map(self.drawn, to_draw, jobs))
        return [cut.get(digest) or next(drawn) for digest in digests]

    def photo(self, data: bytes) -> bytes | None:
        """The photo scaled and cropped to 1200×630 (cover), as JPEG; None if unreadable."""
        try:
            with warnings.catch_warnings():  # checked below, with a lower limit
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                source = Image.open(io.BytesIO(data))
            with source:
                if source.width * source.height > MAX_PHOTO_PIXELS:
                    return None  # a « decompression bomb »: a picture is drawn instead
                source.draft("RGB", SIZE)  # JPEG: decode at a smaller scale when it can
                upright = ImageOps.exif_transpose(source)
                if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                    flat = Image.new("RGB", upright.size, BAND)
                    flat.paste(upright.convert("RGBA"), mask=upright.convert("RGBA"))
                    upright = flat
                fitted = ImageOps.fit(upright.convert("RGB"), SIZE, Image.Resampling.LANCZOS)
        except (OSError, ValueError, Image.DecompressionBombError):
            return None
        return _jpeg(fitted)

    def blank(self) -> Image.Image:
        """What every drawn picture shares: the background, the accent line at the top
        and the band with the site's name. Drawn once, copied for each picture."""
        if self._blank is None:
            image = Image.new("RGB", SIZE, BACKGROUND)
            draw = ImageDraw.Draw(image)
            draw.rectangle((0, 0, WIDTH, 12), fill=ACCENT)
            band_top = HEIGHT - BAND_HEIGHT
            draw.rectangle((0, band_top, WIDTH, HEIGHT), fill=BAND)
            name_font = self.font(FONT_BOLD, SITE_NAME_SIZE)
            name = wrap(self.site_name, name_font, TEXT_WIDTH, 1)[0]
            middle = band_top + BAND_HEIGHT // 2
            draw.text((MARGIN, middle), name, font=name_font, fill=BACKGROUND, anchor="lm")
            self._blank = image
        return self._blank

    def draw(self, card: ShareCard) -> Image.Image:
        """The drawn picture: kicker, title, details, and the band with the site's name."""
        image = self.blank().copy()
        draw = ImageDraw.Draw(image)

        kicker_font = self.font(FONT_BOLD, KICKER_SIZE)
        detail_font = self.font(FONT_REGULAR, DETAIL_SIZE)
        details = [
            line
            for text in card.details
            if text
            for line in wrap(text, detail_font, TEXT_WIDTH, DETAIL_LINES)
        ]
        kicker_height = round(KICKER_SIZE * 1.6) if card.kicker else 0
        details_height = round(len(details) * DETAIL_SIZE * 1.3) + (24 if details else 0)
        room = BOTTOM - TOP - kicker_height - details_height
        title_font, title_lines, line_height = self._fit_title(card.title, room)

        y = TOP
        if card.kicker:
            kicker = card.kicker.upper()
            kicker = wrap(kicker, kicker_font, TEXT_WIDTH, 1)[0]
            draw.text((MARGIN, y), kicker, font=kicker_font, fill=ACCENT)
            y += kicker_height
        for line in title_lines:
            draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
            y += line_height
        y += 24
        for index, line in enumerate(details):
            colour = TEXT if index == 0 else SOFT
            draw.text((MARGIN, y), line, font=detail_font, fill=colour)
            y += round(DETAIL_SIZE * 1.3)
        return image

    def _fit_title(self, title: str, room: int) -> tuple[FontType, list[str], int]:
        """The largest title size whose lines fit in `room` pixels and three lines."""
        single = " ".join(title.split())
        for size in TITLE_SIZES:
            font = self.font(FONT_BOLD, size)
            line_height = round(size * 1.18)
            # Lines that fit: a title longer than that many full lines (give or take the
            # spaces where lines break, narrower than an em) cannot fit, and is not wrapped.
            room_lines = min(TITLE_LINES, room // line_height)
            if font.getlength(single) > room_lines * (TEXT_WIDTH + size):
                continue
            lines = wrap(title, font, TEXT_WIDTH, TITLE_LINES + 1)
            if len(lines) <= TITLE_LINES and len(lines) * line_height <= room:
                return font, lines, line_height
        size = TITLE_SIZES[-1]
        font = self.font(FONT_BOLD, size)
        line_height = round(size * 1.18)
        fitting = max(1, min(TITLE_LINES, room // line_height))
        return font, wrap(title, font, TEXT_WIDTH, fitting), line_height


def _photo_key(photo: bytes) -> str:
    """The memo's key for the picture cut from a photo: its bytes and the cutting code."""
    digest = hashlib.sha256(b"\0".join((generator_version().encode(), photo)))
    return f"photo\n{digest.hexdigest()}"


def wrap(text: str, font: FontType, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `max_lines`; the last line ends
    with « … » when text was left out. A word wider than a line is cut."""
    single = " ".join(text.split())
    if font.getlength(single) <= width:  # most dates, towns and kickers: one line
        return [single] if single else []
    words = single.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:  # a word longer than a line: cut it
            cut = _longest_prefix(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = _with_ellipsis(kept[-1], font, width)
    return kept


def _longest_prefix(word: str, font: FontType, width: int) -> int:
    """How many letters of `word` fit in `width` (at least one)."""
    cut = 1
    while cut < len(word) and font.getlength(word[: cut + 1]) <= width:
        cut += 1
    return cut


def _with_ellipsis(line: str, font: FontType, width: int) -> str:
    """`line` shortened, at a word when it can, so that « … » fits after it."""
    while line and font.getlength(line + ELLIPSIS) > width:
        line = line[:-1]
    line = line.rstrip(" ,;:–-")
    return line + ELLIPSIS


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _palette() -> Image.Image:
    """The colours a drawn picture can have: each text colour on its background, and
    AA_LEVELS steps between them for the anti-aliased edges of the letters."""
    colours: list[tuple[int, int, int]] = []
    pairs = [(BACKGROUND, TEXT), (BACKGROUND, SOFT), (BACKGROUND, ACCENT), (BAND, BACKGROUND)]
    for back, fore in pairs:
        colours += [_blend(back, fore, step / AA_LEVELS) for step in range(AA_LEVELS + 1)]
    unique = list(dict.fromkeys(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in unique for value in colour])
    return palette


def _png(image: Image.Image) -> bytes:
    """A small PNG: the site's colours as a palette (no dithering), no metadata."""
    paletted = image.quantize(palette=_PALETTE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    # Level 6: the size of level 9 within 15 %, ten times faster for these pictures.
    paletted.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    """A JPEG without metadata (no EXIF, no ICC profile)."""
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


_PALETTE = _palette()
