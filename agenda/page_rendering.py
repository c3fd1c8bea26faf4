"""The HTML pages of a build, rendered over the cores, and the fingerprint of what
every page is rendered with (templates, assets), which `build.py serve` compares to
know when to render its pages again (agenda/live_site.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2

from agenda import urls
from agenda.cache import key_of
from agenda.output import OutputFile
from agenda.page import Page
from agenda.parallel import parallel_iter
from agenda.progress import Progress
from agenda.render import SiteView, render_page


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
    jobs: int = 1,
    step: Progress | None = None,
) -> Iterator[OutputFile]:
    """Each page as a file, in order, rendered over `jobs` processes, written as they
    come."""
    step = step or Progress.silent()

    def render(index: int) -> bytes:
        return render_page(env, pages[index], site)

    made = parallel_iter(render, list(range(len(pages))), jobs, done=step.advance)
    for page, data in zip(pages, made, strict=True):
        yield OutputFile(urls.output_file(page.url), data)
