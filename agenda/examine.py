"""Each content file read and validated on its own, as a value (FileOutcome) that the
build cache keeps: a file whose bytes, configuration and generator did not change is not
parsed, validated or turned into HTML again.

What one file cannot know — two files with the same name, references to venues and
partners — is checked afterwards on every build, across all outcomes (`validate.py`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from stat import S_ISREG

from agenda.cache import BuildCache, generator_version, key_maker, key_of
from agenda.config import SiteConfig
from agenda.errors import Problem
from agenda.model import Partner, Venue
from agenda.parallel import parallel_map
from agenda.safepaths import linked_part
from agenda.sources import RawRecord, read_record
from agenda.validate import check_slug, validate_partner
from agenda.validate_event import EventDraft, validate_event
from agenda.validate_venue import validate_venue
from agenda.yamlnodes import Scalar

NAMESPACE = "records"
# Fields whose validation looks at another file (an image: is it there, how big).
IMAGE_FIELDS = ("image", "logo")

Validated = Partner | Venue | EventDraft


@dataclass(frozen=True)
class FileOutcome:
    """One content file, read and validated: its record (None if unreadable) and problems."""

    kind: str  # "event", "venue" or "partner"
    slug: str
    path: str
    value: Validated | None
    problems: tuple[Problem, ...]
    # The images the record names, each with the state it had when validated: the
    # outcome is only reused while every one is unchanged.
    images: tuple[tuple[str, str], ...] = ()


def examine_file(kind: str, file: Path, root: Path, config: SiteConfig) -> FileOutcome:
    """Read and validate one content file."""
    problems: list[Problem] = []
    path = file.relative_to(root).as_posix()
    record = read_record(kind, file, root, problems, max_bytes=config.content_max_bytes)
    if record is None:
        return FileOutcome(kind, file.stem, path, None, tuple(problems))
    check_slug(record, problems)
    value = _validate(record, config, root, problems)
    images = tuple((name, image_state(root, name)) for name in _image_paths(record))
    return FileOutcome(kind, record.slug, path, value, tuple(problems), images)


def _validate(
    record: RawRecord, config: SiteConfig, root: Path, problems: list[Problem]
) -> Validated:
    if record.kind == "partner":
        return validate_partner(record, config, root, problems)
    if record.kind == "venue":
        return validate_venue(record, config, problems)
    return validate_event(record, config, root, problems)


def _image_paths(record: RawRecord) -> list[str]:
    found = []
    for name in IMAGE_FIELDS:
        field = record.fields.get(name)
        if field is not None and isinstance(field.value, Scalar) and field.value.text:
            found.append(field.value.text.lstrip("/"))
    return found


def image_state(root: Path, relative: str) -> str:
    """What validation learns of an image file: a link on its way, its size, its date."""
    if ".." in Path(relative).parts:
        return "refused"
    linked = linked_part(root, relative)
    if linked is not None:
        return f"link:{linked}"
    try:
        stat = (root / relative).stat()
    except OSError:
        return "absent"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def examine_all(
    files: list[tuple[str, Path]],
    root: Path,
    config: SiteConfig,
    store: BuildCache,
    jobs: int = 0,
) -> list[FileOutcome]:
    """Every file's outcome, in the order given: from the cache when its inputs are
    unchanged, otherwise examined (in parallel) and kept for the next build."""
    relative = [(kind, file.relative_to(root).as_posix()) for kind, file in files]
    return examine_paths(relative, root, config, store, jobs)


@dataclass(frozen=True)
class Examined:
    """Every file's outcome, and a hash of what was read: each file's path and bytes
    (with the settings and the generator's version), and the state of its images."""

    outcomes: list[FileOutcome]
    inputs: str


def examine_paths(
    files: Sequence[tuple[str, str]],
    root: Path,
    config: SiteConfig,
    store: BuildCache,
    jobs: int = 0,
) -> list[FileOutcome]:
    """`examine_all` for paths given as text from `root` (« content/events/a.md »), as
    `sources.content_tree` lists them: no `Path` is made for a file the cache answers."""
    return examine_content(files, root, config, store, jobs).outcomes


def examine_content(
    files: Sequence[tuple[str, str]],
    root: Path,
    config: SiteConfig,
    store: BuildCache,
    jobs: int = 0,
) -> Examined:
    """`examine_paths`, with the hash of what was read."""
    # The configuration as a value (its repr holds every setting), but for the base URL,
    # which validation never reads: `serve` on another port, or `build --base-url`,
    # finds the records `build` kept.
    settings = repr(replace(config, base_url=""))
    salted = key_maker(generator_version(), settings)
    top = str(root)
    if store.keep_in_memory:
        seen = store.addresses.setdefault(settings, {})
        keys = [
            _known_key(seen, salted, kind, rel, top, config.content_max_bytes)
            for kind, rel in files
        ]
    else:
        keys = [_key(salted, kind, rel, top, config.content_max_bytes) for kind, rel in files]
    kept = iter(store.get_many(NAMESPACE, [key for key in keys if key]))
    # Events share a few pictures: each one's state is asked once per run.
    state = functools.cache(functools.partial(image_state, root))
    outcomes: list[FileOutcome | None] = []
    missing: list[tuple[int, str, str, str]] = []
    for index, ((kind, relative), key) in enumerate(zip(files, keys, strict=True)):
        found = next(kept) if key else None
        if isinstance(found, FileOutcome) and all(
            state(name) == known for name, known in found.images
        ):
            outcomes.append(found)
        else:
            outcomes.append(None)
            missing.append((index, key, kind, relative))

    def examine(job: tuple[int, str, str, str]) -> FileOutcome:
        return examine_file(job[2], root / job[3], root, config)

    for (index, _, _, _), outcome in zip(
        missing, parallel_map(examine, missing, jobs), strict=True
    ):
        outcomes[index] = outcome
    done = [outcome for outcome in outcomes if outcome is not None]
    store.keep_together(
        NAMESPACE,
        {key: o for key, o in zip(keys, outcomes, strict=True) if key},
        fresh=[key for _, key, _, _ in missing if key],
    )
    # A file without a key (unreadable, too big) is named by its path: it is an error.
    read = [key or f"unread:{relative}" for (_, relative), key in zip(files, keys, strict=True)]
    images = [f"{name}={known}" for outcome in done for name, known in outcome.images]
    return Examined(done, key_of(*read, *images))


def _key(salted: Callable[..., str], kind: str, relative: str, root: str, max_bytes: int) -> str:
    """The file's cache address, or "" when it is not a plain file of a readable size:
    examining it says why, and such a file is never kept."""
    # One open per file (O_NOFOLLOW: a link is refused; O_NONBLOCK: a named pipe does
    # not block), then its own size and type from the open file.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(f"{root}/{relative}", flags)
    except OSError:
        return ""
    try:
        info = os.fstat(descriptor)
        if not S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return ""
        data = _read_up_to(descriptor, info.st_size, max_bytes)
    except OSError:
        return ""
    finally:
        os.close(descriptor)
    return salted(kind, relative, data) if data is not None else ""


def _known_key(
    seen: dict[str, tuple[tuple[int, ...], str]],
    salted: Callable[..., str],
    kind: str,
    relative: str,
    root: str,
    max_bytes: int,
) -> str:
    """`_key`, without reading a file whose state is the one it had when last read.

    For `serve` only, which keeps `seen` in memory between updates: an edit changes a
    file's modification and change times (the change time even when a tool puts the
    modification time back). `build` and `check` always read and hash every file."""
    try:
        info = os.lstat(f"{root}/{relative}")
    except OSError:
        return ""
    state = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_mode)
    known = seen.get(relative)
    if known is not None and known[0] == state:
        return known[1]
    key = _key(salted, kind, relative, root, max_bytes)
    seen[relative] = (state, key)
    return key


def _read_up_to(descriptor: int, size: int, max_bytes: int) -> bytes | None:
    """The whole file (`size` bytes when measured), or None if it has grown too big."""
    chunks: list[bytes] = []
    total = 0
    # Ask for one byte more than measured: a file that grew is then read to its end.
    while chunk := os.read(descriptor, size + 1 - total if total <= size else 65_536):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return None
    return b"".join(chunks)
