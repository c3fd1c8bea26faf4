"""Whether the published site is already the one a build would make, so that `build`
can leave it as it is.

A build is a function of its inputs: the content files, the templates and assets, the
configuration, the generator and the libraries it runs on, the day it is built for, the
git history of content/ and the search tool. Every site a build publishes carries, in
its mark file (`output.BUILD_MARK`), a hash of those inputs and what the build counted.
A build whose inputs hash the same has nothing to make: the published files are the
ones it would write, byte for byte (the determinism test holds the build to that).

What is hashed is chosen to err on the side of building: a file touched without being
changed, a new commit or another version of a library all mean a full build.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path

from agenda.cache import generator_version, key_of, tracked_by_git
from agenda.config import SiteConfig
from agenda.history import head_commit
from agenda.model import Event, Partner
from agenda.output import BUILD_MARK
from agenda.safepaths import walk

# The folders whose every file a build reads, besides content/ (examined file by file).
SITE_FOLDERS = ("templates", "assets")


@dataclass(frozen=True)
class PublishedSite:
    """What the mark file of a published site says: the hash of the inputs it was built
    from, and what its build counted (for the summary line when nothing is rebuilt)."""

    inputs: str
    pages: int
    feeds: int
    files: int
    events: int


def site_inputs(
    root: Path,
    config: SiteConfig,
    content: str,
    today: date,
    images: Iterable[str],
    search_tool: Path | None,
) -> str:
    """A hash of everything the site built from `root` for `today` depends on.

    `content`: the hash of every content file as validation read it
    (`CheckResult.inputs`); `images`: the content images the site publishes;
    `search_tool`: the Pagefind binary, None when there is none.
    """
    parts: list[bytes | str] = [
        generator_version(),
        _libraries(),
        repr(config),  # every setting, the base URL and the output folder included
        today.isoformat(),
        content,
        head_commit(root) or "no history",
        _tool_state(search_tool),
    ]
    for folder in SITE_FOLDERS:
        for file in walk(root / folder, root).files:
            parts += [file.relative_to(root).as_posix(), file.read_bytes()]
    # Published as they are: any change of state, even with the same size and date.
    for image in sorted(set(images)):
        parts += [image, _file_state(root / image)]
    return key_of(*parts)


@cache
def _libraries() -> str:
    """Python's version and every installed library's name and version: a new Markdown,
    Jinja or iCalendar release may change the output."""
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    return "\n".join([sys.version, *installed])


def _tool_state(tool: Path | None) -> str:
    return "no search" if tool is None else f"search:{_file_state(tool)}"


def _file_state(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "absent"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def published_images(events: Iterable[Event], partners: Iterable[Partner]) -> list[str]:
    """The images of content/ that the site publishes: events' pictures, partners' logos."""
    return [e.image for e in events if e.image] + [p.logo for p in partners if p.logo]


def output_tracked_by_git(root: Path, target: Path) -> bool:
    """True when git tracks files in the output folder `target`: it should never be
    committed, builds make it, and what it says of itself is then not believed."""
    try:
        inside = target.absolute().relative_to(root.absolute())
    except ValueError:
        return False  # outside the repository: no commit put it there
    return tracked_by_git(root, inside.as_posix() or ".")


def published_site(out_dir: Path) -> PublishedSite | None:
    """What the mark of the site in `out_dir` says; None when there is no site there, or
    a mark without inputs (a site from a build before this was recorded)."""
    try:
        found = json.loads((out_dir / BUILD_MARK).read_text(encoding="utf-8"))
        return PublishedSite(**found)
    except (OSError, ValueError, TypeError):
        return None


def mark_text(site: PublishedSite) -> bytes:
    """The mark file of a site built from these inputs."""
    return json.dumps(asdict(site), sort_keys=True).encode("utf-8") + b"\n"
