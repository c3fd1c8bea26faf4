"""The listing filters (assets/js/filtres.js) in a real browser: each filter, combined
filters, the URL round-trip, the live region, keyboard-only use, and no JavaScript.

The fixture site is built for 2026-11-25 (a Wednesday); the browser's clock is set to
the same day (or another, for the date filters) in Europe/Paris."""

from __future__ import annotations

import pytest

from tests.test_browser import PHONE, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

RESULTS = "[data-filtres-resultats] a"
STATUS = "[data-filtres-statut]"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-25T10:00:00+01:00")
    yield page
    context.close()


def counted(page) -> str:
    page.wait_for_function(
        "(s) => /correspond/.test(document.querySelector(s).textContent)", arg=STATUS
    )
    return page.inner_text(STATUS)


def shown(page) -> list[str]:
    counted(page)
    hrefs = page.eval_on_selector_all(RESULTS, "els => els.map(e => e.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


ALL_UPCOMING = 14


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "departement=88",
            [
                "cycle-trois-seances",
                "atelier-complet",
                "conference-itinerante",  # its second session is in Épinal
                "conference-en-ligne-deplacee",
                "spectacle-reporte",
            ],
        ),
        ("format=atelier", ["cycle-trois-seances", "atelier-complet", "atelier-printemps-dst"]),
        (
            "theme=astronomie-espace",
            [
                "exposition-hiver",
                "cycle-trois-seances",
                "conference-itinerante",
                "nuit-automne-dst",
            ],
        ),
        ("public=familles", ["exposition-hiver", "atelier-printemps-dst"]),
        (
            "gratuit=1",
            [
                "exposition-hiver",
                "cycle-trois-seances",
                "webinaire-en-ligne",
                "conference-itinerante",
                "journee-portes-ouvertes",
            ],
        ),
        # Its own, or its venue's when it says nothing (nef-mulhouse: moteur, auditif).
        (
            "acces=moteur",
            [
                "exposition-hiver",
                "cafe-mixte",
                "atelier-printemps-dst",
                "visite-nouvelle-date",
                "nuit-automne-dst",
            ],
        ),
        ("en-ligne=1", ["webinaire-en-ligne", "cafe-mixte", "conference-en-ligne-deplacee"]),
        ("quand=aujourdhui", ["exposition-hiver"]),  # an exhibition under way counts
        (
            "quand=dates&du=2027-02-01&au=2027-02-12",
            ["conference-itinerante", "journee-portes-ouvertes", "conference-annulee"],
        ),
        # Combined filters.
        (
            "theme=astronomie-espace&gratuit=1",
            ["exposition-hiver", "cycle-trois-seances", "conference-itinerante"],
        ),
        ("departement=88&format=atelier", ["cycle-trois-seances", "atelier-complet"]),
    ],
)
def test_each_filter_alone_and_combined(page, server, query, expected):
    page.goto(f"{server}/?{query}")
    assert shown(page) == expected
    # The server list is hidden while a filter is active.
    assert not page.locator("main > section.month").first.is_visible()


def test_age_keeps_events_open_to_that_age(page, server):
    page.goto(f"{server}/?age=10")
    assert len(shown(page)) == ALL_UPCOMING  # 8–12 ans, and every event without limits
    page.goto(f"{server}/?age=5")
    assert "cycle-trois-seances" not in shown(page)
    assert len(shown(page)) == ALL_UPCOMING - 1


