"""Printable programmes in the built fixture site (today = 2026-11-25): one per
département, venue and partner with events in the period, none for an empty one, each
linked from its page with its real size and page count, read back with pypdf."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from agenda.catalogue import Catalogue, build_catalogue
from agenda.pipeline import check_site
from agenda.programme_layout import Paper, lay_out
from agenda.programme_pdf import RenderedPdf, render
from agenda.programmes import (
    Period,
    Slice,
    file_size,
    link_text,
    made_pdf,
    period_days,
    printable_programmes,
    slice_programme,
    slices,
)
from agenda.urls import Links
from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY, BuiltSite, make_fixture_tree
from tests.pdfcheck import drawn_qr_codes, page_texts, reader

# The fixture's events in the coming month (25 November – 24 December 2026): the winter
# exhibition at the Nef (Mulhouse, Haut-Rhin), run by nef-test with mediatheque-test.
# In three months (to 24 February 2027) more events in Épinal, Sedan, Mulhouse, online.
EXPECTED_PDFS = {
    "departements/ardennes/programme-3-mois.pdf",
    "departements/haut-rhin/programme-mois.pdf",
    "departements/haut-rhin/programme-3-mois.pdf",
    "departements/vosges/programme-3-mois.pdf",
    "lieux/mediatheque-epinal/programme-3-mois.pdf",
    "lieux/nef-mulhouse/programme-mois.pdf",
    "lieux/nef-mulhouse/programme-3-mois.pdf",
    "lieux/salle-sedan/programme-3-mois.pdf",
    "partenaires/mediatheque-test/programme-mois.pdf",
    "partenaires/mediatheque-test/programme-3-mois.pdf",
    "partenaires/mediatheque-test/programme-3-mois-livret-a5.pdf",
    "partenaires/nef-test/programme-mois.pdf",
    "partenaires/nef-test/programme-3-mois.pdf",
    "partenaires/nef-test/programme-3-mois-livret-a5.pdf",
}
_LINK = re.compile(r'<a href="(?P<href>[^"]+\.pdf)" type="application/pdf">(?P<text>[^<]+)</a>')


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue]:
    root = tmp_path_factory.mktemp("programmes") / "site"
    make_fixture_tree(root)
    checked = check_site(root, FIXTURE_BASE_URL)
    assert checked.content is not None
    today = date.fromisoformat(FIXTURE_TODAY)
    return root, build_catalogue(checked.content, checked.config, today)


def text_of(data: bytes) -> str:
    """The document's text, no-break spaces (« 14 h 00 ») read as plain ones."""
    return "\n".join(page_texts(data)).replace("\u00a0", " ").replace("\u202f", " ")


def test_a_programme_exists_exactly_for_each_slice_with_events_in_the_period(
    built_site: BuiltSite,
):
    found = {p.relative_to(built_site.out).as_posix() for p in built_site.out.rglob("*.pdf")}
    assert found == EXPECTED_PDFS
    for path in found:
        pdf = reader((built_site.out / path).read_bytes())
        assert len(pdf.pages) >= 1


def test_each_page_links_its_programmes_with_their_real_size_and_page_count(
    built_site: BuiltSite,
):
    linked: set[str] = set()
    for page in ("departements/haut-rhin/", "lieux/nef-mulhouse/", "partenaires/nef-test/"):
        html = built_site.read("/" + page)
        links = list(_LINK.finditer(html))
        assert links, f"no programme link on {page}"
        for link in links:
            path = link["href"].lstrip("/")
            data = (built_site.out / path).read_bytes()
            pdf = reader(data)
            pages = re.search(r"(\d+) pages?", link["text"])
            assert pages is not None
            if path.endswith("-livret-a5.pdf"):  # two A5 pages a sheet side
                assert 2 * len(pdf.pages) >= int(pages[1]) > 2 * len(pdf.pages) - 4
                assert "livret A5" in link["text"]
            else:
                assert int(pages[1]) == len(pdf.pages)
                assert "(PDF, A4, " in link["text"]
            assert link["text"].endswith(f", {file_size(len(data))})")
            linked.add(path)
    assert "partenaires/nef-test/programme-3-mois-livret-a5.pdf" in linked
    # How to print the booklet is said only where there is one.
    assert "recto verso" in built_site.read("/partenaires/nef-test/")
    assert "recto verso" not in built_site.read("/lieux/nef-mulhouse/")


