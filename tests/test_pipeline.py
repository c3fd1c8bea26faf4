"""End to end: build the fixture content tree and check what a visitor would notice."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agenda.errors import ContentError
from agenda.pipeline import build_site, check_site
from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY, BuiltSite, build_fixture
from tests.htmlcheck import event_slugs_in_main, read_html

DEPARTEMENT_SLUGS = [
    "ardennes",
    "aube",
    "marne",
    "haute-marne",
    "meurthe-et-moselle",
    "meuse",
    "moselle",
    "bas-rhin",
    "haut-rhin",
    "vosges",
]
THEMES = [
    "astronomie-espace",
    "biodiversite-nature",
    "climat-energie",
    "numerique-robotique",
    "sante-corps-humain",
    "mathematiques",
    "physique-chimie",
    "terre-geologie",
    "patrimoine-industriel",
    "sciences-societe",
]
PAST = {"conference-tres-ancienne", "conference-automne-dst", "annulee-passee"}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_url_of_the_contract_exists(built_site: BuiltSite):
    content = check_site(built_site.root).content
    assert content is not None
    expected = [
        "/",
        "/archives/",
        "/agenda.ics",
        "/evenements.json",
        "/sitemap.xml",
        "/feed.xml",
        "/404.html",
    ]
    for slug in DEPARTEMENT_SLUGS:
        expected += [f"/departements/{slug}/", f"/departements/{slug}/agenda.ics"]
    for event in content.events:
        expected += [f"/evenements/{event.slug}/", f"/evenements/{event.slug}/{event.slug}.ics"]
    expected += [f"/lieux/{v.slug}/" for v in content.venues]
    expected += [f"/partenaires/{p.slug}/" for p in content.partners]
    expected += [f"/thematiques/{t}/" for t in THEMES]
    missing = [url for url in expected if not built_site.read(url)]
    assert missing == []


def test_home_lists_upcoming_events_in_date_order_and_no_past_ones(built_site: BuiltSite):
    slugs = event_slugs_in_main(built_site.read("/"))
    assert PAST.isdisjoint(slugs)
    # The exhibition under way (since 10 November) counts as upcoming and comes first.
    assert slugs[0] == "exposition-hiver"
    assert (
        slugs.index("atelier-complet")
        < slugs.index("webinaire-en-ligne")
        < slugs.index("cafe-mixte")
    )
    assert "webinaire-en-ligne" in slugs  # online-only events are on the home page
    assert {"conference-annulee", "spectacle-reporte", "atelier-complet"} <= set(slugs)


def test_home_links_to_the_ten_departements(built_site: BuiltSite):
    links = read_html(built_site.read("/")).links
    for slug in DEPARTEMENT_SLUGS:
        assert f"/departements/{slug}/" in links


def test_each_departement_page_lists_exactly_its_own_upcoming_events(built_site: BuiltSite):
    expected = {
        # The touring conference (Mulhouse on 5 February, Épinal on the 12th) is on
        # the page of both départements, at the date of its next session.
        "haut-rhin": [
            "exposition-hiver",
            "conference-itinerante",
            "cafe-mixte",
            "atelier-printemps-dst",
            "visite-nouvelle-date",
            "nuit-automne-dst",
        ],
        "ardennes": ["journee-portes-ouvertes", "conference-annulee", "atelier-markdown-piege"],
        "vosges": [
            "cycle-trois-seances",
            "atelier-complet",
            "conference-itinerante",
            "conference-en-ligne-deplacee",
            "spectacle-reporte",
        ],
        "marne": [],
    }
    for slug, events in expected.items():
        assert event_slugs_in_main(built_site.read(f"/departements/{slug}/")) == events, slug


def test_departement_page_lists_its_venues_and_offers_its_feed(built_site: BuiltSite):
    page = built_site.read("/departements/haut-rhin/")
    links = read_html(page).links
    assert "/lieux/nef-mulhouse/" in links
    assert "webcal://agenda.example.org/departements/haut-rhin/agenda.ics" in links
    assert "https://agenda.example.org/departements/haut-rhin/agenda.ics" in links
    assert any(
        link.startswith("https://calendar.google.com/calendar/r?cid=webcal") for link in links
    )


def test_archives_hold_past_events_only(built_site: BuiltSite):
    slugs = event_slugs_in_main(built_site.read("/archives/"))
    assert set(slugs) == PAST
    assert slugs[0] == "conference-automne-dst"  # most recent first


def test_statuses_are_shown_on_cards_and_pages(built_site: BuiltSite):
    home = built_site.read("/")
    for label in ("Annulé", "Reporté", "Complet", "Date modifiée", "Passé en ligne"):
        assert label in home
    page = built_site.read("/evenements/visite-nouvelle-date/")
    assert "samedi 10 avril 2027, 15\u00a0h\u00a000" in page  # the previous date, in words


def test_event_page_shows_every_field(built_site: BuiltSite):
    page = built_site.read("/evenements/cycle-trois-seances/")
    for text in (
        "Cycle : trois samedis d&#39;astronomie",
        "samedi 9 janvier 2027, 10\u00a0h\u00a000 – 12\u00a0h\u00a000",
        "samedi 16 janvier 2027",
        "samedi 23 janvier 2027",
        "Médiathèque, Épinal",
        "48 rue Saint-Michel",
        "88000",
        "de 8 à 12 ans",
        "gratuit",
        "tel:0329000000",
        "Réseau des médiathèques, Épinal",
        "Astronomie et espace",
        "Jeune public",
        "https://www.openstreetmap.org/?mlat=48.1725&amp;mlon=6.4497",
        "/evenements/cycle-trois-seances/cycle-trois-seances.ics",
    ):
        assert text in page, text


def test_touring_event_is_on_both_venue_pages_and_shows_each_session_venue(
    built_site: BuiltSite,
):
    for venue in ("nef-mulhouse", "mediatheque-epinal"):
        assert "conference-itinerante" in event_slugs_in_main(built_site.read(f"/lieux/{venue}/"))
    page = read_html(built_site.read("/evenements/conference-itinerante/"))
    assert "/lieux/nef-mulhouse/" in page.links and "/lieux/mediatheque-epinal/" in page.links
    html = built_site.read("/evenements/conference-itinerante/")
    quand = html.split('id="quand"', 1)[1].split("</section>", 1)[0]
    # Each date with its venue, in order.
    assert quand.index("5 février") < quand.index("La Nef des sciences") < quand.index("12 février")
    assert quand.index("12 février") < quand.index("Médiathèque, Épinal")
    ou = html.split('id="ou"', 1)[1].split("</section>", 1)[0]
    assert "Mulhouse" in ou and "Épinal" in ou and "(Haut-Rhin)" in ou and "(Vosges)" in ou


def test_event_page_embeds_json_ld_that_parses(built_site: BuiltSite):
    scripts = read_html(built_site.read("/evenements/cycle-trois-seances/")).scripts
    data = [
        json.loads(body) for attrs, body in scripts if attrs.get("type") == "application/ld+json"
    ]
    assert len(data) == 3  # one Event per session
    assert data[0]["startDate"] == "2027-01-09T10:00:00+01:00"


def test_hostile_markdown_and_titles_are_neutralised(built_site: BuiltSite):
    page = built_site.read("/evenements/atelier-markdown-piege/")
    lowered = page.lower()
    assert "alert('corps')" not in page
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered
    # The title tries to close the JSON-LD script: it must stay inside its string.
    parsed = read_html(page)
    executable = [
        body for attrs, body in parsed.scripts if attrs.get("type") != "application/ld+json"
    ]
    assert all("alert" not in body for body in executable)
    json_ld = [
        json.loads(body)
        for attrs, body in parsed.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    assert [item["name"] for item in json_ld] == [
        "Sciences, jeux ; et \\ défis </script><script>alert('titre')</script>"
    ]
    assert 'rel="noopener noreferrer"' in page


def test_pages_are_french_with_one_h1_and_ordered_headings(built_site: BuiltSite):
    for path in sorted(built_site.out.rglob("*.html")):
        parsed = read_html(path.read_text(encoding="utf-8"))
        assert parsed.lang == "fr", path
        assert parsed.headings.count(1) == 1, path
        previous = 0
        for level in parsed.headings:
            assert level <= previous + 1, (path, parsed.headings)
            previous = level


def test_every_page_states_its_accessibility_conformity(built_site: BuiltSite):
    for path in sorted(built_site.out.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "Accessibilité : non conforme" in text, path


def test_two_builds_are_byte_identical(built_site: BuiltSite, tmp_path: Path):
    again = tmp_path / "again"
    build_fixture(built_site.root, again)
    assert tree_digest(again) == tree_digest(built_site.out)


def test_cold_warm_serial_and_parallel_builds_are_byte_identical(
    fixture_site, tmp_path: Path
) -> None:
    # What the cache and the worker processes save must never show in the site.
    root = fixture_site.root
    today = date.fromisoformat(FIXTURE_TODAY)

    def build(name: str, **options: object) -> dict[str, str]:
        out = root / name
        report = build_site(root, today, out, FIXTURE_BASE_URL, **options)  # type: ignore[arg-type]
        return {  # type: ignore[dict-item]
            "digest": tree_digest(out),
            "hits": report.cache_hits,
            "misses": report.cache_misses,
        }

    cold = build("_froid", jobs=1, use_cache=False)
    first = build("_premier", jobs=2)
    warm = build("_chaud", jobs=2)
    serial = build("_serie", jobs=1)
    assert first["hits"] == 0 and warm["hits"] > 0
    # Nothing changed: every record, VEVENT, picture and programme comes from the cache.
    assert warm["misses"] == serial["misses"] == 0
    assert cold["digest"] == first["digest"] == warm["digest"] == serial["digest"]

    # An edit is rebuilt from the file, not served from the cache.
    event = root / "content/events/2027/atelier-complet.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace('"Atelier complet"', '"Atelier complet (modifié)"'), "utf-8")
    edited = build("_apres", jobs=2)
    uncached = build("_apres_froid", jobs=1, use_cache=False)
    assert edited["digest"] == uncached["digest"] != warm["digest"]


def test_small_cache_entries_are_kept_in_packs_not_one_file_each(fixture_site) -> None:
    # Records, VEVENT blocks and calendar frames are small and many (tens of thousands
    # at 10,000 events): a first build writes each kind in one pack.
    root = fixture_site.root
    today = date.fromisoformat(FIXTURE_TODAY)
    build_site(root, today, root / "_site", FIXTURE_BASE_URL)
    cache = root / ".cache" / "agenda"
    for namespace in ("records", "ical", "ical-frames"):
        assert [p.name for p in (cache / namespace).iterdir()] == ["pack"], namespace
    # One event edited: what is made again for it is found by the next build (from the
    # pack, or a file of its own when the pack is not rewritten: tests/test_cache.py).
    event = root / "content/events/2027/atelier-complet.md"
    event.write_text(event.read_text(encoding="utf-8").replace("14:00", "14:30"), "utf-8")
    again = build_site(root, today, root / "_site", FIXTURE_BASE_URL)
    third = build_site(root, today, root / "_site", FIXTURE_BASE_URL)
    assert third.cache_misses == 0 < again.cache_misses


def test_a_warm_build_writes_only_the_files_that_changed(fixture_site) -> None:
    root = fixture_site.root
    today = date.fromisoformat(FIXTURE_TODAY)
    first = build_site(root, today, root / "_site", FIXTURE_BASE_URL)
    again = build_site(root, today, root / "_site", FIXTURE_BASE_URL)
    assert first.unchanged == 0
    assert again.unchanged == again.files


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(
    built_site: BuiltSite, tmp_path: Path
):
    import shutil

    root = tmp_path / "site"
    shutil.copytree(built_site.root, root, ignore=shutil.ignore_patterns("_site"))
    out = root / "_site"
    build_fixture(root, out)
    before = tree_digest(out)
    broken = root / "content/events/2027/atelier-complet.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "venue: mediatheque-epinal", "venue: mediatheque-epinall"
        ),
        encoding="utf-8",
    )
    (root / "content/venues/salle-sedan.yaml").write_text(
        'name: "Salle"\naddress: "x"\npostal_code: "8200"\ncity: "Sedan"\n', encoding="utf-8"
    )
    with pytest.raises(ContentError) as raised:
        build_fixture(root, out)
    problems = raised.value.problems
    assert {p.path for p in problems if p.is_error} == {
        "content/events/2027/atelier-complet.md",
        "content/venues/salle-sedan.yaml",
    }
    venue_problem = next(p for p in problems if p.field == "venue")
    assert venue_problem.line == 3 and "mediatheque-epinal" in venue_problem.hint
    assert tree_digest(out) == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


class _UrlCollector(HTMLParser):
    """Every URL a page refers to: href, src, srcset, form actions, meta content (share
    images, canonical), and the data-* attributes the scripts read (the filters' JSON
    index, the vendored Leaflet files, the Pagefind bundle, a venue's page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                self.urls += [(name, item.split()[0]) for item in value.split(",") if item]
            elif name in ("href", "src", "action", "content", "poster") or (
                name.startswith("data-") and value.startswith(("/", "http"))
            ):
                self.urls.append((name, value))


def _local_target(link: str, base_url: str, base_path: str) -> str | None:
    """The path under the site of a link to the site itself, else None."""
    origin_free = base_url.split("://", 1)[1]
    for prefix in (base_url, "webcal://" + origin_free):
        if link == prefix or link.startswith(prefix + "/"):
            return base_path + link.removeprefix(prefix) or base_path + "/"
    if link.startswith("/") and not link.startswith("//"):
        return link
    return None


# leaflet.css styles the layers control too; our maps have none, so its two pictures are
# not vendored on purpose (scripts/vendor-leaflet.sh).
UNUSED_LEAFLET_IMAGES = {"images/layers.png", "images/layers-2x.png"}


def _css_references(out: Path) -> list[tuple[Path, Path]]:
    """(stylesheet, file) for every relative url() of the built stylesheets."""
    found = []
    for sheet in out.glob("assets/**/*.css"):
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text("utf-8")):
            url = match.group(1)
            if sheet.name == "leaflet.css" and url in UNUSED_LEAFLET_IMAGES:
                continue
            if not url.startswith(("#", "data:", "http", "/")):
                found.append((sheet, (sheet.parent / url.split("?")[0]).resolve()))
    return found