@pytest.mark.parametrize(
    ("quand", "expected"),
    [
        ("aujourdhui", ["exposition-hiver"]),
        ("week-end", ["exposition-hiver", "cycle-trois-seances"]),  # 16–17 janvier
        ("semaine", ["exposition-hiver", "cycle-trois-seances"]),  # jusqu'au dimanche 17
        ("mois", ["exposition-hiver", "cycle-trois-seances", "webinaire-en-ligne"]),
    ],
)
def test_date_shortcuts_in_paris_time(browser, server, quand, expected):
    # Thursday 14 January 2027, 23:30 in Paris (already Friday 15 in Tokyo, the device's
    # zone): the filters count in Paris. The atelier of the 12th is over: not listed.
    context = browser.new_context(viewport=PHONE, locale="fr-FR", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.clock.set_fixed_time("2027-01-14T23:30:00+01:00")
    page.goto(f"{server}/?quand={quand}")
    found = shown(page)
    context.close()
    assert found == expected


def test_form_updates_the_url_and_the_url_restores_the_form(page, server):
    page.goto(server + "/")
    assert page.locator(STATUS).inner_text() == ""
    page.locator(".filtres summary").click()
    page.get_by_label("Thématique", exact=True).select_option("astronomie-espace")
    page.get_by_label("Gratuit seulement").check()
    page.get_by_role("radio", name="Ce week-end").check()
    page.wait_for_function("() => location.search.includes('gratuit')")
    assert page.evaluate("location.search") == "?quand=week-end&theme=astronomie-espace&gratuit=1"
    assert shown(page) == ["exposition-hiver"]
    url = page.url
    page.goto(url)  # a shared or bookmarked link
    assert shown(page) == ["exposition-hiver"]
    assert page.get_by_label("Thématique", exact=True).input_value() == "astronomie-espace"
    assert page.get_by_label("Gratuit seulement").is_checked()
    assert page.get_by_role("radio", name="Ce week-end").is_checked()
    assert page.locator(".filtres details").get_attribute("open") is not None
    # Clearing the filters brings back the server's list and a clean address.
    page.get_by_role("button", name="Effacer les filtres").click()
    page.wait_for_function("() => location.search === ''")
    assert page.locator("main section.listing").first.is_visible()  # the home page's own lists
    assert not page.locator("[data-filtres-resultats]").is_visible()


def test_live_region_announces_the_count(page, server):
    page.goto(f"{server}/?theme=astronomie-espace&gratuit=1")
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    assert counted(page) == "3 événements correspondent"
    page.goto(f"{server}/?acces=moteur&en-ligne=1")
    assert counted(page) == "1 événement correspond"  # the café, on site and online
    page.goto(f"{server}/?acces=visuel")
    assert counted(page) == "Aucun événement ne correspond à ces filtres."
    assert shown(page) == []


def test_unknown_values_in_the_url_are_ignored(page, server):
    page.goto(f"{server}/?theme=inconnu&departement=75&age=abc&gratuit=1")
    assert len(shown(page)) == 5
    assert page.evaluate("location.search") == "?gratuit=1"


def test_departement_and_theme_pages_filter_their_own_events(page, server):
    page.goto(f"{server}/departements/vosges/?format=atelier")
    assert shown(page) == ["cycle-trois-seances", "atelier-complet"]
    assert page.locator("#filtre-departement").count() == 0
    page.goto(f"{server}/thematiques/astronomie-espace/?gratuit=1")
    assert shown(page) == ["exposition-hiver", "cycle-trois-seances", "conference-itinerante"]
    assert page.locator("#filtre-theme").count() == 0


def test_results_are_links_with_date_and_town(page, server):
    page.goto(f"{server}/?departement=88&format=atelier")
    counted(page)
    items = page.locator("[data-filtres-resultats] li")
    first = items.nth(0).inner_text()
    assert "Cycle : trois samedis d'astronomie" in first
    assert "samedi 9 janvier 2027, 10 h 00" in first and "(et 2 autres dates)" in first
    assert "Épinal (88)" in first
    assert "complet" in items.nth(1).inner_text().lower()
    assert page.locator(RESULTS).first.get_attribute("href") == "/evenements/cycle-trois-seances/"
    page.locator(RESULTS).first.click()
    page.wait_for_url("**/evenements/cycle-trois-seances/")


def test_without_javascript_the_full_list_and_no_form(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/?theme=astronomie-espace")
    assert not page.locator(".filtres").is_visible()
    assert page.locator(".filtres form").get_attribute("data-index")
    # The query is ignored: the home page shows its own (bounded) lists, unfiltered…
    filtered = page.locator("main .card a").evaluate_all("links => links.map(a => a.href)")
    page.goto(f"{server}/")
    plain = page.locator("main .card a").evaluate_all("links => links.map(a => a.href)")
    # …and « Tout l'agenda » leads to every upcoming event, without JavaScript.
    page.goto(f"{server}/agenda/")
    everything = page.locator("main .card").count()
    context.close()
    assert filtered == plain and plain
    assert everything == ALL_UPCOMING


def test_keyboard_only(page, server):
    page.goto(server + "/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("the filters' summary is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.locator(".filtres details").get_attribute("open") is not None
    page.keyboard.press("Tab")  # the first radio: « Toutes les dates »
    assert page.evaluate("document.activeElement.value") == ""
    page.keyboard.press("ArrowRight")  # « Aujourd'hui »
    assert shown(page) == ["exposition-hiver"]
    assert "quand=aujourdhui" in page.url
    # Tab goes through every control, each with a visible focus ring, and out again.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.name || e.textContent.trim(), s.outlineStyle, parseFloat(s.outlineWidth),"
            " !!e.closest('form')]; })()"
        )
        if not state[3]:
            break
        seen.append(state[0])
        if state[0] not in ("du", "au"):  # date fields: the focused segment is highlighted
            assert state[1] != "none" and state[2] >= 2, state
    else:
        pytest.fail("focus never leaves the filter form")
    assert {"du", "au", "departement", "format", "theme", "public", "age", "gratuit"} <= set(seen)
    assert "Effacer les filtres" in seen
    # Focus went on to the results.
    assert page.evaluate("document.activeElement.closest('[data-filtres-resultats]') !== null")