def test_a_page_without_events_in_the_period_has_no_programme_link(built_site: BuiltSite):
    html = built_site.read("/departements/aube/")
    assert "programme-imprimer" not in html and ".pdf" not in html
    assert not list((built_site.out / "departements/aube").glob("*.pdf"))


def test_the_month_programme_holds_the_events_of_the_month_only(built_site: BuiltSite):
    text = text_of((built_site.out / "partenaires/nef-test/programme-mois.pdf").read_bytes())
    assert "Exposition : la lumière en hiver" in text
    assert "Webinaire en ligne" not in text  # 20 January: in three months, not in one
    assert "du mercredi 25 novembre au jeudi 24 décembre 2026" in text


def test_the_three_month_programme_lists_events_in_date_order_with_their_details(
    built_site: BuiltSite,
):
    data = (built_site.out / "partenaires/nef-test/programme-3-mois.pdf").read_bytes()
    text = text_of(data)
    titles = [
        "Exposition : la lumière en hiver",  # under way: counts from today
        "Webinaire en ligne",  # 20 January
        "Conférence itinérante : la lumière des étoiles",  # 5 February
        "Journée portes ouvertes",  # 6 February
        "Conférence annulée",  # 10 February
        "Café des sciences, sur place et en ligne",  # 15 February
    ]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Visite à la nouvelle date" not in text  # April: beyond three months
    assert "mercredi 20 janvier 2027, 18 h 30 – 19 h 30" in text  # the time
    assert "2 bis rue des Frères Lumière, 68200 Mulhouse" in text  # the place
    assert "En ligne" in text
    assert "Public : Adultes" in text  # the audience
    assert "Tarif : gratuit" in text  # the price
    assert "Ouvert du mardi au dimanche, 14 h 00 – 18 h 00" in text
    assert "ANNULÉ" in text and text.index("ANNULÉ") < text.index("Conférence annulée")
    assert "Page 1 / 1" in text and "Accustica" in text


def test_a_venue_programme_shows_only_the_sessions_held_there(built_site: BuiltSite):
    text = text_of((built_site.out / "lieux/mediatheque-epinal/programme-3-mois.pdf").read_bytes())
    assert "Conférence itinérante : la lumière des étoiles" in text
    assert "vendredi 12 février 2027" in text  # in Épinal
    assert "vendredi 5 février 2027" not in text  # in Mulhouse
    assert "COMPLET" in text and "PASSÉ EN LIGNE" in text


def test_qr_codes_decode_to_the_absolute_event_urls(built_site: BuiltSite):
    data = (built_site.out / "departements/haut-rhin/programme-3-mois.pdf").read_bytes()
    codes = drawn_qr_codes(data)
    assert codes
    for code in codes:
        assert code.decoded == code.link
        assert re.fullmatch(rf"{FIXTURE_BASE_URL}/evenements/[a-z0-9-]+/", code.decoded)
        slug = code.decoded.rstrip("/").rsplit("/", 1)[1]
        assert (built_site.out / "evenements" / slug / "index.html").is_file()


def test_under_a_sub_path_the_codes_and_footer_carry_the_full_address(
    catalogue: tuple[Path, Catalogue],
):
    root, cat = catalogue
    base = "https://org.github.io/agenda"
    part = next(s for s in slices(cat) if s.page == "/lieux/nef-mulhouse/")
    programme = slice_programme(part, Period.MONTH, cat, Links(base), root)
    assert programme is not None
    data = render(lay_out(programme, Paper.A4)).data
    assert [c.decoded for c in drawn_qr_codes(data)] == [f"{base}/evenements/exposition-hiver/"]


