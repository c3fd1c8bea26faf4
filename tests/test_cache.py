"""The build cache: entries by content address, refused when git tracks them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from agenda.cache import BuildCache, generator_version, key_of, open_cache, tracked_by_git


def test_keys_keep_their_parts_apart() -> None:
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of("a", b"b") == key_of(b"a", "b")


def test_an_entry_comes_back_and_counts_as_a_hit(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    assert store.get("records", key_of("x")) is None
    store.put("records", key_of("x"), {"titre": "Atelier"})
    assert store.get("records", key_of("x")) == {"titre": "Atelier"}
    assert (store.hits, store.misses) == (1, 1)


def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    key = key_of("x")
    store.put("records", key, [1, 2, 3])
    entry = tmp_path / "cache" / "records" / key[:2] / key
    entry.write_bytes(entry.read_bytes()[:5])
    assert store.get("records", key) is None


def test_a_disabled_cache_keeps_nothing(tmp_path: Path) -> None:
    store = open_cache(tmp_path, enabled=False)
    store.put("records", key_of("x"), 1)
    assert store.get("records", key_of("x")) is None
    assert not (tmp_path / ".cache").exists()


def test_the_generator_version_is_stable_within_a_run() -> None:
    assert generator_version() == generator_version()
    assert len(generator_version()) == 64


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_a_cache_folder_committed_to_the_repository_is_never_read(tmp_path: Path) -> None:
    # A pull request could commit pickles under .cache/: loading one runs its code.
    _git(tmp_path, "init", "-q")
    open_cache(tmp_path).put("records", key_of("x"), "posé par un commit")
    assert not tracked_by_git(tmp_path)
    _git(tmp_path, "add", "-f", ".cache")
    assert tracked_by_git(tmp_path)
    store = open_cache(tmp_path)
    assert store.folder is None
    assert store.get("records", key_of("x")) is None


def test_a_cache_kept_in_memory_reads_nothing_again_and_forgets_unused_entries(
    tmp_path: Path,
) -> None:
    store = BuildCache(tmp_path / "cache", keep_in_memory=True)
    store.put("records", key_of("a"), "A")
    store.put("records", key_of("b"), "B")
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.unlink()  # only memory can answer now
    store.new_build()
    assert store.get("records", key_of("a")) == "A"
    store.new_build()  # "b" was not used by the last build: forgotten
    assert store.get("records", key_of("a")) == "A"
    assert store.get("records", key_of("b")) is None
    assert (store.hits, store.misses) == (1, 1)
