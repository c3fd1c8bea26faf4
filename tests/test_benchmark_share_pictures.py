"""benchmarks/share_pictures_timing.py: every share picture of the fixture site, made
again from nothing on each pass, with the digest of their bytes."""

from __future__ import annotations

import re

from agenda import ogimage
from agenda.share_painter import Painter
from benchmarks.share_pictures_timing import main
from tests.conftest import FIXTURE_TODAY

PASS = re.compile(
    r"passe (\d) : (\d+) images en [\d.]+ s de processeur \([\d.]+ ms chacune, "
    r"[\d.]+ Kio en moyenne\) ; empreinte ([0-9a-f]{16})"
)


def test_each_pass_makes_every_picture_again_with_the_same_bytes(fixture_site, capsys, monkeypatch):
    # What is drawn or cut in each pass: a pass that took its pictures from the
    # previous one's memo would draw nothing, and time nothing.
    made: list[list[str]] = []
    make_files, draw, cut = ogimage.share_image_files, Painter.drawn, Painter.photo

    def files(*args):
        made.append([])
        return make_files(*args)

    def drawn(self, card):
        made[-1].append(card.url)
        return draw(self, card)

    def photo(self, data):
        made[-1].append("photo")
        return cut(self, data)

    monkeypatch.setattr(ogimage, "share_image_files", files)
    monkeypatch.setattr(Painter, "drawn", drawn)
    monkeypatch.setattr(Painter, "photo", photo)
    root = str(fixture_site.root)
    assert main([root, "--repeat", "2", "--today", FIXTURE_TODAY]) == 0
    assert len(made) == 2 and made[0] and made[0] == made[1]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("agenda/ogimage.py)")
    passes = [PASS.fullmatch(line) for line in lines[1:]]
    assert all(passes) and len(passes) == 2, lines
    (first, count, digest), (second, again, same) = (m.groups() for m in passes if m)
    assert (first, second) == ("1", "2")
    assert count == again and int(count) > 10
    assert digest == same
