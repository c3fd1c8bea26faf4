"""The one writer of _site/: a failed build leaves the published site exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agenda.output import BUILD_MARK, OutputError, OutputFile, safe_target, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (and every folder, as b"<dir>")."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(folder.rglob("*"))
    }


def leftovers(parent: Path, name: str = "_site") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A previously built site."""
    out = tmp_path / "_site"
    write_site(
        [
            OutputFile("index.html", b"<h1>Ancien site</h1>"),
            OutputFile("evenements/atelier/index.html", "Atelier é".encode()),
            OutputFile("agenda.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ],
        out,
    )
    return out


def test_first_write_creates_the_folder(tmp_path):
    out = tmp_path / "public" / "_site"
    source = tmp_path / "style.css"
    source.write_bytes(b"body{}")
    count = write_site(
        [
            OutputFile("index.html", b"accueil"),
            OutputFile("assets/css/site.css", source=source),
            OutputFile(".nojekyll", b""),
        ],
        out,
    )
    assert (count.files, count.unchanged) == (3, 0)
    assert snapshot(out) == {
        ".agenda-csti-site": b"",
        ".nojekyll": b"",
        "assets": b"<dir>",
        "assets/css": b"<dir>",
        "assets/css/site.css": b"body{}",
        "index.html": b"accueil",
    }
    assert leftovers(out.parent) == []


def test_output_folder_is_readable_by_a_web_server(tmp_path):
    out = tmp_path / "_site"
    write_site([OutputFile("index.html", b"x")], out)
    assert out.stat().st_mode & 0o755 == 0o755


def test_successful_swap_replaces_the_content(published):
    count = write_site(
        [OutputFile("index.html", b"<h1>Nouveau site</h1>"), OutputFile("feed.xml", b"<feed/>")],
        published,
    )
    assert count.files == 2
    # Files of the old build that the new one does not write are gone.
    assert snapshot(published) == {
        ".agenda-csti-site": b"",
        "feed.xml": b"<feed/>",
        "index.html": b"<h1>Nouveau site</h1>",
    }
    assert leftovers(published.parent) == []


@pytest.mark.parametrize(
    "bad_path",
    ["../evil", "../_site/index.html", "/etc/evil", "a/../../evil", "", "."],
)
def test_path_out_of_the_folder_leaves_the_previous_site_untouched(published, bad_path):
    before = snapshot(published)
    with pytest.raises(OutputError, match="refusé"):
        write_site([OutputFile("index.html", b"nouveau"), OutputFile(bad_path, b"x")], published)
    assert snapshot(published) == before
    assert leftovers(published.parent) == []
    assert not (published.parent / "evil").exists()


def test_exception_midway_leaves_the_previous_site_untouched(published):
    before = snapshot(published)

    def files() -> Iterator[OutputFile]:
        yield OutputFile("index.html", b"nouveau")
        yield OutputFile("evenements/autre/index.html", b"autre")
        raise RuntimeError("template cassé")

    with pytest.raises(RuntimeError, match="template cassé"):
        write_site(files(), published)
    assert snapshot(published) == before
    assert leftovers(published.parent) == []


def test_keyboard_interrupt_midway_cleans_up(published):
    before = snapshot(published)

    def files() -> Iterator[OutputFile]:
        yield OutputFile("index.html", b"nouveau")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(files(), published)
    assert snapshot(published) == before
    assert leftovers(published.parent) == []


def test_interrupt_between_the_two_renames_puts_the_previous_site_back(published, monkeypatch):
    before = snapshot(published)
    rename = Path.rename

    def interrupted_rename(self: Path, target: Path) -> Path:
        if self.name.startswith("._site.new-"):  # the second rename: staging → _site
            raise KeyboardInterrupt
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        write_site([OutputFile("index.html", b"nouveau")], published)
    assert snapshot(published) == before
    assert leftovers(published.parent) == []


def test_a_previous_site_left_by_an_interrupted_swap_is_deleted_by_the_next_build(published):
    retired = published.parent / "._site.old-abc123"
    (retired / "evenements").mkdir(parents=True)
    (retired / "evenements" / "index.html").write_bytes(b"ancien")
    other_build = published.parent / "._site.new-xyz789"  # another build, under way
    other_build.mkdir()
    write_site([OutputFile("index.html", b"nouveau")], published)
    assert not retired.exists()
    assert other_build.is_dir()
    assert (published / "index.html").read_bytes() == b"nouveau"


def test_failure_on_first_build_leaves_nothing(tmp_path):
    out = tmp_path / "_site"
    with pytest.raises(OutputError):
        write_site([OutputFile("../evil", b"x")], out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_duplicate_paths_are_refused(published):
    before = snapshot(published)
    with pytest.raises(OutputError, match="même chemin"):
        write_site(
            [
                OutputFile("evenements/a/index.html", b"1"),
                OutputFile("evenements/a/index.html", b"2"),
            ],
            published,
        )
    assert snapshot(published) == before
    assert leftovers(published.parent) == []


def test_file_without_content_is_refused(published):
    before = snapshot(published)
    with pytest.raises(OutputError, match="sans contenu"):
        write_site([OutputFile("vide.html")], published)
    assert snapshot(published) == before


def test_missing_source_file_leaves_the_previous_site(published, tmp_path):
    before = snapshot(published)
    with pytest.raises(FileNotFoundError):
        write_site([OutputFile("img.png", source=tmp_path / "absente.png")], published)
    assert snapshot(published) == before
    assert leftovers(published.parent) == []


def test_relative_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_site([OutputFile("index.html", b"x")], Path("_site"))
    assert (tmp_path / "_site" / "index.html").read_bytes() == b"x"


def test_safe_target():
    folder = Path("/srv/site")
    assert safe_target(folder, "evenements/a/index.html") == folder / "evenements/a/index.html"
    assert safe_target(folder, "./index.html") == folder / "index.html"
    for bad in ("../x", "/x", "a/../../x", ""):
        with pytest.raises(OutputError):
            safe_target(folder, bad)


@pytest.mark.parametrize("name", ["tmp", "home"])
def test_a_folder_this_generator_did_not_build_is_never_replaced(tmp_path, name):
    """A mistyped output folder (`/tmp`, a home folder) is refused, not moved and deleted."""
    precious = tmp_path / name
    (precious / "notes").mkdir(parents=True)
    (precious / "notes" / "rapport.txt").write_text("à garder")
    before = snapshot(precious)
    with pytest.raises(OutputError, match="n'a pas été construit par ce générateur"):
        write_site([OutputFile("index.html", b"x")], precious)
    assert snapshot(precious) == before
    assert leftovers(tmp_path, name) == []


def test_an_empty_folder_or_an_earlier_build_may_be_replaced(tmp_path):
    empty = tmp_path / "vide"
    empty.mkdir()
    write_site([OutputFile("index.html", b"x")], empty)
    assert (empty / BUILD_MARK).is_file()
    earlier = tmp_path / "ancien"
    earlier.mkdir()
    (earlier / ".nojekyll").write_bytes(b"")
    (earlier / "index.html").write_bytes(b"ancien")
    write_site([OutputFile("index.html", b"nouveau")], earlier)
    assert (earlier / "index.html").read_bytes() == b"nouveau"


def test_a_symlinked_output_folder_is_refused(tmp_path):
    target = tmp_path / "ailleurs"
    target.mkdir()
    (target / "garder.txt").write_text("x")
    link = tmp_path / "_site"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="lien symbolique"):
        write_site([OutputFile("index.html", b"x")], link)
    assert (target / "garder.txt").read_text() == "x"


def test_files_whose_bytes_did_not_change_are_linked_not_rewritten(tmp_path):
    out = tmp_path / "_site"
    source = tmp_path / "style.css"
    source.write_bytes(b"body{}")
    first = [
        OutputFile("index.html", b"accueil"),
        OutputFile("evenements/a/index.html", b"avant"),
        OutputFile("assets/css/site.css", source=source),
    ]
    write_site(first, out)
    before = {p: (out / p).stat().st_ino for p in ("index.html", "assets/css/site.css")}
    edited = (out / "evenements/a/index.html").stat().st_ino

    again = write_site(
        [
            OutputFile("index.html", b"accueil"),
            OutputFile("evenements/a/index.html", b"apres"),
            OutputFile("assets/css/site.css", source=source),
        ],
        out,
    )

    assert (again.files, again.unchanged) == (3, 2)
    # Same inode: the previous file itself, not a copy; the changed page is new.
    assert {p: (out / p).stat().st_ino for p in before} == before
    assert (out / "evenements/a/index.html").read_bytes() == b"apres"
    assert (out / "evenements/a/index.html").stat().st_ino != edited


def test_a_symbolic_link_in_the_previous_site_is_never_reused(tmp_path):
    out = tmp_path / "_site"
    write_site([OutputFile("index.html", b"x"), OutputFile("page.html", b"secret")], out)
    outside = tmp_path / "ailleurs.html"
    outside.write_bytes(b"secret")
    (out / "page.html").unlink()
    (out / "page.html").symlink_to(outside)

    written = write_site([OutputFile("index.html", b"x"), OutputFile("page.html", b"secret")], out)

    assert written.unchanged == 1
    assert not (out / "page.html").is_symlink()