def assert_every_internal_link_resolves(
    out: Path, base_path: str, base_url: str = FIXTURE_BASE_URL
) -> int:
    """Every link of every page to the site itself (root-relative or absolute, in any
    attribute above, the sitemap included) leads to a file of the build, as do the
    stylesheets' url()s."""
    checked = 0
    pages: list[tuple[Path, list[tuple[str, str]]]] = []
    for page in sorted(out.rglob("*.html")):
        collector = _UrlCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        pages.append((page, collector.urls))
    sitemap = out / "sitemap.xml"
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    pages.append((sitemap, [("loc", loc) for loc in locs]))
    for page, urls in pages:
        for attribute, link in urls:
            local = _local_target(link, base_url, base_path)
            if local is None:
                continue
            assert local.startswith(base_path + "/"), (page, link)
            target = local.removeprefix(base_path).split("#")[0].split("?")[0]
            file = out / target.lstrip("/")
            if attribute.startswith("data-") and target.endswith("/") and file.is_dir():
                pass  # a folder the script reads from (the site, the search bundle)
            elif target.endswith("/"):
                file = file / "index.html"
            assert file.exists(), (page, link)
            checked += 1
    for sheet, file in _css_references(out):
        assert file.is_file(), (sheet, file)
        checked += 1
    return checked


