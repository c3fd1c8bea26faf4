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

`walk` never follows a link (`os.walk(followlinks=False)`, `os.lstat`), where
`Path.glob("**/*")` and `rglob` would descend into a linked folder. Files that are not
plain files (a named pipe would block the build) are refused the same way.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from agenda.errors import Problem

LINK_HINT = "Remplacez-le par le fichier lui-même (une copie dans le dépôt, pas un lien)."


@dataclass(frozen=True)
class Tree:
    """The plain files found under a folder, sorted, and the problems met on the way."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def walk(folder: Path, root: Path) -> Tree:
    """Every plain file under `folder` (inside `root`), never following a symbolic link.

    Each link met, to a file or a folder, and the folder itself if it or a folder above
    it (up to `root`) is a link, becomes an error and is left out.
    """
    linked = linked_part(root, folder.relative_to(root).as_posix())
    if linked is not None:
        return Tree([], [link_problem(linked, folder=True)])
    if not folder.is_dir():
        return Tree()
    files: list[Path] = []
    problems: list[Problem] = []
    for current, folders, names in os.walk(folder, followlinks=False):
        here = Path(current)
        for name in list(folders):
            if (here / name).is_symlink():
                folders.remove(name)  # never descend: os.walk would not, but be explicit
                problems.append(link_problem(_relative(here / name, root), folder=True))
        for name in names:
            path = here / name
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                problems.append(link_problem(_relative(path, root), folder=False))
            elif not stat.S_ISREG(mode):
                problems.append(
                    Problem(
                        _relative(path, root),
                        0,
                        "",
                        "ce n'est pas un fichier ordinaire : il n'est ni lu ni publié.",
                        "Retirez-le du dépôt.",
                    )
                )
            else:
                files.append(path)
    return Tree(sorted(files), sorted(problems))


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
