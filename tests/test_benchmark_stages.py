"""benchmarks/build_stages.py: a real build of the fixture site, timed stage by stage."""

from __future__ import annotations

from benchmarks.build_stages import main
from tests.conftest import FIXTURE_TODAY


def test_every_stage_of_a_build_is_timed(fixture_site, capsys) -> None:
    assert main(["--root", str(fixture_site.root), "--today", FIXTURE_TODAY]) == 0
    said = capsys.readouterr().out
    for stage in ("Lecture du contenu", "Pages", "Images de partage", "Calendriers"):
        assert stage in said, stage
    assert said.splitlines()[-1].startswith("total ")
    assert (fixture_site.root / "_site" / "index.html").is_file()
