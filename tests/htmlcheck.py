"""Small HTML readers for the tests, on the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser


class LinkCollector(HTMLParser):
    """Collects href/src values, and the event links found inside <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.main_links: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_main = 0
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self.headings: list[int] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "main":
            self._in_main += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self._script = values
            self._script_text = []
        for name in ("href", "src"):
            value = values.get(name)
            if value is not None:
                self.links.append(value)
                if self._in_main and name == "href":
                    self.main_links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)


def read_html(text: str) -> LinkCollector:
    """Parse a page and return what the collector found."""
    collector = LinkCollector()
    collector.feed(text)
    collector.close()
    return collector


def event_slugs_in_main(text: str, base_path: str = "") -> list[str]:
    """Slugs of the event pages linked from <main>, in order, without repeats."""
    prefix = f"{base_path}/evenements/"
    slugs: list[str] = []
    for link in read_html(text).main_links:
        if link.startswith(prefix) and link.endswith("/"):
            slug = link[len(prefix) : -1]
            if "/" not in slug and slug not in slugs:
                slugs.append(slug)
    return slugs
