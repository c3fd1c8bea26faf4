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
    memo: RenderMemo | None,
    templates: str,
    jobs: int = 1,
    step: Progress | None = None,
) -> Iterator[OutputFile]:
    """Each page as a file, in order: the memo's HTML when the page and the templates
    are unchanged, otherwise rendered over `jobs` processes, written as they come.

    Without a memo (a one-off build) nothing is kept: the pages are only written.
    """
    step = step or Progress.silent()
    keep = memo is not None
    memo = memo if memo is not None else RenderMemo()
    # The site-wide variables, but for the programme links: those are per page.
    fingerprint = key_of(templates, repr(replace(site, programmes={})))
    if memo.fingerprint != fingerprint:
        memo.fingerprint, memo.pages = fingerprint, {}
    earlier, memo.pages = memo.pages, {}
    values = [(page, site.programmes.get(page.url)) for page in pages]
    kept: list[bytes | None] = []
    for page, value in zip(pages, values, strict=True):
        before = earlier.get(page.url)
        kept.append(before[1] if before is not None and before[0] == value else None)
    todo = [index for index, data in enumerate(kept) if data is None]
    step.advance(len(pages) - len(todo))

    def render(index: int) -> bytes:
        return render_page(env, pages[index], site)

    # Only the pages that changed go to the workers; the others keep their HTML.
    made = parallel_iter(render, todo, jobs, done=step.advance)
    memo.rendered = len(todo)
    for page, value, data in zip(pages, values, kept, strict=True):
        if data is None:
            data = next(made)
        if keep:
            memo.pages[page.url] = (value, data)
        yield OutputFile(urls.output_file(page.url), data)