def test_every_internal_link_resolves_at_the_domain_root(built_site: BuiltSite):
    assert assert_every_internal_link_resolves(built_site.out, "") > 500


def test_sub_path_build_resolves_every_internal_link(built_site: BuiltSite, tmp_path: Path):
    out = tmp_path / "subpath"
    base_url = "https://consortium.github.io/agenda"
    build_fixture(built_site.root, out, base_url=base_url)
    assert assert_every_internal_link_resolves(out, "/agenda", base_url) > 500


def test_the_link_check_sees_what_the_scripts_and_share_cards_refer_to(built_site: BuiltSite):
    """The new pages and files are reached by the check above, not just present."""
    seen: set[str] = set()
    for page in built_site.out.rglob("*.html"):
        collector = _UrlCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        seen |= {value for _, value in collector.urls}
    for expected in (
        "/recherche/",
        "/pagefind/",
        "/departements/",
        "/lieux/",
        "/partenaires/",
        "/thematiques/",
        "https://agenda.example.org/partage.png",
        "https://agenda.example.org/evenements/exposition-hiver/partage.png",
    ):
        assert expected in seen, expected
    for prefix in (
        "/donnees/",
        "/assets/vendor/leaflet/leaflet.js",
        "/assets/vendor/leaflet/leaflet.css",
    ):
        assert any(value.startswith(prefix) for value in seen), prefix


