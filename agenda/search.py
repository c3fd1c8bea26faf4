"""Site search: Pagefind indexes the written site, in its staging folder, before the swap.

Pagefind (the `pagefind[extended]` package pins its binary in a wheel) reads the built
HTML, keeps only what lies inside `data-pagefind-body` (event, venue and partner pages),
stems French words and writes a static index under `/pagefind/`. The browser then
searches that index with `pagefind.js` (assets/js/recherche.js); nothing runs on a server.

Pagefind stores each result's URL from the site root (`/evenements/x/`); a site published
under a sub-path gives the search script its base path (`data-base` on the results page),
which Pagefind's `baseUrl` option puts in front of every result URL.

Without the binary the build still succeeds, with one French warning, and the pages keep
their links to the département and theme pages instead of the search form.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

from agenda import urls

# Where the index lands, relative to the output folder (and so to the site's base URL).
BUNDLE_DIR = urls.search_bundle().strip("/")
# Set to the path of a Pagefind binary to use it instead of the pinned one; a path that
# does not exist makes the build go without search (what the tests use).
EXECUTABLE_ENV = "AGENDA_PAGEFIND"
# The whole site is French: index it as such even if a page forgot its lang.
LANGUAGE = "fr"
# The fixture site indexes in well under a second; a stuck binary must not hang a build.
TIMEOUT_SECONDS = 300

MISSING_WARNING = (
    "Attention : Pagefind est introuvable (pip install -r requirements.lock) ; "
    "le site est construit sans recherche, l'en-tête propose les départements et "
    "les thématiques à la place."
)


class SearchError(Exception):
    """Pagefind ran and failed: the build stops, the published site stays as it was."""


def find_executable() -> Path | None:
    """The Pagefind binary to run, or None when there is none."""
    override = os.environ.get(EXECUTABLE_ENV)
    if override:
        path = Path(override)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        found = shutil.which("pagefind_extended")
        return Path(found) if found else None
    try:
        return Path(get_executable())
    except FileNotFoundError:
        return None


# Only the pages of events, venues and partners carry `data-pagefind-body`, so only
# their folders are given to Pagefind: it would read every listing (a sixth of the
# pages, the longest ones) to index nothing from them. tests/test_search.py checks that
# no page elsewhere carries the attribute.
INDEXED_FOLDERS = tuple(
    url.strip("/").split("/")[0] for url in (urls.event("x"), urls.venue("x"), urls.partner("x"))
)
PAGES_GLOB = "{" + ",".join(INDEXED_FOLDERS) + "}/**/*.html"


def pagefind_command(executable: Path, site: Path) -> list[str]:
    """The command that indexes the built site in `site` into `site/pagefind/`."""
    return [
        str(executable),
        "--site",
        str(site),
        "--glob",
        PAGES_GLOB,
        "--output-subdir",
        BUNDLE_DIR,
        "--force-language",
        LANGUAGE,
        "--quiet",
    ]


# Written in the index folder: what it was made from (Pagefind's binary, the pages).
INDEX_MARK = ".agenda-index"


def index_mark(executable: Path, pages_digest: str) -> str:
    """What an index is made from: the binary (its size and date) and every page."""
    stat = executable.stat()
    return f"{executable.name} {stat.st_size} {stat.st_mtime_ns}\n{pages_digest}\n"


def index_or_reuse(executable: Path, site: Path, previous: Path | None, pages_digest: str) -> bool:
    """Index the written site, unless the previous site's index was made by the same
    Pagefind from the same pages: then it is linked as it is (indexing 10,000 pages
    takes longer than the rest of a build that changed nothing). True when reused."""
    if _reuse(executable, site, previous, pages_digest):
        return True
    index_site(executable, site)
    mark = index_mark(executable, pages_digest)
    (site / BUNDLE_DIR / INDEX_MARK).write_text(mark, encoding="utf-8")
    return False


def _reuse(executable: Path, site: Path, previous: Path | None, pages_digest: str) -> bool:
    """Link the previous site's index into `site` when the same Pagefind made it from
    the same pages; otherwise clear the way for a new one. True when linked."""
    if previous is not None:
        mark = index_mark(executable, pages_digest)
        earlier = previous / BUNDLE_DIR
        try:
            reusable = (earlier / INDEX_MARK).read_text(encoding="utf-8") == mark
        except (OSError, UnicodeDecodeError):
            reusable = False
        if reusable and _link_tree(earlier, site / BUNDLE_DIR):
            return True
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    return False


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link every plain file of `source` into `target`; False if anything is odd."""
    try:
        for folder, dirs, files in os.walk(source, followlinks=False):
            relative = Path(folder).relative_to(source)
            (target / relative).mkdir(parents=True, exist_ok=True)
            for name in files:
                file = Path(folder) / name
                if file.is_symlink() or not file.is_file():
                    return False
                os.link(file, target / relative / name)
            if any((Path(folder) / d).is_symlink() for d in dirs):
                return False
    except OSError:
        return False
    return True


