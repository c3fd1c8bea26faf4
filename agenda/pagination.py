"""Listings cut into pages: page sizes, Pager and its links, paginate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

# Every listing is bounded, so that no page grows with the content (hundreds of events
# at the Fête de la Science): the home page shows the week and the next few events,
# every other listing is cut into pages of PAGE_SIZE, reachable without JavaScript.
PAGE_SIZE = 30
HOME_WEEK_LIMIT = 12  # « Ce week-end », « Cette semaine »: at most this many each
HOME_NEXT_LIMIT = 20  # « Prochainement » on the home page
PAST_LIMIT = 10  # past events shown at the foot of a venue, partner or theme page

T = TypeVar("T")


@dataclass(frozen=True)
class PageLink:
    """One link of a pager: a page number (0 stands for an ellipsis « … »)."""

    number: int
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a page stands in its listing: « Page précédente / suivante », page numbers."""

    number: int
    count: int
    total: int  # items in the whole listing
    first_item: int  # 1-based, for « événements 31 à 60 sur 200 »
    last_item: int
    prev_url: str
    next_url: str
    pages: tuple[PageLink, ...]

    @property
    def title_suffix(self) -> str:
        """« – page 2 sur 5 » for pages after the first, "" on the first."""
        return f" – page {self.number} sur {self.count}" if self.number > 1 else ""


def pager_links(number: int, count: int, url_of: Callable[[int], str]) -> tuple[PageLink, ...]:
    """First, last, and the two pages either side of the current one; gaps as « … »."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    result: list[PageLink] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            result.append(PageLink(0, ""))
        result.append(PageLink(n, url_of(n), n == number))
        previous = n
    return tuple(result)


def paginate(
    items: Sequence[T], url_of: Callable[[int], str], size: int = PAGE_SIZE
) -> list[tuple[Pager, Sequence[T]]]:
    """Cut `items` into pages of `size`; an empty listing still has its first page."""
    count = max(1, -(-len(items) // size))
    result = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * size : number * size]
        first = (number - 1) * size + 1 if chunk else 0
        pager = Pager(
            number=number,
            count=count,
            total=len(items),
            first_item=first,
            last_item=first + len(chunk) - 1 if chunk else 0,
            prev_url=url_of(number - 1) if number > 1 else "",
            next_url=url_of(number + 1) if number < count else "",
            pages=pager_links(number, count, url_of) if count > 1 else (),
        )
        result.append((pager, chunk))
    return result
