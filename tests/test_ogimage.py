"""Share pictures (Open Graph) on the site: their addresses, which pages have one, what
an event's says, their meta tags, identical bytes from one build to the next."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from agenda import ogimage, share_painter, urls
from agenda.catalogue import build_catalogue
from agenda.ogimage import share_cards
from agenda.pipeline import build_site, check_site


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# The URLs: a promise, documented in the README.


@pytest.mark.parametrize(
    ("page", "image", "expected"),
    [
        ("/", "", "/partage.png"),
        ("/evenements/atelier-robots/", "", "/evenements/atelier-robots/partage.png"),
        ("/evenements/x/", "assets/images/robot.svg", "/evenements/x/partage.png"),
        ("/evenements/x/", "content/events/photo.JPG", "/evenements/x/partage.jpg"),
        ("/evenements/x/", "assets/images/photo.webp", "/evenements/x/partage.jpg"),
        ("/departements/vosges/", "", "/departements/vosges/partage.png"),
        ("/lieux/planetarium-epinal/", "", "/lieux/planetarium-epinal/partage.png"),
        ("/partenaires/nef/", "", "/partenaires/nef/partage.png"),
        ("/thematiques/astronomie-espace/", "", "/thematiques/astronomie-espace/partage.png"),
        ("/archives/", "", ""),
        ("/departements/", "", ""),
        ("/recherche/", "", ""),
        ("/404.html", "", ""),
    ],
)
def test_share_image_urls(page, image, expected):
    assert urls.share_image(page, image) == expected


def test_an_event_photo_becomes_its_share_picture(site, tmp_path):
    photo = Image.new("RGB", (900, 1200), (30, 120, 200))  # portrait: cropped top and bottom
    (site.root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    photo.save(site.root / "assets" / "images" / "atelier.jpg", quality=90)
    site.partner("nef", 'name: "La Nef des sciences"\n')
    site.venue("mediatheque-epinal")
    site.event(
        "atelier-photo",
        """
        title: "Atelier photo"
        venue: mediatheque-epinal
        organizer: nef
        start: "2027-03-13 14:00"
        image: assets/images/atelier.jpg
        image_alt: "Des enfants photographient un robot"
        """,
    )
    out = site.root / "_site"
    build_site(site.root, date(2027, 1, 1), out, "https://agenda.example.org")
    image = Image.open(out / "evenements" / "atelier-photo" / "partage.jpg")
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert "exif" not in image.info and "icc_profile" not in image.info
    html = (out / "evenements" / "atelier-photo" / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta property="og:image" '
        'content="https://agenda.example.org/evenements/atelier-photo/partage.jpg">' in html
    )
    assert '<meta property="og:image:type" content="image/jpeg">' in html
    assert '<meta property="og:image:alt" content="Des enfants photographient un robot">' in html
    assert not (out / "evenements" / "atelier-photo" / "partage.png").exists()


# The built fixture site.


def _meta(html: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return dict(found)


def _shared_pages(out: Path) -> list[str]:
    pages = ["/"]
    for folder in ("evenements", "departements", "lieux", "partenaires", "thematiques"):
        pages += [f"/{folder}/{d.name}/" for d in sorted((out / folder).iterdir()) if d.is_dir()]
    return pages


def test_every_event_and_listing_page_has_a_share_picture(built_site):
    pages = _shared_pages(built_site.out)
    kinds = {page.split("/")[1] for page in pages}
    assert kinds == {"", "evenements", "departements", "lieux", "partenaires", "thematiques"}
    assert sum(p.startswith("/departements/") for p in pages) == 10
    for page in pages:
        meta = _meta(built_site.read(page))
        image_url = meta["og:image"]
        assert image_url.startswith("https://agenda.example.org/"), page
        assert image_url.endswith(("/partage.png", "/partage.jpg")), page
        assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630", page
        assert meta["og:image:alt"], page
        assert meta["twitter:card"] == "summary_large_image", page
        file = built_site.out / image_url.removeprefix("https://agenda.example.org/")
        with Image.open(file) as image:
            assert image.size == (1200, 630), page
            assert image.format in ("PNG", "JPEG"), page
            assert meta["og:image:type"] == f"image/{image.format.lower()}", page


def test_pages_without_a_picture_keep_the_small_card(built_site):
    for page in ("/archives/", "/404.html"):
        meta = _meta(built_site.read(page))
        assert "og:image" not in meta
        assert meta["twitter:card"] == "summary"


def test_event_picture_shows_its_date_and_town(built_site):
    checked = check_site(built_site.root)
    assert checked.content is not None
    catalogue = build_catalogue(checked.content, checked.config, date(2026, 11, 25))
    cards = {card.url: card for card in share_cards(catalogue)}
    online = cards["/evenements/webinaire-en-ligne/partage.png"]
    assert online.details[-1] == "En ligne"
    mixed = cards["/evenements/cafe-mixte/partage.png"]
    assert mixed.details[-1].endswith(" et en ligne")
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) ", online.details[0])
    meta = _meta(built_site.read("/evenements/webinaire-en-ligne/"))
    assert meta["og:image:alt"].startswith(online.title)
    assert meta["og:image:alt"].endswith("En ligne")
    assert cards["/departements/vosges/partage.png"].title == "Vosges"


def test_two_builds_give_identical_pictures(built_site, tmp_path, monkeypatch):
    monkeypatch.setattr(ogimage, "MEMO", share_painter.Memo())  # draw them all again
    again = tmp_path / "_site"
    build_site(built_site.root, date(2026, 11, 25), again, "https://agenda.example.org")
    pictures = sorted(p.relative_to(built_site.out) for p in built_site.out.rglob("partage.*"))
    assert pictures
    for relative in pictures:
        assert (again / relative).read_bytes() == (built_site.out / relative).read_bytes()
