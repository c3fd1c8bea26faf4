"""/integrer/ and the <iframe> pages: the snippets, the pages' links, escaping."""

from __future__ import annotations

import html
import re

from agenda import urls
from agenda.embed_pages import (
    FRAME_LIMIT,
    SliceOption,
    element_snippet,
    frame_height,
    frame_snippet,
)
from agenda.widget import SliceKind
from tests.conftest import FIXTURE_BASE_URL, BuiltSite

BASE = FIXTURE_BASE_URL


def textareas(page_html: str) -> dict[str, str]:
    """The text of each <textarea> by id, as the browser reads it."""
    found = re.findall(r'<textarea id="([^"]+)"[^>]*>(.*?)</textarea>', page_html, re.S)
    return {name: html.unescape(text) for name, text in found}


def test_embed_page_gives_ready_made_snippets_for_the_region(built_site: BuiltSite):
    page = built_site.read(urls.embed())
    codes = textareas(page)
    assert codes["code-region-element"] == (
        f'<script type="module" src="{BASE}/assets/js/agenda-csti.js"></script>\n'
        f'<agenda-csti><a href="{BASE}/">Agenda des sciences dans le Grand Est</a></agenda-csti>'
    )
    assert codes["code-region-cadre"] == (
        f'<iframe src="{BASE}/integrer/cadre/region/" '
        'title="Agenda des sciences dans le Grand Est" width="100%" height="545" '
        'loading="lazy"></iframe>'
    )
    # The generator waits for its script; the explanations do not.
    assert re.search(r"<section[^>]*data-generateur[^>]*hidden", page, re.S)
    assert 'departement="vosges"' in page and "limite=" in page
    assert f"script-src {BASE}" in page and f"connect-src {BASE}" in page
    assert f"frame-src {BASE}" in page
    assert "HTML personnalisé" in page  # WordPress
    assert re.search(r'<script type="module" src="/assets/js/integrer\.js\?v=\w+"></script>', page)


def test_embed_page_offers_every_slice_with_what_its_snippet_needs(built_site: BuiltSite):
    page = built_site.read(urls.embed())
    for kind in ("region", "departement", "lieu", "partenaire", "thematique", "public"):
        assert f'<option value="{kind}">' in page
    assert (
        '<option value="nef-mulhouse" data-titre="Agenda des sciences : La Nef des sciences, '
        f'Mulhouse" data-page="{BASE}/lieux/nef-mulhouse/" '
        f'data-cadre="{BASE}/integrer/cadre/lieu/nef-mulhouse/">'
    ) in page


def test_departement_venue_partner_and_theme_pages_link_to_the_generator(built_site: BuiltSite):
    expected = {
        "/departements/vosges/": "/integrer/?departement=vosges",
        "/lieux/nef-mulhouse/": "/integrer/?lieu=nef-mulhouse",
        "/partenaires/nef-test/": "/integrer/?partenaire=nef-test",
        "/thematiques/astronomie-espace/": "/integrer/?thematique=astronomie-espace",
    }
    for page, link in expected.items():
        assert f'<a href="{link}">Intégrer cet agenda à votre site</a>' in built_site.read(page)


def test_frame_page_lists_the_next_events_with_links_to_the_whole_window(built_site: BuiltSite):
    page = built_site.read(urls.embed_frame("departement", "vosges"))
    assert '<meta name="robots" content="noindex">' in page
    assert "<script" not in page and "<header" not in page
    assert (
        f'<a class="cadre__titre" href="{BASE}/evenements/atelier-complet/" target="_top">'
        "Atelier complet</a>"
    ) in page
    assert '<strong class="cadre__statut">Complet</strong>' in page
    assert f'<a href="{BASE}/departements/vosges/" target="_top">' in page
    assert page.count('class="cadre__evenement"') <= FRAME_LIMIT
    assert "/integrer/cadre/" not in built_site.read("/sitemap.xml")


def test_frame_page_escapes_hostile_titles(built_site: BuiltSite):
    page = built_site.read(urls.embed_frame("lieu", "salle-sedan"))
    assert "alert(&#39;titre&#39;)" in page
    assert "<script>alert" not in page


def test_snippets_escape_what_a_partner_wrote():
    option = SliceOption(
        "salle", 'Salle "A" <b>', 'Agenda : Salle "A" <b> & co', "https://x.org/lieux/salle/", ""
    )
    snippet = element_snippet(SliceKind.VENUE, option, "https://x.org/assets/js/agenda-csti.js", 3)
    assert snippet.endswith(
        '<agenda-csti lieu="salle" limite="3"><a href="https://x.org/lieux/salle/">'
        'Agenda : Salle "A" &lt;b&gt; &amp; co</a></agenda-csti>'
    )
    frame = frame_snippet(option, 3)
    assert 'title="Agenda : Salle &quot;A&quot; &lt;b&gt; &amp; co"' in frame
    assert frame_height(3) < frame_height(FRAME_LIMIT) == frame_height(FRAME_LIMIT + 20)


def test_each_frame_page_is_the_one_its_slice_gives_on_its_own():
    # embed_pages makes each event's frame entry once for all slices: every frame page
    # must equal the one made for its slice alone.
    from agenda.embed_pages import embed_pages, frame_page
    from agenda.urls import Links
    from agenda.widget import all_slices
    from tests.test_listing_index import sample_catalogue

    catalogue = sample_catalogue(300)
    links = Links("https://agenda.example.org")
    pages = list(embed_pages(catalogue, links))
    slices = list(all_slices(catalogue))
    assert pages[0].url == urls.embed() and len(pages) == 1 + len(slices)
    for page, part in zip(pages[1:], slices, strict=True):
        alone = frame_page(part, catalogue, links)
        assert page == alone
        assert len(page.context.events) == min(FRAME_LIMIT, len(part.events))
