"""The build cache: entries by content address, refused when git tracks them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from agenda.cache import (
    BuildCache,
    generator_version,
    key_maker,
    key_of,
    open_cache,
    tracked_by_git,
)


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


def _entry_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name != "pack"]


def test_entries_kept_together_come_back_from_one_file(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    keys = [key_of(str(n)) for n in range(3)]
    for n, key in enumerate(keys):
        store.put("records", key, {"n": n})
    store.keep_together("records", {key: {"n": n} for n, key in enumerate(keys)})
    for entry in _entry_files(tmp_path / "cache"):
        entry.unlink()  # only the pack can answer now
    again = BuildCache(tmp_path / "cache")
    assert again.get_many("records", [keys[2], key_of("absent"), keys[0]]) == [
        {"n": 2},
        None,
        {"n": 0},
    ]
    assert (again.hits, again.misses) == (2, 1)


def test_a_pack_lacking_few_entries_is_not_written_again(tmp_path: Path) -> None:
    # Rewriting every entry for each edited file would cost more than it saves.
    store = BuildCache(tmp_path / "cache")
    entries = {key_of(str(n)): n for n in range(100)}
    store.keep_together("records", entries)
    pack = tmp_path / "cache" / "records" / "pack"
    written = pack.stat().st_mtime_ns
    again = BuildCache(tmp_path / "cache")
    kept = dict(zip(entries, again.get_many("records", list(entries)), strict=True))
    del kept[key_of("0")]
    kept[key_of("edited")] = "new"
    again.put("records", key_of("edited"), "new")
    again.keep_together("records", kept)
    assert pack.stat().st_mtime_ns == written
    # The new entry is still found, from its own file.
    assert BuildCache(tmp_path / "cache").get_many("records", [key_of("edited")]) == ["new"]


def test_fresh_entries_are_written_once_in_the_pack_or_alone(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "records"
    store = BuildCache(tmp_path / "cache")
    entries = {key_of(str(n)): n for n in range(100)}
    store.keep_together("records", entries, fresh=list(entries))
    # A first run: every entry is new and goes into the pack, none in a file of its own.
    assert [p.name for p in folder.iterdir()] == ["pack"]
    again = BuildCache(tmp_path / "cache")
    kept = dict(zip(entries, again.get_many("records", list(entries)), strict=True))
    kept[key_of("edited")] = "new"
    again.keep_together("records", kept, fresh=[key_of("edited")])
    # One new entry: the pack stays, the entry gets its own file.
    assert sorted(p.name for p in folder.iterdir()) == sorted(["pack", key_of("edited")[:2]])
    assert BuildCache(tmp_path / "cache").get_many("records", [key_of("edited")]) == ["new"]


def test_a_pack_far_from_the_entries_used_is_written_again(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    store.keep_together("records", {key_of(str(n)): n for n in range(100)})
    fresh = {key_of(f"new-{n}"): n for n in range(100)}
    BuildCache(tmp_path / "cache").keep_together("records", fresh)
    again = BuildCache(tmp_path / "cache")
    assert again.get_many("records", [key_of("new-5"), key_of("5")]) == [5, None]


def test_a_value_replaced_under_a_packed_key_rewrites_the_pack(tmp_path: Path) -> None:
    # An outcome examined again (one of its images changed) keeps its key: the pack
    # must not go on answering with the old value.
    store = BuildCache(tmp_path / "cache")
    entries: dict[str, object] = {key_of(str(n)): [n] for n in range(100)}
    store.keep_together("records", entries)
    again = BuildCache(tmp_path / "cache")
    again.get_many("records", list(entries))
    entries[key_of("7")] = ["remplacé"]
    again.keep_together("records", entries)
    assert BuildCache(tmp_path / "cache").get_many("records", [key_of("7")]) == [["remplacé"]]


def test_a_damaged_pack_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    store.keep_together("records", {key_of("x"): "valeur"})
    pack = tmp_path / "cache" / "records" / "pack"
    pack.write_bytes(pack.read_bytes()[:7])
    assert BuildCache(tmp_path / "cache").get_many("records", [key_of("x")]) == [None]


def test_a_disabled_cache_writes_no_pack(tmp_path: Path) -> None:
    store = open_cache(tmp_path, enabled=False)
    store.keep_together("records", {key_of("x"): 1})
    assert store.get_many("records", [key_of("x")]) == [None]
    assert not (tmp_path / ".cache").exists()


def test_a_key_maker_gives_the_keys_of_key_of() -> None:
    salted = key_maker("version", "configuration")
    assert salted("event", "content/events/a.md", b"---") == key_of(
        "version", "configuration", "event", "content/events/a.md", b"---"
    )
    assert salted("a") != salted("b")


def test_one_entry_asked_for_comes_from_the_pack_too(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    store.keep_together("ical", {key_of("a"): b"BEGIN:VEVENT"}, fresh=[key_of("a")])
    again = BuildCache(tmp_path / "cache")
    assert again.get("ical", key_of("a")) == b"BEGIN:VEVENT"
    assert again.get("ical", key_of("b")) is None
    assert (again.hits, again.misses) == (1, 1)


def test_a_value_held_in_memory_is_stored_by_keep_together(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache", keep_in_memory=True)
    store.hold("ical-frames", key_of("f"), b"frame")
    assert store.get("ical-frames", key_of("f")) == b"frame"
    assert BuildCache(tmp_path / "cache").get("ical-frames", key_of("f")) is None
    store.keep_together("ical-frames", {key_of("f"): b"frame"}, fresh=[key_of("f")])
    assert BuildCache(tmp_path / "cache").get("ical-frames", key_of("f")) == b"frame"