def test_pages_beyond_the_first_resolve_every_link_at_root_and_sub_path(site, tmp_path: Path):
    many_events_site(site, 65)
    for base_url, base_path in (
        ("https://agenda.example.org", ""),
        ("https://consortium.github.io/agenda", "/agenda"),
    ):
        out = tmp_path / ("out" + base_path.replace("/", "-"))
        build_site(site.root, date(2026, 11, 25), out, base_url)
        assert (out / "agenda" / "page" / "3" / "index.html").is_file()
        assert assert_every_internal_link_resolves(out, base_path, base_url) > 500


def test_index_about_and_legal_pages_exist_and_the_header_leads_to_them(built_site: BuiltSite):
    for url in ("/departements/", "/lieux/", "/partenaires/", "/thematiques/"):
        assert built_site.read(url), url
    venues = built_site.read("/lieux/")
    assert "Haut-Rhin" in venues and "/lieux/nef-mulhouse/" in read_html(venues).links
    assert "événement" in venues  # counts of upcoming events
    departements = read_html(built_site.read("/departements/")).links
    assert all(f"/departements/{slug}/" in departements for slug in DEPARTEMENT_SLUGS)
    home_links = read_html(built_site.read("/")).links
    assert {"/departements/", "/thematiques/", "/a-propos/", "/mentions-legales/"} <= set(
        home_links
    )
    about = built_site.read("/a-propos/")
    for name in ("La Nef des sciences", "Accustica", "Université de Lorraine"):
        assert name in about
    assert "/partenaires/nef-test/" in read_html(about).links
    legal = built_site.read("/mentions-legales/")
    for heading in ("Éditeur", "Hébergeur", "Directeur", "licence", "Contact"):
        assert heading in legal
    assert "Accustica" in built_site.read("/404.html")  # every footer names the consortium
    assert '<link rel="icon" href="/assets/images/favicon.svg"' in built_site.read("/")
    sitemap = built_site.read("/sitemap.xml")
    for url in ("/agenda/", "/lieux/", "/a-propos/", "/departements/vosges/passes/"):
        assert f"https://agenda.example.org{url}<" in sitemap


