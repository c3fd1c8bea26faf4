"""When each content file was first published and last changed, and how many times an
event's time, place or status changed, read from git.

Calendar stamps (DTSTAMP, LAST-MODIFIED, SEQUENCE) and the Atom feed use these
instead of the build clock, so two builds of the same commit are identical. Outside
a git checkout every file gets the same fixed date and SEQUENCE 0.

Cost: one `git log` and one `git cat-file --batch` over the history of content/:
linear in the number of file versions, whatever the number of events.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from agenda.errors import Problem
from agenda.git import GitError, git_text, run_git
from agenda.sources import Value, parse_yaml_mapping, plain, split_front_matter

# Used when git cannot tell (no checkout, or a file not yet committed).
FALLBACK_TIME = datetime(2025, 1, 1, tzinfo=UTC)

# A change in any of these fields is a change calendars must notice (RFC 5545 §3.8.7.4:
# SEQUENCE grows when the start, end, recurrence or status of an event changes).
SCHEDULE_FIELDS = (
    "start",
    "end",
    "sessions",
    "opening_hours",
    "closed",
    "venue",
    "online",
    "status",
    "previous_start",
)


@dataclass(frozen=True)
class FileHistory:
    """The first and latest commit times of one file, and its schedule revisions."""

    created: datetime
    modified: datetime
    sequence: int = 0


FALLBACK = FileHistory(FALLBACK_TIME, FALLBACK_TIME)


@dataclass(frozen=True)
class History:
    """File histories by repository path."""

    files: dict[str, FileHistory]

    def of(self, path: str) -> FileHistory:
        """The history of `path`, or the fixed fallback."""
        return self.files.get(path, FALLBACK)


def schedule_fingerprint(text: str) -> str:
    """The time, place and status fields of an event file, as a comparable string."""
    problems: list[Problem] = []
    parts = split_front_matter(text, "", problems)
    if parts is None:
        return ""
    fields = parse_yaml_mapping(parts[0], "", problems) or {}
    values: dict[str, object] = {}
    for name in SCHEDULE_FIELDS:
        if name in fields:
            value: Value = fields[name].value
            values[name] = plain(value)
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def _git(root: Path, *args: str) -> str | None:
    """git's answer, or None outside a checkout: the fixed fallback then applies."""
    try:
        return git_text(root, *args)
    except GitError:
        return None


def head_commit(root: Path) -> str | None:
    """The commit checked out in the repository holding `root` (None outside one): the
    history only changes with it, whatever the files of the working copy say."""
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return head.strip() if head else None


def read_history(root: Path, folder: str = "content") -> History:
    """Read the history of every file under `folder` of the repository holding `root`."""
    log = _git(
        root, "log", "--format=%x01%H %ct", "--raw", "--no-abbrev", "--no-renames", "--", folder
    )
    if log is None:
        return History({})
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    versions: dict[str, list[Version]] = {}  # by repository path, newest first
    stamp = FALLBACK_TIME
    for line in log.splitlines():
        if line.startswith("\x01"):
            stamp = datetime.fromtimestamp(int(line[1:].split()[1]), tz=UTC)
        elif line.startswith(":"):
            # « :100644 100644 <old blob> <new blob> M<tab>path »; a deletion's new blob
            # is all zeros.
            change, path = line.split("\t", 1)
            blob = change.split()[3]
            versions.setdefault(path, []).append(Version(stamp, blob.strip("0") and blob))
    sequences = _sequences(root, prefix, versions)
    files = {}
    for repo_path, seen in versions.items():
        path = repo_path.removeprefix(prefix)
        files[path] = FileHistory(
            created=seen[-1].time, modified=seen[0].time, sequence=sequences.get(repo_path, 0)
        )
    return History(files)


@dataclass(frozen=True)
class Version:
    """One commit of a file: when, and its bytes' git object id ("" when deleted)."""

    time: datetime
    blob: str


def _sequences(root: Path, prefix: str, versions: dict[str, list[Version]]) -> dict[str, int]:
    """For each event file, how many times its schedule fields changed, oldest first.

    Versions are told apart by their git object ids: a file whose committed versions and
    working copy are all the same bytes (most files, most of the time) changed nothing,
    and is not read at all. Only the versions of the other files are parsed."""
    chains: dict[str, list[str]] = {}  # path → distinct consecutive versions, oldest first
    working: dict[str, bytes] = {}  # object id → bytes, for the working copies in a chain
    for path, seen in versions.items():
        if not path.endswith(".md"):
            continue
        blobs = [version.blob for version in reversed(seen) if version.blob]
        # The working tree counts too, so a local build of an edit already shows it.
        current = root / path.removeprefix(prefix)
        data = None
        if blobs and current.is_file() and not current.is_symlink():  # check refuses links
            data = current.read_bytes()
            blobs.append(_object_id(data, len(blobs[-1])))
        chain = [blob for blob, before in zip(blobs, ["", *blobs], strict=False) if blob != before]
        if len(chain) > 1:
            chains[path] = chain
            if data is not None:
                working[chain[-1]] = data
    wanted = {blob for chain in chains.values() for blob in chain} - working.keys()
    texts = {**_cat_blobs(root, sorted(wanted)), **working}
    prints = {blob: schedule_fingerprint(_text(data)) for blob, data in texts.items()}
    sequences: dict[str, int] = {}
    for path, chain in chains.items():
        known = [prints[blob] for blob in chain if blob in prints]
        sequences[path] = sum(1 for a, b in itertools.pairwise(known) if a != b)
    return sequences


def _object_id(data: bytes, length: int) -> str:
    """The id git gives a file of these bytes (SHA-1, or SHA-256 in a repository whose
    ids are `length` = 64 characters long)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _cat_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of each git object in `blobs`, through one `git cat-file --batch`."""
    if not blobs:
        return {}
    try:
        output = run_git(root, "cat-file", "--batch", stdin=("\n".join(blobs) + "\n").encode())
    except GitError:
        return {}
    contents: dict[str, bytes] = {}
    position = 0
    for blob in blobs:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].decode()
        position = header_end + 1
        if header.endswith("missing"):
            continue  # a shallow clone may lack old objects
        size = int(header.rsplit(" ", 1)[1])
        contents[blob] = output[position : position + size]
        position += size + 1
    return contents
