"""The site `serve` keeps in memory: every file is what `build` writes, an edit shows on
its page, listings and feeds after an update that renders nothing, and only the pages
whose value changed are rendered again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agenda.cache import open_cache
from agenda.errors import ContentError
from agenda.live_site import LiveSite, _folders_of
from agenda.pipeline import build_site
from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY, BuiltSite, SiteTree

TODAY = date.fromisoformat(FIXTURE_TODAY)
EVENT = "content/events/2027/conference-itinerante.md"
EVENT_PAGE = "evenements/conference-itinerante/index.html"
# Files the build writes for itself, not part of the site people see.
BUILD_MARKS = (".agenda-csti-site", "pagefind/.agenda-index")


def live(root: Path, search_folder: Path | None = None) -> LiveSite:
    store = open_cache(root, True, keep_in_memory=True)
    site = LiveSite(root, FIXTURE_BASE_URL, store, search_folder, jobs=1)
    site.update(TODAY)
    return site


def text(site: LiveSite, path: str) -> str:
    data = site.read(path)
    assert data is not None, path
    return data.decode("utf-8")


def test_every_file_a_build_writes_is_what_serve_answers(built_site: BuiltSite):
    site = live(built_site.root)
    compared = 0
    for file in sorted(built_site.out.rglob("*")):
        path = file.relative_to(built_site.out).as_posix()
        if file.is_dir() or path in BUILD_MARKS or path.startswith("pagefind/"):
            continue
        assert site.read(path) == file.read_bytes(), path
        compared += 1
    assert compared > 250  # pages, pictures, PDFs, feeds, open data, assets
    assert site.read("evenements/inconnu/index.html") is None
    assert site.read("pagefind/pagefind.js") is None  # no search folder given


def test_an_edit_shows_on_its_page_listings_and_feeds_rendering_only_those(
    fixture_site: SiteTree,
):
    site = live(fixture_site.root)
    watched = [EVENT_PAGE, "departements/vosges/index.html", "lieux/nef-mulhouse/index.html"]
    before = {path: text(site, path) for path in watched}
    assert all("la lumière des étoiles" in page for page in before.values())
    unrelated = text(site, "lieux/salle-sedan/index.html")
    path = fixture_site.root / EVENT
    path.write_text(
        path.read_text(encoding="utf-8").replace("la lumière des étoiles", "les comètes"),
        encoding="utf-8",
    )
    rendered = site.memo.rendered
    update = site.update(TODAY)
    assert update.reread == 1  # the other files come from the cache in memory
    assert site.memo.rendered == rendered  # an update renders nothing
    for page in watched:
        assert "les comètes" in text(site, page), page
    assert site.memo.rendered == rendered + len(watched)
    assert text(site, "lieux/salle-sedan/index.html") == unrelated
    assert site.memo.rendered == rendered + len(watched)  # unchanged: not rendered again
    for feed in ("agenda.ics", "departements/vosges/agenda.ics", "evenements.json"):
        assert "les comètes" in text(site, feed), feed


def test_after_edits_serve_answers_what_a_cold_build_of_the_same_files_writes(
    fixture_site: SiteTree, tmp_path: Path
):
    # Determinism: what `serve` worked out edit by edit, reusing what it held, is what a
    # build from scratch makes of the edited files, byte for byte.
    root = fixture_site.root
    site = live(root)
    event = root / EVENT
    event.write_text(
        event.read_text(encoding="utf-8").replace("la lumière des étoiles", "les comètes"),
        encoding="utf-8",
    )
    site.update(TODAY)
    venue = root / "content/venues/nef-mulhouse.yaml"
    venue.write_text(venue.read_text(encoding="utf-8") + "\n# une ligne ajoutée\n", "utf-8")
    fixture_site.event(
        "nouvelle-visite",
        'title: "Nouvelle visite du planétarium"\n'
        'summary: "Une visite ajoutée pendant que serve tourne."\n'
        "venue: nef-mulhouse\norganizer: nef-test\n"
        'start: "2026-12-12 14:00"\nend: "2026-12-12 16:00"\n'
        "themes: [astronomie-espace]\nformat: visite\naudience: [tout-public]\n"
        "price: gratuit\n",
    )
    site.update(TODAY)
    out = tmp_path / "froid"
    build_site(root, TODAY, out, FIXTURE_BASE_URL, use_cache=False)
    compared = 0
    for file in sorted(out.rglob("*")):
        path = file.relative_to(out).as_posix()
        if file.is_dir() or path in BUILD_MARKS or path.startswith("pagefind/"):
            continue
        assert site.read(path) == file.read_bytes(), path
        compared += 1
    assert compared > 250
    assert "les comètes" in text(site, EVENT_PAGE)
    assert "Nouvelle visite du planétarium" in text(site, "lieux/nef-mulhouse/index.html")


def test_an_error_keeps_the_last_good_site(fixture_site: SiteTree):
    site = live(fixture_site.root)
    home = site.read("index.html")
    fixture_site.event("casse", 'title: "x"\n')
    with pytest.raises(ContentError):
        site.update(TODAY)
    assert site.read("index.html") == home


def test_a_template_edit_shows_on_every_page(fixture_site: SiteTree):
    site = live(fixture_site.root)
    text(site, "index.html")
    base = fixture_site.root / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>Pied modifié</p></footer>"),
        encoding="utf-8",
    )
    site.update(TODAY)
    assert "Pied modifié" in text(site, "index.html")
    assert "Pied modifié" in text(site, EVENT_PAGE)


def test_the_search_index_comes_from_the_last_build_and_nowhere_else(
    fixture_site: SiteTree, tmp_path: Path
):
    built = tmp_path / "_site"
    (built / "pagefind").mkdir(parents=True)
    (built / "pagefind" / "pagefind.js").write_text("// index", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    site = live(fixture_site.root, search_folder=built)
    assert site.read("pagefind/pagefind.js") == b"// index"
    assert site.read("pagefind/../../secret.txt") is None
    assert site.read("pagefind/../secret.txt") is None


def test_nothing_is_served_before_the_first_update(fixture_site: SiteTree):
    store = open_cache(fixture_site.root, True, keep_in_memory=True)
    site = LiveSite(fixture_site.root, FIXTURE_BASE_URL, store)
    assert not site.ready and site.read("index.html") is None


def test_folders_of_a_path_go_from_the_deepest_to_the_root():
    assert list(_folders_of("lieux/x/page/2/index.html")) == [
        "/lieux/x/page/2/",
        "/lieux/x/page/",
        "/lieux/x/",
        "/lieux/",
        "/",
    ]
    assert list(_folders_of("agenda.ics")) == ["/"]


def test_the_history_is_read_again_after_a_commit_only(fixture_site: SiteTree):
    # Calendar stamps and the Atom feed come from git: a commit changes them, an edit
    # of the working copy does not (and serve does not read every version again).
    from tests.test_history import commit, git

    root = fixture_site.root
    git(root, "init", "--quiet")
    commit(root, {}, datetime(2026, 3, 1, 10, tzinfo=UTC), "premier")
    site = live(root)
    assert "2026-03-01T10:00:00Z" in text(site, "feed.xml")
    path = root / EVENT
    edited = path.read_text(encoding="utf-8").replace("la lumière", "la lueur")
    path.write_text(edited, encoding="utf-8")
    site.update(TODAY)
    assert "2026-03-01T10:00:00Z" in text(site, "feed.xml")
    assert "2026-04-02T08:00:00Z" not in text(site, "feed.xml")
    commit(root, {}, datetime(2026, 4, 2, 8, tzinfo=UTC), "second")
    site.update(TODAY)
    assert "2026-04-02T08:00:00Z" in text(site, "feed.xml")