def test_a_departement_links_to_its_own_past_events(built_site: BuiltSite):
    links = read_html(built_site.read("/departements/vosges/")).links
    assert "/departements/vosges/passes/" in links
    vosges = event_slugs_in_main(built_site.read("/departements/vosges/passes/"))
    assert vosges == ["conference-automne-dst", "conference-tres-ancienne"]  # latest first
    assert event_slugs_in_main(built_site.read("/departements/ardennes/passes/")) == [
        "annulee-passee"
    ]
    assert event_slugs_in_main(built_site.read("/departements/haut-rhin/passes/")) == []


def test_cards_carry_what_people_filter_on(built_site: BuiltSite):
    home = built_site.read("/")
    card = home[home.index('href="/evenements/exposition-hiver/"') :]
    card = card[: card.index("</article>")]
    assert "Gratuit" in card
    assert 'role="img" aria-label="Accueil adapté : handicap' in card
    listing = built_site.read("/departements/vosges/")
    cycle = listing[listing.index('href="/evenements/cycle-trois-seances/"') :]
    assert "8–12 ans" in cycle[: cycle.index("</article>")]


def many_events_site(site, count: int) -> None:
    site.partner("la-nef", 'name: "La Nef"\n')
    site.venue("mediatheque-epinal")
    for n in range(count):
        day = date(2027, 1, 1).toordinal() + n
        site.event(
            f"atelier-{n:03d}",
            f"""
            title: "Atelier {n:03d}"
            organizer: la-nef
            venue: mediatheque-epinal
            themes: [mathematiques]
            start: "{date.fromordinal(day).isoformat()} 14:00"
            """,
        )


