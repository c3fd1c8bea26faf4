"""When each content file was first published and last changed, read from git.

Calendar stamps (DTSTAMP, LAST-MODIFIED) and the Atom feed use these dates instead
of the build clock, so two builds of the same commit are identical. Outside a git
checkout every file gets the same fixed date.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Used when git cannot tell (no checkout, or a file not yet committed).
FALLBACK_TIME = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FileHistory:
    """The first and the latest commit times of one file."""

    created: datetime
    modified: datetime


FALLBACK = FileHistory(FALLBACK_TIME, FALLBACK_TIME)


@dataclass(frozen=True)
class History:
    """File histories by repository path."""

    files: dict[str, FileHistory]

    def of(self, path: str) -> FileHistory:
        """The history of `path`, or the fixed fallback."""
        return self.files.get(path, FALLBACK)


def read_history(root: Path, folder: str = "content") -> History:
    """One `git log` over `folder`: linear in the history, whatever the number of files."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--format=%x01%ct",
                "--name-only",
                "--no-renames",
                "--",
                folder,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return History({})
    prefix = _repo_prefix(root)
    files: dict[str, FileHistory] = {}
    stamp = FALLBACK_TIME
    for line in result.stdout.splitlines():
        if line.startswith("\x01"):
            stamp = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line:
            path = line.removeprefix(prefix)
            known = files.get(path)
            # git log lists the newest commit first.
            files[path] = FileHistory(stamp, known.modified if known else stamp)
    return History(files)


def _repo_prefix(root: Path) -> str:
    """The path of `root` inside its repository ("" when root is the top)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip()