def test_a_slice_without_events_in_the_period_has_no_programme(
    catalogue: tuple[Path, Catalogue],
):
    root, cat = catalogue
    empty = Slice("/departements/aube/", "Aube (10)", ())
    assert slice_programme(empty, Period.THREE_MONTHS, cat, Links(FIXTURE_BASE_URL), root) is None


def test_programmes_are_the_same_bytes_when_made_twice(catalogue: tuple[Path, Catalogue]):
    root, cat = catalogue
    links = Links(FIXTURE_BASE_URL)
    first = printable_programmes(root, cat, links)
    made_pdf.cache_clear()  # made again, not taken from the process's memo
    second = printable_programmes(root, cat, links)
    assert first == second
    assert made_pdf.cache_info().misses > 0
    assert {f.path for f in first.files} == EXPECTED_PDFS
    assert set(first.by_page) == {"/" + p.rsplit("/", 1)[0] + "/" for p in EXPECTED_PDFS}


@pytest.mark.parametrize(
    ("today", "period", "last"),
    [
        (date(2026, 11, 25), Period.MONTH, date(2026, 12, 24)),
        (date(2026, 11, 25), Period.THREE_MONTHS, date(2027, 2, 24)),
        (date(2026, 12, 1), Period.MONTH, date(2026, 12, 31)),
        (date(2027, 1, 31), Period.MONTH, date(2027, 2, 28)),  # no 31 February
        (date(2026, 11, 30), Period.THREE_MONTHS, date(2027, 2, 28)),
    ],
)
def test_period_days(today: date, period: Period, last: date):
    assert period_days(today, period) == (today, last)


def test_link_text_and_file_size_read_as_french():
    assert file_size(1) == "1 Ko"
    assert file_size(85 * 1024) == "85 Ko"
    assert file_size(85 * 1024 + 1) == "86 Ko"  # rounded up: never smaller than said
    assert file_size(1_300_000) == "1,2 Mo"
    a4 = RenderedPdf(b"x" * 2048, pages=2, sheets_sides=2)
    assert link_text(Period.MONTH, Paper.A4, a4) == (
        "Programme du mois à imprimer (PDF, A4, 2 pages, 2 Ko)"
    )
    booklet = RenderedPdf(b"x" * 3000, pages=5, sheets_sides=4)
    assert link_text(Period.THREE_MONTHS, Paper.A5_BOOKLET, booklet) == (
        "Programme des trois mois en livret A5 "
        "(PDF, 5 pages A5 sur 2 feuilles A4 recto verso à plier, 3 Ko)"
    )


def test_cached_programmes_follow_the_fonts_not_the_folder(
    catalogue: tuple[Path, Catalogue], tmp_path: Path
):
    import shutil

    from agenda.cache import BuildCache
    from agenda.programme_layout import FONT_BOLD, FONT_REGULAR

    root, cat = catalogue
    links = Links(FIXTURE_BASE_URL)
    first_store = BuildCache(tmp_path / "cache")
    first = printable_programmes(root, cat, links, first_store, 1)
    assert first_store.misses > 0 and first_store.hits == 0
    # The same repository checked out elsewhere: every PDF comes from the cache.
    moved = tmp_path / "ailleurs"
    shutil.copytree(root / "assets", moved / "assets")
    moved_store = BuildCache(tmp_path / "cache")
    again = printable_programmes(moved, cat, links, moved_store, 1)
    assert moved_store.misses == 0 and again.files == first.files
    # Another bold font: every PDF is made again, with it.
    shutil.copy(moved / FONT_REGULAR, moved / FONT_BOLD)
    font_store = BuildCache(tmp_path / "cache")
    other = printable_programmes(moved, cat, links, font_store, 1)
    assert font_store.hits == 0 and other.files != first.files
