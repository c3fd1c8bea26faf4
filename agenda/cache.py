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
    # `build.py serve` keeps its cache between rebuilds: entries are also held here, so
    # a rebuild reads nothing from disk for the files that did not change.
    keep_in_memory: bool = False
    _memory: dict[tuple[str, str], Any] = field(default_factory=dict)
    _used: set[tuple[str, str]] = field(default_factory=set)
    _made: set[Path] = field(default_factory=set)

    def new_build(self) -> None:
        """Start counting again, and forget the entries the last build did not use."""
        if self.keep_in_memory and self._used:
            self._memory = {k: v for k, v in self._memory.items() if k in self._used}
        self._used = set()
        self.hits = self.misses = 0

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under `key`, or None."""
        if self.keep_in_memory and (namespace, key) in self._memory:
            self.hits += 1
            self._used.add((namespace, key))
            return self._memory[namespace, key]
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
        self._remember(namespace, key, value)
        return value

    def _remember(self, namespace: str, key: str, value: Any) -> None:
        if self.keep_in_memory:
            self._memory[namespace, key] = value
            self._used.add((namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (written to a temporary file, then renamed: never half written)."""
        self._remember(namespace, key, value)
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


def open_cache(root: Path, enabled: bool = True, keep_in_memory: bool = False) -> BuildCache:
    """The cache of the site at `root`; one that keeps nothing on disk when disabled or
    unsafe (`keep_in_memory`: entries also stay in this process, for `serve`)."""
    if not enabled or tracked_by_git(root):
        return BuildCache(None, keep_in_memory=keep_in_memory)
    return BuildCache(root / CACHE_FOLDER, keep_in_memory=keep_in_memory)


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
