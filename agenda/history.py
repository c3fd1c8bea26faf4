"""When each content file was first published and last changed, and how many times an
event's time, place or status changed, read from git.

Calendar stamps (DTSTAMP, LAST-MODIFIED, SEQUENCE) and the Atom feed use these
instead of the build clock, so two builds of the same commit are identical. Outside
a git checkout every file gets the same fixed date and SEQUENCE 0.

Cost: one `git log` and one `git cat-file --batch` over the history of content/:
linear in the number of file versions, whatever the number of events.
"""

from __future__ import annotations

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
    log = _git(root, "log", "--format=%x01%H %ct", "--name-only", "--no-renames", "--", folder)
    if log is None:
        return History({})
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    versions: dict[str, list[tuple[str, datetime]]] = {}  # path → [(commit, time)], newest first
    commit, stamp = "", FALLBACK_TIME
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, seconds = line[1:].split()
            stamp = datetime.fromtimestamp(int(seconds), tz=UTC)
        elif line:
            versions.setdefault(line, []).append((commit, stamp))
    sequences = _sequences(root, prefix, versions)
    files = {}
    for repo_path, seen in versions.items():
        path = repo_path.removeprefix(prefix)
        files[path] = FileHistory(
            created=seen[-1][1], modified=seen[0][1], sequence=sequences.get(repo_path, 0)
        )
    return History(files)


def _sequences(
    root: Path, prefix: str, versions: dict[str, list[tuple[str, datetime]]]
) -> dict[str, int]:
    """For each event file, how many times its schedule fields changed, oldest first."""
    events = {path: seen for path, seen in versions.items() if path.endswith(".md")}
    requests = [f"{commit}:{path}" for path, seen in events.items() for commit, _ in seen]
    if not requests:
        return {}
    contents = _cat_files(root, requests)
    sequences: dict[str, int] = {}
    for path, seen in events.items():
        texts = [contents.get(f"{commit}:{path}") for commit, _ in reversed(seen)]
        # The working tree counts too, so a local build of an edit already shows it.
        current = root / path.removeprefix(prefix)
        if current.is_file() and not current.is_symlink():  # links are refused by check
            texts.append(current.read_text(encoding="utf-8", errors="replace"))
        prints = [schedule_fingerprint(t) for t in texts if t is not None]
        sequences[path] = sum(1 for a, b in itertools.pairwise(prints) if a != b)
    return sequences


def _cat_files(root: Path, requests: list[str]) -> dict[str, str]:
    """Blob texts for `commit:path` requests through one `git cat-file --batch`."""
    try:
        output = run_git(root, "cat-file", "--batch", stdin=("\n".join(requests) + "\n").encode())
    except GitError:
        return {}
    contents: dict[str, str] = {}
    position = 0
    for request in requests:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].decode()
        position = header_end + 1
        if header.endswith("missing"):
            continue  # the commit deleted the file
        size = int(header.rsplit(" ", 1)[1])
        contents[request] = output[position : position + size].decode("utf-8", errors="replace")
        position += size + 1
    return contents