def test_listings_are_cut_into_linked_pages_of_thirty(site, tmp_path: Path):
    many_events_site(site, 65)
    out = tmp_path / "out"
    build_site(site.root, date(2026, 11, 25), out, "https://agenda.example.org")
    for first in (
        "/departements/vosges/",
        "/agenda/",
        "/lieux/mediatheque-epinal/",
        "/partenaires/la-nef/",
        "/thematiques/mathematiques/",
    ):
        pages = [first, f"{first}page/2/", f"{first}page/3/"]
        assert not (out / first.lstrip("/") / "page" / "4").exists()
        seen: list[str] = []
        for number, url in enumerate(pages, 1):
            text = (out / url.lstrip("/") / "index.html").read_text("utf-8")
            slugs = event_slugs_in_main(text)
            assert len(slugs) == (30 if number < 3 else 5), url
            seen += slugs
            assert f'<a href="{url}" aria-current="page">' in text, url
            if number > 1:
                assert f'href="{pages[number - 2]}" rel="prev"' in text, url
            if number < 3:
                assert f'href="{pages[number]}" rel="next"' in text, url
        assert seen == [f"atelier-{n:03d}" for n in range(65)], first
    home = (out / "index.html").read_text("utf-8")
    assert len(event_slugs_in_main(home)) == 20  # nothing this week: the next 20
    assert "/agenda/" in read_html(home).links
    assert assert_every_internal_link_resolves(out, "") > 0
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "https://agenda.example.org/departements/vosges/page/3/<" in sitemap


def test_a_cancelled_or_postponed_event_offers_no_registration(site, tmp_path: Path):
    site.partner("la-nef", 'name: "La Nef"\n')
    site.venue("mediatheque-epinal")
    for slug, status in (("annule", "cancelled"), ("reporte", "postponed"), ("prevu", "full")):
        site.event(
            slug,
            f"""
            title: "Atelier {slug}"
            organizer: la-nef
            venue: mediatheque-epinal
            start: "2027-01-09 14:00"
            status: {status}
            registration: "https://billetterie.example.org/{slug}"
            """,
        )
    out = tmp_path / "out"
    build_site(site.root, date(2026, 11, 25), out, "https://agenda.example.org")
    for slug in ("annule", "reporte"):
        page = (out / "evenements" / slug / "index.html").read_text("utf-8")
        assert "billetterie" not in page, slug  # neither the link nor the JSON-LD offer
        assert "Inscription</strong> : fermée" in page
        assert "billetterie" not in (out / "evenements" / slug / f"{slug}.ics").read_text()
    full = (out / "evenements" / "prevu" / "index.html").read_text("utf-8")
    assert "https://billetterie.example.org/prevu" in read_html(full).links


def test_build_reports_counts_and_uses_today(built_site: BuiltSite, tmp_path: Path):
    report = build_site(
        built_site.root,
        date.fromisoformat(FIXTURE_TODAY),
        tmp_path / "o",
        "https://agenda.example.org",
    )
    assert report.events == 17
    assert report.pages >= 16 + 10 + 3 + 2 + 10 + 4
    later = tmp_path / "later"
    build_site(built_site.root, date(2027, 6, 1), later, "https://agenda.example.org")
    archives = (later / "archives" / "index.html").read_text(encoding="utf-8")
    assert "/evenements/cycle-trois-seances/" in archives


