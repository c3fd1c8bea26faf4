"""The HTML pages rendered, and what `build.py serve` keeps of them between rebuilds
(RenderMemo): a page whose value did not change is not rendered again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from agenda import urls
from agenda.cache import key_of
from agenda.output import OutputFile
from agenda.page import Page
from agenda.parallel import parallel_iter
from agenda.progress import Progress
from agenda.render import SiteView, render_page


@dataclass
class RenderMemo:
    """The pages a process rendered last, by URL, with what they were made from (their
    Page value: template, context, title). `build.py serve` keeps one between rebuilds:
    a page whose value is equal to the last one is not rendered again."""

    fingerprint: str = ""  # templates and site-wide variables the pages were rendered with
    pages: dict[str, tuple[tuple[Page, object], bytes]] = field(default_factory=dict)
    rendered: int = 0  # pages rendered by the last build (the others were reused)


def template_fingerprint(root: Path) -> str:
    """A hash of every template file and of the state of every asset (pages link to
    assets with a hash of their bytes): any edit of one renders every page again."""
    parts: list[bytes | str] = []
    for file in sorted((root / "templates").rglob("*")):
        if file.is_file() and not file.is_symlink():
            parts += [file.relative_to(root).as_posix(), file.read_bytes()]
    for file in sorted((root / "assets").rglob("*")):
        if file.is_file() and not file.is_symlink():
            stat = file.stat()
            parts += [file.relative_to(root).as_posix(), f"{stat.st_size}:{stat.st_mtime_ns}"]
    return key_of(*parts)


def rendered_pages(
    pages: list[Page],
    env: jinja2.Environment,
    site: SiteView,
    memo: RenderMemo,
    templates: str,
    jobs: int = 1,
    step: Progress | None = None,
) -> Iterator[OutputFile]:
    """Each page as a file, in order: the memo's HTML when the page and the templates
    are unchanged, otherwise rendered over `jobs` processes, written as they come."""
    step = step or Progress.silent()
    # The site-wide variables, but for the programme links: those are per page.
    fingerprint = key_of(templates, repr(replace(site, programmes={})))
    if memo.fingerprint != fingerprint:
        memo.fingerprint, memo.pages = fingerprint, {}
    earlier, memo.pages = memo.pages, {}
    values = [(page, site.programmes.get(page.url)) for page in pages]

    def html(index: int) -> tuple[bytes, bool]:
        kept = earlier.get(pages[index].url)
        if kept is not None and kept[0] == values[index]:
            return kept[1], False
        return render_page(env, pages[index], site), True

    # Comparing is cheap next to rendering: the workers do both, in order.
    found = parallel_iter(html, range(len(pages)), jobs, done=step.advance)
    memo.rendered = 0
    for page, value, (data, rendered) in zip(pages, values, found, strict=True):
        memo.rendered += rendered
        memo.pages[page.url] = (value, data)
        yield OutputFile(urls.output_file(page.url), data)
