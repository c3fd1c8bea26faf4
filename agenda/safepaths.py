"""List the files of content/ and assets/ without ever leaving the repository.

Policy: every symbolic link under content/ or assets/ is refused with an error, wherever
it points; the link is neither read nor published. We refuse them all rather than follow
those that stay inside the repository because:

- a partner never needs one: git stores a link as a small file naming its target, so a
  pull request that adds one is a mistake, or an attempt to make the build read and
  publish a file of the machine that builds (``/etc/passwd``, ``/proc/self/environ``, a
  folder of secrets);
- "inside" depends on resolving the link at check time and trusting that nothing changed
  by the time it is copied, and the same record would exist under two names;
- one rule, one message, easy to explain: « remplacez-le par le fichier lui-même ».

`walk` never follows a link (`os.scandir` entries, whose type is that of the entry
itself), where `Path.glob("**/*")` and `rglob` would descend into a linked folder.
Files that are not plain files (a named pipe would block the build) are refused the
same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from agenda.errors import Problem

LINK_HINT = "Remplacez-le par le fichier lui-même (une copie dans le dépôt, pas un lien)."


@dataclass(frozen=True)
class Tree:
    """The plain files found under a folder, sorted, and the problems met on the way."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Listing:
    """The plain files under a folder as paths from the root (« content/events/a.md »),
    in the order of `Tree`, and the problems met on the way."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def walk(folder: Path, root: Path) -> Tree:
    """Every plain file under `folder` (inside `root`), never following a symbolic link.

    Each link met, to a file or a folder, and the folder itself if it or a folder above
    it (up to `root`) is a link, becomes an error and is left out.
    """
    listing = list_files(root, folder.relative_to(root).as_posix())
    return Tree([root / relative for relative in listing.files], listing.problems)


def list_files(root: Path, folder: str) -> Listing:
    """`walk` with paths as text relative to `root`: what content/ with its tens of
    thousands of files needs, where a `Path` per file costs more than reading the folder.

    `os.scandir` tells a link, a folder and a plain file apart from the folder listing
    itself, without a system call per file; only a link costs one more (to say whether
    it names a folder). The order is `sorted()` of the same paths as `Path` objects (by
    their parts): each folder's entries sorted by name, a folder's files at its place.
    """
    linked = linked_part(root, folder)
    if linked is not None:
        return Listing([], [link_problem(linked, folder=True)])
    top = root / folder
    if not top.is_dir():
        return Listing()
    prefix = "" if folder in ("", ".") else f"{folder}/"
    files: list[str] = []
    problems: list[Problem] = []
    # A stack rather than recursion: a hostile pull request may nest folders deeply.
    pending = _entries(top, prefix)
    while pending:
        relative, entry = pending.pop()
        if entry.is_symlink():
            problems.append(link_problem(relative, folder=_names_a_folder(entry)))
        elif entry.is_dir(follow_symlinks=False):
            pending += _entries(entry.path, f"{relative}/")
        elif entry.is_file(follow_symlinks=False):
            files.append(relative)
        else:  # a named pipe would block the build; a device or socket is no content
            problems.append(
                Problem(
                    relative,
                    0,
                    "",
                    "ce n'est pas un fichier ordinaire : il n'est ni lu ni publié.",
                    "Retirez-le du dépôt.",
                )
            )
    return Listing(files, sorted(problems))


def _entries(folder: str | Path, prefix: str) -> list[tuple[str, os.DirEntry[str]]]:
    """A folder's entries with their paths from the root, last name first (for a stack).

    A folder that cannot be read is skipped, as `os.walk` does.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=_name, reverse=True)
    except OSError:
        return []
    return [(prefix + entry.name, entry) for entry in entries]


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _names_a_folder(link: os.DirEntry[str]) -> bool:
    try:
        return link.is_dir()  # follows the link, only to word the error
    except OSError:
        return False


def linked_part(root: Path, relative: str) -> str | None:
    """The first folder or file of `relative` (from `root`) that is a symbolic link, if any."""
    current = root
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return _relative(current, root)
    return None


def asset_problems(root: Path) -> list[Problem]:
    """Links and odd files in assets/: an error each, so `check` fails before `build`."""
    return walk(root / "assets", root).problems


def link_problem(path: str, *, folder: bool = False) -> Problem:
    """The error for a symbolic link found at `path` (relative to the repository root)."""
    if folder:
        return Problem(
            path,
            0,
            "",
            "ce dossier est un lien symbolique : rien de ce qu'il contient n'est lu ni publié.",
            "Remplacez-le par un vrai dossier contenant les fichiers eux-mêmes.",
        )
    return Problem(
        path,
        0,
        "",
        "ce fichier est un lien symbolique : il n'est ni lu ni publié.",
        LINK_HINT,
    )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
