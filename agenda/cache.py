"""The build cache: what earlier builds made, kept in `.cache/agenda/` between builds.

Entries are addressed by a hash of everything they were made from: the bytes of the
file, the configuration and the generator's own code (`generator_version`). A changed
input gives a new address, so an entry is never stale; old ones are simply not read
again (`make clean` or deleting `.cache/` frees the space).

Entries are pickles, which run code when loaded: the cache must only ever hold what a
build on this machine wrote. `.cache/` is ignored by git, and a cache folder that git
tracks (a pull request that commits `.cache/` files) is refused outright.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import agenda

CACHE_FOLDER = ".cache/agenda"
# Bump to drop every entry when the format of an entry changes without a code change.
FORMAT = "1"


@cache
def generator_version() -> str:
    """A hash of the generator's code and data: any change to either empties the cache."""
    package = Path(agenda.__file__).parent
    digest = hashlib.sha256(FORMAT.encode())
    for file in sorted(package.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".json"):
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def key_of(*parts: bytes | str) -> str:
    """A cache address for the given inputs (each part kept distinct from the next)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@dataclass
class BuildCache:
    """Entries of one kind (`namespace`) read and written by key; counts hits and misses.

    `folder` None: a cache that keeps nothing (every lookup misses).
    """

    folder: Path | None
    hits: int = 0
    misses: int = 0
    _made: set[Path] = field(default_factory=set)

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under `key`, or None."""
        if self.folder is None:
            self.misses += 1
            return None
        try:
            data = self._path(namespace, key).read_bytes()
            value = pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (written to a temporary file, then renamed: never half written)."""
        if self.folder is None:
            return
        path = self._path(namespace, key)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(path)
        except OSError:
            pass  # a full or read-only disk: the build goes on without keeping this entry

    def _path(self, namespace: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / namespace / key[:2] / key


def open_cache(root: Path, enabled: bool = True) -> BuildCache:
    """The cache of the site at `root`; one that keeps nothing when disabled or unsafe."""
    if not enabled or tracked_by_git(root):
        return BuildCache(None)
    return BuildCache(root / CACHE_FOLDER)


def tracked_by_git(root: Path) -> bool:
    """True when git tracks files under `.cache/`: they came from a commit, not a build."""
    if not (root / ".git").exists():
        return False
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--", ".cache"],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: do not trust the folder
    return listed.returncode != 0 or bool(listed.stdout.strip())
