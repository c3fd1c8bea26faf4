"""À propos and Mentions légales, from site_config.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from agenda import urls
from agenda.catalogue import Catalogue, sort_text
from agenda.index_pages import partner_links
from agenda.page import NamedLink, Page


@dataclass(frozen=True)
class AboutContext:
    """À propos: who publishes the agenda, and its partners."""

    consortium: tuple[str, ...]
    partners: tuple[NamedLink, ...]


@dataclass(frozen=True)
class LegalContext:
    """Mentions légales, from site_config.yaml."""

    publisher: str
    publisher_address: str
    publication_director: str
    host: str
    host_address: str
    contact_email: str
    licence_name: str
    licence_url: str


def about_pages(catalogue: Catalogue) -> Iterator[Page]:
    """À propos and Mentions légales."""
    config = catalogue.config
    partners = sorted(catalogue.partners.values(), key=lambda p: (sort_text(p.name), p.slug))
    yield Page(
        urls.about(),
        "a-propos.html",
        AboutContext(config.consortium, partner_links(partners, catalogue)),
        "À propos",
        "Qui publie l'agenda de la culture scientifique du Grand Est, avec quels partenaires.",
    )
    yield Page(
        urls.legal_notice(),
        "mentions-legales.html",
        LegalContext(
            publisher=config.publisher,
            publisher_address=config.publisher_address,
            publication_director=config.publication_director,
            host=config.host,
            host_address=config.host_address,
            contact_email=config.contact_email,
            licence_name=config.licence_name,
            licence_url=config.licence_url,
        ),
        "Mentions légales",
    )