def test_a_title_closing_the_json_ld_script_stays_data_in_the_built_page(site, tmp_path):
    """The title passes validation (it is text); the page must keep it inside the JSON."""
    title = "</script><script>alert(1)</script>"
    site.partner("la-nef", 'name: "La Nef"\n')
    site.venue("mediatheque-epinal")
    site.event(
        "piege",
        f"""
        title: '{title}'
        summary: '</SCRIPT ><img src=x onerror=alert(2)>'
        organizer: la-nef
        venue: mediatheque-epinal
        start: "2025-10-04 14:00"
        """,
        body="[lien](javascript:alert(3)) <script>alert(4)</script>\n",
    )
    out = tmp_path / "out"
    build_site(site.root, date(2025, 10, 1), out, "https://agenda.example.org")
    parsed = read_html((out / "evenements" / "piege" / "index.html").read_text("utf-8"))
    json_ld = [body for attrs, body in parsed.scripts if attrs.get("type") == "application/ld+json"]
    assert len(json_ld) == 1
    item = json.loads(json_ld[0])
    assert item["name"] == title
    assert item["description"] == "</SCRIPT ><img src=x onerror=alert(2)>"
    assert all("alert" not in body for attrs, body in parsed.scripts if body not in json_ld)
    # And the other outputs of the same build read back with their own parsers.
    import csv
    import io
    from xml.etree import ElementTree as ET

    import feedparser
    import icalendar

    rows = list(csv.DictReader(io.StringIO((out / "evenements.csv").read_text("utf-8"))))
    assert [r["title"] for r in rows] == [title]
    assert not feedparser.parse((out / "feed.xml").read_bytes()).bozo
    ET.fromstring((out / "sitemap.xml").read_bytes())
    calendar = icalendar.Calendar.from_ical((out / "evenements/piege/piege.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [title]
    events = json.loads((out / "evenements.json").read_text("utf-8"))["events"]
    assert [e["title"] for e in events] == [title]


# Assets: nothing outside the repository is ever copied --------------------------------


def test_asset_files_skip_links_even_when_called_on_their_own(site, tmp_path: Path):
    import os

    from agenda.catalogue import build_catalogue
    from agenda.pipeline import asset_files

    site.partner("p")
    site.venue("v")
    site.write("content/events/photo.jpg", "image")
    site.event(
        "expo",
        "title: Expo\norganizer: p\nvenue: v\nstart: 2025-10-04\n"
        "image: content/events/photo.jpg\nimage_alt: Une photo",
    )
    checked = check_site(site.root)
    assert checked.content is not None, checked.problems
    catalogue = build_catalogue(checked.content, checked.config, date(2025, 9, 1))
    outside = tmp_path / "dehors"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET", encoding="utf-8")
    os.symlink(outside, site.root / "assets" / "dehors")
    os.symlink("/etc/passwd", site.root / "assets" / "passwd.txt")
    # The image is swapped for a link after the check: it must not be copied either.
    (site.root / "content/events/photo.jpg").unlink()
    os.symlink("/etc/passwd", site.root / "content/events/photo.jpg")
    copied = {f.path for f in asset_files(site.root, catalogue)}
    assert "assets/css/site.css" in copied
    assert not {p for p in copied if "dehors" in p or "passwd" in p}
    assert "content/events/photo.jpg" not in copied
    problems = check_site(site.root).problems
    assert {"assets/dehors", "assets/passwd.txt", "content/events/photo.jpg"} <= {
        p.path for p in problems if p.is_error
    }


def test_the_project_content_passes_check():
    """The sample content of the repository itself: a rule that rejects it is a regression."""
    from tests.conftest import REPO

    result = check_site(REPO)
    assert [p.as_text() for p in result.problems if p.is_error] == []
    assert result.content is not None and len(result.content.events) > 40


def test_event_page_says_when_its_accessibility_is_the_venues(built_site):
    """nef-mulhouse is wheelchair- and hearing-accessible; an event there that says
    nothing shows it, and says it comes from the venue."""
    page = built_site.read("/evenements/cafe-mixte/")
    assert "Le lieu indique un accueil adapté" in page
    assert "Handicap moteur" in page
    own = built_site.read("/evenements/exposition-hiver/")
    assert "Le lieu indique un accueil adapté" not in own
