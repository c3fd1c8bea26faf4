"""The one writer of the output folder: everything goes into a temporary folder beside
it, which replaces the published folder only once the whole site is written.

A failed build therefore leaves the previous site exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from stat import S_ISREG


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: bytes to write, or a source file to copy."""

    path: str  # relative to the output folder, with forward slashes
    data: bytes | None = None
    source: Path | None = None


@dataclass(frozen=True)
class Milestone:
    """A point in the stream of files: once every file before it is written,
    `reached(staging, pages_digest)` runs (the search index starts on the pages)."""

    reached: Callable[[Path, str], None]


class OutputError(Exception):
    """A file would land outside the output folder, or twice at the same place, or the
    output folder is not one this generator made."""


# Written into every site this generator builds. The swap replaces an existing folder only
# when it carries this mark (or `.nojekyll`, which every earlier build wrote): a mistyped
# `output_dir` or `--output` (`/tmp`, the home folder, the repository) is refused instead
# of being moved aside and deleted.
BUILD_MARK = ".agenda-csti-site"
_EARLIER_MARKS = (BUILD_MARK, ".nojekyll")


def safe_target(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing absolute paths and any way out of `folder`."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or not pure.parts or ".." in pure.parts:
        raise OutputError(f"chemin de sortie refusé : {relative!r}")
    return folder.joinpath(*pure.parts)


@dataclass(frozen=True)
class Written:
    """What `write_site` did."""

    files: int  # files of the new site
    unchanged: int  # of which linked from the previous site, their bytes being the same
    # A hash of every HTML page's path and bytes: the search index is made from them.
    pages_digest: str = ""


def write_site(
    files: Iterable[OutputFile | Milestone],
    out_dir: Path,
    finish: Callable[[Path, Written], None] | None = None,
    mark: Callable[[Written], bytes] | None = None,
    abandon: Callable[[], None] | None = None,
) -> Written:
    """Write every file into a fresh folder, then swap it in place of `out_dir`.

    A file whose bytes are those of the previous site is not written again: the new
    folder links to the previous file (same inode, same date), so a warm build writes
    only what changed, and a deployment that compares dates sends only that.
    `finish`, when given, runs on the complete staging folder just before the swap (the
    search index reads the written pages); if it raises, nothing is published.
    `mark`, when given, makes what the site's mark file (`BUILD_MARK`) holds.
    `abandon`, when given, runs if the build fails, before the staging folder is
    deleted: it stops what still writes into it (Pagefind, started at a `Milestone`).
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_retired_sites(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _refuse_foreign_folder(out_dir)
        previous = out_dir if out_dir.is_dir() else None
        written = _write_all(files, staging, previous)
        (staging / BUILD_MARK).write_bytes(mark(written) if mark is not None else b"")
        if finish is not None:
            finish(staging, written)
        _swap(staging, out_dir)
    except BaseException:
        if abandon is not None:
            abandon()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _write_all(
    files: Iterable[OutputFile | Milestone], staging: Path, previous: Path | None
) -> Written:
    written: set[str] = set()
    made_dirs: set[Path] = set()
    unchanged = 0
    pages = hashlib.sha256()
    for file in files:
        if isinstance(file, Milestone):
            file.reached(staging, pages.copy().hexdigest())
            continue
        if file.path in written:
            raise OutputError(f"deux fichiers du site visent le même chemin : {file.path}")
        written.add(file.path)
        target = safe_target(staging, file.path)
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        if file.data is None and file.source is None:
            raise OutputError(f"fichier sans contenu : {file.path}")
        if file.path.endswith(".html") and file.data is not None:
            pages.update(f"{file.path}\0{hashlib.sha256(file.data).hexdigest()}\0".encode())
        if previous is not None and _link_if_same(file, safe_target(previous, file.path), target):
            unchanged += 1
        elif file.data is not None:
            target.write_bytes(file.data)
        elif file.source is not None:
            shutil.copyfile(file.source, target)
    return Written(len(written), unchanged, pages.hexdigest())


def _link_if_same(file: OutputFile, old: Path, target: Path) -> bool:
    """Hard-link `old` (the previous site's file) at `target` when its bytes are the new ones.

    Only plain files are linked (never a symbolic link, which could lead anywhere): the
    previous site is this generator's own output, but checking costs one `lstat`.
    """
    try:
        stat = old.lstat()
        if not S_ISREG(stat.st_mode):
            return False
        if file.data is not None:
            if stat.st_size != len(file.data) or old.read_bytes() != file.data:
                return False
        elif file.source is not None:
            source = file.source.stat()
            if stat.st_size != source.st_size or old.read_bytes() != file.source.read_bytes():
                return False
        os.link(old, target)
    except OSError:
        return False  # another file system, a link limit: write the file instead
    return True


def _refuse_foreign_folder(out_dir: Path) -> None:
    """Refuse to replace a folder that holds anything but a site this generator built."""
    if out_dir.is_symlink():
        raise OutputError(
            f"le dossier de sortie {out_dir} est un lien symbolique : "
            "choisissez un vrai dossier (output_dir ou --output)."
        )
    if not out_dir.is_dir():
        if out_dir.exists():
            raise OutputError(f"le dossier de sortie {out_dir} est un fichier, pas un dossier.")
        return
    if any((out_dir / mark).is_file() for mark in _EARLIER_MARKS):
        return
    if any(out_dir.iterdir()):
        raise OutputError(
            f"le dossier de sortie {out_dir} existe et n'a pas été construit par ce "
            "générateur : il serait effacé. Choisissez un dossier vide ou neuf "
            "(output_dir dans site_config.yaml, ou --output)."
        )


def _remove_retired_sites(out_dir: Path) -> None:
    """Delete the previous sites that a swap retired and could not finish deleting (the
    build was stopped meanwhile, as `build.py serve` is by Ctrl+C): the site that
    replaced each of them is already published. Another build's staging folder
    (`.<name>.new-*`) is left alone."""
    prefix = f".{out_dir.name}.old-"
    for folder in out_dir.parent.iterdir():
        if folder.name.startswith(prefix) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    retired.rmdir()
    # Two renames on one file system: the published folder is never half written.
    out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except BaseException:
        # A failed rename, or Ctrl+C between the two (`build.py serve` stops a rebuild
        # at once): the previous site goes back, the output folder never stays missing.
        if out_dir.exists():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            retired.rename(out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
