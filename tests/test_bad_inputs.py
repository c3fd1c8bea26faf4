"""The catalogue of bad inputs: what careless partners and attackers send, and what they
must be told.

Each folder of tests/bad_inputs/ is one case: a `case.yaml` saying what to change in a
copy of the fixture site (files to write, symlinks to make, things to remove, text to
replace) and the messages the run must print. For every case the site is first built
cleanly, then broken, then `check` and the build are run as a partner runs them:

- both exit 1 (`check` too, unless the case is about templates, which `check` does
  not render: then only the build is held to it);
- every expected message appears, and the errors `check` prints are the errors the
  build prints (a pull request that passes `check` must never break `main`);
- nothing read from outside the repository is echoed (`never_printed`);
- the previously published `_site/` is left byte for byte as it was.

Each run is given a time limit, so a regression into a YAML bomb fails instead of hanging.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY, make_fixture_tree

CASES = Path(__file__).resolve().parent / "bad_inputs"
TIME_LIMIT_SECONDS = 20


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, and what must be said about it."""

    name: str
    folder: Path
    about: str
    write: dict[str, str] = field(default_factory=dict)
    append: dict[str, dict[str, Any]] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    replace: tuple[dict[str, str], ...] = ()
    messages: tuple[str, ...] = ()
    never_printed: tuple[str, ...] = ()
    templates: bool = False  # a template error: only the build must fail


def load_cases() -> list[Case]:
    """Every case folder, sorted."""
    cases = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        cases.append(
            Case(
                name=folder.name,
                folder=folder,
                about=data["about"],
                write=data.get("write", {}),
                append=data.get("append", {}),
                symlinks=data.get("symlinks", {}),
                outside=data.get("outside", {}),
                remove=tuple(data.get("remove", ())),
                replace=tuple(data.get("replace", ())),
                messages=tuple(data["messages"]),
                never_printed=tuple(data.get("never_printed", ())),
                templates=bool(data.get("templates", False)),
            )
        )
    return cases


def break_site(case: Case, root: Path, outside: Path) -> None:
    """Apply the case to a clean site tree at `root`; `outside` is a folder beside it."""
    for relative in case.remove:
        target = root / relative
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    for relative, text in case.outside.items():
        path = outside / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    files = case.folder / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    for relative, text in case.write.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for relative, repeat in case.append.items():
        with (root / relative).open("a", encoding="utf-8") as handle:
            handle.write(repeat["text"] * int(repeat["times"]))
    for edit in case.replace:
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{case.name}: « {edit['old']} » not in {edit['file']}"
        # "@outside" stands for a folder outside the site: a regression that writes
        # where the case points must never reach anything but this test's own folders.
        new = edit["new"].replace("@outside", str(outside))
        path.write_text(text.replace(edit["old"], new, 1), encoding="utf-8")
    for relative, target in case.symlinks.items():
        link = root / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(target.replace("@outside", str(outside)))


@dataclass(frozen=True)
class Run:
    """What one command printed and returned."""

    status: int
    output: str
    seconds: float

    @property
    def error_lines(self) -> set[str]:
        """The lines that report a problem (`path:line: …`), without the final count."""
        return {
            line
            for line in self.output.splitlines()
            if ": " in line and not line.startswith(("Site ", "Contenu ")) and "[" not in line
        }


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the test instead of hanging: a YAML bomb must never block CI."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_command(args: list[str]) -> Run:
    """Run `build.py` in this process, as a partner would on the command line."""
    from agenda.cli import main

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with (
        time_limit(TIME_LIMIT_SECONDS),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        status = main(args)
    return Run(status, out.getvalue() + err.getvalue(), time.perf_counter() - started)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of a folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once: each case starts from a copy of it."""
    root = tmp_path_factory.mktemp("published") / "site"
    make_fixture_tree(root)
    run = run_command(site_args(root))
    assert run.status == 0, run.output
    return root


def site_args(root: Path) -> list[str]:
    """The options every run of the catalogue shares."""
    return ["--root", str(root), "--today", FIXTURE_TODAY, "--base-url", FIXTURE_BASE_URL]


ALL_CASES = load_cases()


def test_the_catalogue_covers_every_kind_of_bad_input() -> None:
    """One case per folder, each with its messages: at least the issue's list."""
    assert len(ALL_CASES) >= 40
    for case in ALL_CASES:
        assert case.messages, f"{case.name} expects no message"


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_bad_input(case: Case, published: Path, tmp_path: Path) -> None:
    """The run fails with its message, check and build agree, _site/ is untouched."""
    root = tmp_path / "site"
    shutil.copytree(published, root, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    before = fingerprint(root / "_site")
    break_site(case, root, outside)

    build = run_command(site_args(root))
    check = run_command(["--root", str(root), "check", "--format", "text"])

    assert build.status == 1, f"{case.about}\n{build.output}"
    for message in case.messages:
        assert message in build.output, f"{case.about}: « {message} » missing\n{build.output}"
    if not case.templates:
        assert check.status == 1, f"{case.about}\n{check.output}"
        assert check.error_lines == build.error_lines, (
            f"{case.about}: check and build disagree\ncheck:\n{check.output}\n"
            f"build:\n{build.output}"
        )
    for secret in case.never_printed:
        assert secret not in build.output + check.output, f"{case.about}: echoed {secret!r}"
    assert "Traceback" not in build.output + check.output
    assert fingerprint(root / "_site") == before, f"{case.about}: _site/ was changed"
    assert build.seconds < 5 and check.seconds < 5, f"{case.about}: too slow"
