"""The build cache: what earlier builds made, kept in `.cache/agenda/` between builds.

Entries are addressed by a hash of everything they were made from: the bytes of the
file, the configuration and the generator's own code (`generator_version`). A changed
input gives a new address, so an entry is never stale; old ones are simply not read
again (`make clean` or deleting `.cache/` frees the space).

Entries are pickles, which run code when loaded: the cache must only ever hold what a
build on this machine wrote. `.cache/` is ignored by git, and a cache folder that git
tracks (a pull request that commits `.cache/` files) is refused outright.

Besides one file per entry, the entries a run used can be kept together in one pack
per kind (`keep_together`): `check` at 50,000 files then opens one file instead of
50,000. The pack only ever holds entries under their own content addresses, so it can
lag behind (an entry it lacks is read from its own file) but never answer wrongly.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import agenda

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

CACHE_FOLDER = ".cache/agenda"
# Bump to drop every entry when the format of an entry changes without a code change.
FORMAT = "1"
# A pack is written again once it differs from the entries a run used (added or no
# longer used) by more than one in PACK_SLACK: rewriting 50,000 entries for each
# edited file would cost more than reading the few new ones from their own files.
PACK_SLACK = 20
# What loading a damaged or truncated pickle raises: a miss, never a crash.
_DAMAGED = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
)


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
    return _hashed(hashlib.sha256(), parts).hexdigest()


def key_maker(*first: bytes | str) -> Callable[..., str]:
    """`key_of(*first, *rest)` as a function of `rest`: for many keys that begin with the
    same parts (the generator's version, the configuration), those are hashed once."""
    start = _hashed(hashlib.sha256(), first)

    def key(*rest: bytes | str) -> str:
        return _hashed(start.copy(), rest).hexdigest()

    return key


def _hashed(digest: Hash, parts: Iterable[bytes | str]) -> Hash:
    framed: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        framed += (len(data).to_bytes(8, "big"), data)
    digest.update(b"".join(framed))  # one call: the same digest as one per piece
    return digest


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
    # `serve` only (keep_in_memory): each content file's address with the state (times,
    # size, inode) it had when read, by configuration, so an unchanged file is not read
    # again to hash it (examine._known_key).
    addresses: dict[str, dict[str, tuple[tuple[int, ...], str]]] = field(default_factory=dict)
    # The pack of each namespace as read from disk (or last written), once per cache.
    _packs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def new_build(self) -> None:
        """Start counting again, and forget the entries the last build did not use."""
        if self.keep_in_memory and self._used:
            self._memory = {k: v for k, v in self._memory.items() if k in self._used}
        self._used = set()
        self.hits = self.misses = 0

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under `key` (in memory, in the namespace's pack, or in its
        own file), or None."""
        if self.keep_in_memory and (namespace, key) in self._memory:
            self.hits += 1
            self._used.add((namespace, key))
            return self._memory[namespace, key]
        if self.folder is None:
            self.misses += 1
            return None
        pack = self._pack(namespace)
        if key in pack:
            self.hits += 1
            self._remember(namespace, key, pack[key])
            return pack[key]
        return self._get_alone(namespace, key)

    def _get_alone(self, namespace: str, key: str) -> Any | None:
        """The value stored in the entry's own file, or None."""
        try:
            data = self._path(namespace, key).read_bytes()
            value = pickle.loads(data)
        except _DAMAGED:
            self.misses += 1
            return None
        self.hits += 1
        self._remember(namespace, key, value)
        return value

    def get_many(self, namespace: str, keys: Sequence[str]) -> list[Any | None]:
        """The values stored under `keys`, in order (None where there is none): from
        the namespace's pack, read in one go, then each missing one from its own file."""
        pack = self._pack(namespace)
        found: list[Any | None] = []
        with _no_collection():
            for key in keys:
                held = self.keep_in_memory and (namespace, key) in self._memory
                if key in pack and not held:  # memory holds the latest value of a key
                    self.hits += 1
                    self._remember(namespace, key, pack[key])
                    found.append(pack[key])
                else:
                    found.append(self.get(namespace, key))
        return found

    def hold(self, namespace: str, key: str, value: Any) -> None:
        """Keep `value` in memory only (for `build.py serve`); `keep_together` stores it."""
        self._remember(namespace, key, value)

    def keep_together(
        self, namespace: str, entries: Mapping[str, Any], fresh: Iterable[str] = ()
    ) -> None:
        """Make `entries` (those this run used) the namespace's pack, unless the pack on
        disk differs from them by only a few entries, added or no longer used.

        `fresh`: the keys of `entries` this run made rather than read. Each is stored in
        its own file only when the pack is not written again: a first build at 10,000
        events would otherwise write every record twice, once alone and once in the
        pack (a file made costs about a millisecond on a slow disk)."""
        for key in fresh:
            self._remember(namespace, key, entries[key])
        if self.folder is None:
            return
        pack = self._pack(namespace)
        added = sum(1 for key in entries if key not in pack)
        unused = sum(1 for key in pack if key not in entries)
        # A key whose value is not the pack's (an outcome examined again because one of
        # its images changed): left in the pack, the old value would be read every time.
        replaced = any(key in pack and pack[key] is not value for key, value in entries.items())
        if not replaced and added + unused <= len(entries) // PACK_SLACK:
            for key in fresh:
                self._write(self._path(namespace, key), entries[key])
            return
        self._packs[namespace] = dict(entries)
        self._write(self._pack_path(namespace), self._packs[namespace])

    def _pack(self, namespace: str) -> dict[str, Any]:
        if namespace not in self._packs:
            self._packs[namespace] = self._read_pack(namespace)
        return self._packs[namespace]

    def _read_pack(self, namespace: str) -> dict[str, Any]:
        if self.folder is None:
            return {}
        try:
            with self._pack_path(namespace).open("rb") as handle:
                gc.collect()  # so that no garbage is among what is frozen below
                with _no_collection():
                    pack = pickle.load(handle)
                    # The records loaded stay to the end of the run: collections, and
                    # the last one as the process exits, need not walk them again and
                    # again (together, a third of a warm `check`, measured). Frozen
                    # objects are still freed when unused: these records hold no cycle.
                    gc.freeze()
        except _DAMAGED:
            return {}
        return pack if isinstance(pack, dict) else {}

    def _remember(self, namespace: str, key: str, value: Any) -> None:
        if self.keep_in_memory:
            self._memory[namespace, key] = value
            self._used.add((namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (written to a temporary file, then renamed: never half written)."""
        self._remember(namespace, key, value)
        if self.folder is None:
            return
        self._write(self._path(namespace, key), value)

    def _write(self, path: Path, value: Any) -> None:
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

    def _pack_path(self, namespace: str) -> Path:
        assert self.folder is not None
        return self.folder / namespace / "pack"


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the garbage collector while unpickling: loading tens of thousands of
    records makes only objects that stay, yet each thousand of them would trigger a
    collection walking all the others (half the loading time, measured)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def open_cache(root: Path, enabled: bool = True, keep_in_memory: bool = False) -> BuildCache:
    """The cache of the site at `root`; one that keeps nothing on disk when disabled or
    unsafe (`keep_in_memory`: entries also stay in this process, for `serve`)."""
    if not enabled or tracked_by_git(root):
        return BuildCache(None, keep_in_memory=keep_in_memory)
    return BuildCache(root / CACHE_FOLDER, keep_in_memory=keep_in_memory)


def tracked_by_git(root: Path, folder: str = ".cache") -> bool:
    """True when git tracks files under `folder` (a path from `root`, `.cache` by
    default): they came from a commit, not from a build on this machine."""
    if not (root / ".git").exists():
        return False
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--", folder],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: do not trust the folder
    return listed.returncode != 0 or bool(listed.stdout.strip())