def index_site(executable: Path, site: Path) -> None:
    """Run Pagefind on the written site; raise SearchError if it fails."""
    try:
        result = subprocess.run(
            pagefind_command(executable, site),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(
            f"l'index de recherche (Pagefind) n'a pas pu être construit : {exc}"
        ) from exc
    _check_index(site, result.returncode, result.stderr or result.stdout)


def _check_index(site: Path, returncode: int, said: str) -> None:
    """Raise SearchError unless Pagefind succeeded (`said`: what it printed)."""
    if returncode != 0 or not (site / BUNDLE_DIR / "pagefind.js").is_file():
        detail = said.strip().splitlines()[-3:]
        raise SearchError(
            "l'index de recherche (Pagefind) n'a pas pu être construit"
            + (" : " + " / ".join(detail) if detail else ".")
        )


class BackgroundIndex:
    """Pagefind started on the staging folder as soon as every HTML page is written
    (`start`), while the build goes on with pictures, calendars and open data; `finish`
    waits for it before the swap. At 10,000 events indexing takes about 30 s, which
    then overlaps the rest of the build instead of following it.

    `previous`: the published site, whose index is reused when made from the same
    pages (None: never reuse one). If a page is written after `start` (its digest
    differs at `finish`), the site is indexed again as it is then: the index never
    misses a page.
    """

    def __init__(self, executable: Path, previous: Path | None) -> None:
        self.executable = executable
        self.previous = previous
        self._site: Path | None = None
        self._digest = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._said: IO[bytes] | None = None
        self._deadline = 0.0

    def start(self, site: Path, pages_digest: str) -> None:
        """Reuse the previous index, or start Pagefind on the pages written in `site`."""
        self.stop()
        self._site, self._digest = site, pages_digest
        if _reuse(self.executable, site, self.previous, pages_digest):
            return
        # What Pagefind says goes to a file, not a pipe: nobody reads it until the
        # end, and a full pipe would block it. `stop` closes the file.
        self._said = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                pagefind_command(self.executable, site),
                stdin=subprocess.DEVNULL,
                stdout=self._said,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            self.stop()
            raise SearchError(
                f"l'index de recherche (Pagefind) n'a pas pu être construit : {exc}"
            ) from exc
        self._deadline = time.monotonic() + TIMEOUT_SECONDS

    def finish(self, site: Path, pages_digest: str) -> bool:
        """Wait for the index of `site`, made from the pages whose digest is given;
        raise SearchError if Pagefind failed. True when the previous one was reused."""
        if site != self._site or pages_digest != self._digest:
            self.stop()
            return index_or_reuse(self.executable, site, self.previous, pages_digest)
        process, said = self._process, self._said
        if process is None or said is None:
            return True  # reused at start
        try:
            process.wait(timeout=max(0.0, self._deadline - time.monotonic()))
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise SearchError(
                f"l'index de recherche (Pagefind) n'a pas pu être construit : {exc}"
            ) from exc
        said.seek(0)
        output = said.read().decode("utf-8", errors="replace")
        self.stop()
        _check_index(site, process.returncode, output)
        mark = index_mark(self.executable, pages_digest)
        (site / BUNDLE_DIR / INDEX_MARK).write_text(mark, encoding="utf-8")
        return False

    def stop(self) -> None:
        """Stop Pagefind if it still runs (the build failed or was interrupted: the
        staging folder it writes into is about to be deleted)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            process.wait()
        if self._said is not None:
            self._said.close()
            self._said = None
