"""Share pictures (Open Graph): a 1200×630 image for every event and listing page.

Social networks show the picture named by `og:image` when a page is shared, but only a
raster one (never SVG). So every page that `urls.share_image` names gets one:

- an event with its own photo (JPEG, PNG, WebP): that photo, scaled and cropped to fill
  1200×630 (cover), saved as JPEG (`partage.jpg`);
- any other event: a picture drawn with its title (up to three lines, then « … »), its
  date, its town (or « En ligne ») and the site's name (`partage.png`);
- the home page and the page of a département, venue, partner or theme: its title and
  the site's name (`partage.png`).

This module says which pictures the site has and what each shows (`ShareCard`), and
makes them in batches, from the memo or the build cache when they were made before;
`agenda/share_painter.py` draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from agenda import urls
from agenda.cache import BuildCache
from agenda.catalogue import Catalogue
from agenda.model import Event
from agenda.output import OutputFile
from agenda.share_painter import MEMO, Painter, ShareCard
from agenda.views import status_label, when_text


def event_town(event: Event, catalogue: Catalogue) -> str:
    """« Épinal », « En ligne », or « Épinal et en ligne » for mixed attendance; the towns
    of a touring event, « Mulhouse, Épinal »."""
    venues = [catalogue.venues[v] for v in event.venues if v in catalogue.venues]
    if not venues:
        return "En ligne"
    towns = ", ".join(dict.fromkeys(v.city for v in venues))
    return f"{towns} et en ligne" if event.online else towns


def event_card(event: Event, catalogue: Catalogue) -> ShareCard:
    """The share picture of one event: its photo, or its title, date and town."""
    image = _photo(event)
    kicker = status_label(event)
    if not kicker and event.format:
        kicker = catalogue.config.formats.get(event.format).label
    return ShareCard(
        url=event_picture_url(event),
        title=event.title,
        kicker=kicker,
        details=(when_text(event, catalogue.today), event_town(event, catalogue)),
        photo=image,
    )


def _photo(event: Event) -> str:
    """The event's own picture when it can be a share picture (a photo), else ""."""
    return event.image if event.image.lower().endswith(urls.SHARE_PHOTO_SUFFIXES) else ""


def event_picture_url(event: Event) -> str:
    """The site path of the event's share picture."""
    return urls.share_image(urls.event(event.slug), _photo(event))


def share_cards(catalogue: Catalogue) -> Iterator[ShareCard]:
    """Every share picture of the site, in a stable order."""
    for _, make in share_card_makers(catalogue):
        yield make()


def share_card_makers(catalogue: Catalogue) -> Iterator[tuple[str, Callable[[], ShareCard]]]:
    """Every share picture's site path, in a stable order, with what makes its card: an
    event's card needs its dates in French, made only when `build.py serve` is asked
    for that picture."""
    config = catalogue.config
    region = "Culture scientifique dans le Grand Est"
    # « Les rendez-vous de la culture scientifique … du Grand Est », before the list.
    tagline = config.description.split(" : ")[0]

    def card(
        page: str, title: str, kicker: str = "", details: tuple[str, ...] = ()
    ) -> tuple[str, Callable[[], ShareCard]]:
        url = urls.share_image(page)
        return url, partial(ShareCard, url, title, kicker, details)

    yield card(urls.home(), config.title, details=(tagline,))
    for dep in config.departements:
        details = (f"Culture scientifique {dep.in_phrase}",)
        yield card(urls.departement(dep.slug), dep.name, f"Département ({dep.code})", details)
    for event in catalogue.events.values():
        yield event_picture_url(event), partial(event_card, event, catalogue)
    for venue in catalogue.venues.values():
        yield card(urls.venue(venue.slug), venue.name, "Lieu", (venue.city,))
    for partner in catalogue.partners.values():
        yield card(urls.partner(partner.slug), partner.name, "Partenaire")
    for theme in config.themes.terms:
        yield card(urls.theme(theme.slug), theme.label, "Thématique", (region,))


def share_picture(root: Path, card: ShareCard, title: str, store: BuildCache | None) -> bytes:
    """One share picture (`title`: the site's, drawn on every picture), as
    `share_image_files` makes it: from the memo or the cache when its inputs are unchanged."""
    painter = Painter(root, title, memo=MEMO)
    data = next(_batch(painter, [card], store, 1)).data
    assert data is not None  # pictures are bytes, never copies of a file
    return data


def share_image_files(
    root: Path, catalogue: Catalogue, store: BuildCache | None = None, jobs: int = 1
) -> Iterator[OutputFile]:
    """The share pictures of the site, as files of the output folder.

    A picture made earlier from the same inputs comes from this process's memo or from
    the build cache (`store`); the others are drawn, over `jobs` processes. Cards go by
    batches, so only a batch of pictures is held at a time.
    """
    painter = Painter(root, catalogue.config.title, memo=MEMO)
    cards = list(share_cards(catalogue))
    for start in range(0, len(cards), BATCH):
        yield from _batch(painter, cards[start : start + BATCH], store, jobs)


BATCH = 512


def _batch(
    painter: Painter, cards: list[ShareCard], store: BuildCache | None, jobs: int
) -> Iterator[OutputFile]:
    pictures: list[bytes | None] = []
    missing: list[tuple[int, str, ShareCard, bytes]] = []
    for index, card in enumerate(cards):
        key, photo = painter.inputs(card)
        kept = painter.memo.get(key)
        if kept is None and store is not None:
            kept = store.get(NAMESPACE, key)
        pictures.append(kept)
        if kept is None:
            missing.append((index, key, card, photo))

    new = painter.make_all([(card, photo) for _, _, card, photo in missing], jobs)
    for (index, key, _, _), picture in zip(missing, new, strict=True):
        pictures[index] = picture
        painter.memo.put(key, picture)
        if store is not None:
            store.put(NAMESPACE, key, picture)
    for card, kept_or_new in zip(cards, pictures, strict=True):
        if kept_or_new is not None:
            yield OutputFile(urls.output_file(card.url), kept_or_new)


# The build cache's folder for share pictures.
NAMESPACE = "share-images"
