"""site_config.yaml → a frozen SiteConfig: départements, vocabularies, base URL, defaults."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from agenda.config_checks import (
    LEGAL_KEYS,
    ConfigChecker,
    read_accessibility_status,
    read_base_url,
    read_cms_auth_base_url,
    read_consortium,
    read_contact_email,
    read_departements,
    read_licence,
    read_output_dir,
    read_region_bounds,
    read_repository,
    read_terms,
)
from agenda.config_file import read_config_file
from agenda.errors import ContentError


@dataclass(frozen=True)
class Departement:
    """One of the région's départements."""

    code: str
    name: str
    slug: str
    in_name: str = ""  # « dans l'Aube », « en Moselle »: for sentences

    @property
    def in_phrase(self) -> str:
        """The name with its preposition, « en <name> » when the config gives none."""
        return self.in_name or f"en {self.name}"


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary (theme, format, audience, accessibility)."""

    slug: str
    label: str
    openagenda: str = ""


# Titles are sorted by it at every build and every `serve` update: 10,000 of them.
@functools.lru_cache(maxsize=65536)
def normalise_term(text: str) -> str:
    """Lower-case, accents removed, spaces to hyphens: « Conférence » → « conference »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(ascii_text.replace("_", " ").replace("'", " ").split())


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list of terms, looked up by slug or by label."""

    name: str
    terms: tuple[Term, ...]
    _index: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Term] = {}
        for term in self.terms:
            index[normalise_term(term.slug)] = term
            index[normalise_term(term.label)] = term
        object.__setattr__(self, "_index", index)

    def find(self, text: str) -> Term | None:
        """The term written as `text` (slug or label, any case or accents), or None."""
        return self._index.get(normalise_term(text))

    def get(self, slug: str) -> Term:
        """The term with this exact slug (for values already validated)."""
        return self._index[slug]

    @property
    def slugs(self) -> list[str]:
        """Every slug, in the configured order."""
        return [t.slug for t in self.terms]


@dataclass(frozen=True)
class RegionBounds:
    """The région's bounding box, to catch swapped or mistyped coordinates."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point lies inside the box."""
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


@dataclass(frozen=True)
class SiteConfig:
    """Everything site_config.yaml says, with defaults, checked once."""

    title: str
    description: str
    base_url: str
    output_dir: str
    feed_past_months: int
    feed_refresh_hours: int
    licence_name: str
    licence_url: str
    accessibility_status: str
    accessibility_statement_url: str
    region_bounds: RegionBounds
    departements: tuple[Departement, ...]
    themes: Vocabulary
    formats: Vocabulary
    audiences: Vocabulary
    accessibility: Vocabulary
    image_max_bytes: int = 1_000_000
    content_max_bytes: int = 1_000_000  # the largest content file accepted
    repository: str = "agenda-csti-grand-est/agenda"  # GitHub owner/name, for the CMS
    cms_branch: str = "main"  # the branch the CMS opens its pull requests against
    cms_auth_base_url: str = ""  # the OAuth service the CMS signs in through, if any
    cms_auth_endpoint: str = "auth"
    # Who publishes the site: « À propos », « Mentions légales » and the footer.
    consortium: tuple[str, ...] = ()
    publisher: str = ""  # éditeur
    publisher_address: str = ""
    publication_director: str = ""  # directeur ou directrice de la publication
    host: str = ""  # hébergeur
    host_address: str = ""
    contact_email: str = ""

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: "" at a domain root, "/agenda" for a sub-path."""
        return urlsplit(self.base_url).path.rstrip("/")

    def departement_by_code(self, code: str) -> Departement | None:
        """The département with this code, or None when it is outside the région."""
        for dep in self.departements:
            if dep.code == code:
                return dep
        return None


def load_config(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read site_config.yaml from `root`; raise ContentError listing every problem."""
    node, values = read_config_file(root)
    check = ConfigChecker(node, values)
    title = check.text("title", example="Agenda CSTI Grand Est")
    description = check.text("description", example="Les rendez-vous de la CSTI…")
    url = read_base_url(check, base_url)
    output_dir = read_output_dir(check, root)
    feed_past_months = check.integer("feed_past_months", minimum=0, example=6)
    feed_refresh_hours = check.integer("feed_refresh_hours", minimum=1, example=12)
    image_max_bytes = check.integer("image_max_bytes", minimum=1, example=1_000_000)
    content_max_bytes = check.integer("content_max_bytes", minimum=1, example=1_000_000)
    licence_name, licence_url = read_licence(check)
    status = read_accessibility_status(check)
    statement_url = check.text("accessibility_statement_url", example="/accessibilite/")
    repository = read_repository(check)
    cms_branch = check.text("cms_branch", example="main")
    auth_base_url = read_cms_auth_base_url(check)
    auth_endpoint = check.text("cms_auth_endpoint", example="auth")
    consortium = read_consortium(check)
    legal = {key: check.text(key, example="…").strip() for key in LEGAL_KEYS}
    contact_email = read_contact_email(check)
    region_bounds = RegionBounds(*read_region_bounds(check))
    departements = tuple(Departement(*entry) for entry in read_departements(check))
    vocabularies = {
        name: Vocabulary(name, tuple(Term(*entry) for entry in read_terms(check, name)))
        for name in ("themes", "formats", "audiences", "accessibility")
    }
    if check.problems:
        raise ContentError(check.problems)
    return SiteConfig(
        title=title,
        description=" ".join(description.split()),
        base_url=url,
        output_dir=output_dir,
        feed_past_months=feed_past_months,
        feed_refresh_hours=feed_refresh_hours,
        licence_name=licence_name,
        licence_url=licence_url,
        accessibility_status=status,
        accessibility_statement_url=statement_url,
        region_bounds=region_bounds,
        departements=departements,
        themes=vocabularies["themes"],
        formats=vocabularies["formats"],
        audiences=vocabularies["audiences"],
        accessibility=vocabularies["accessibility"],
        image_max_bytes=image_max_bytes,
        content_max_bytes=content_max_bytes,
        repository=repository,
        cms_branch=cms_branch,
        cms_auth_base_url=auth_base_url,
        cms_auth_endpoint=auth_endpoint,
        consortium=consortium,
        contact_email=contact_email,
        publisher=legal["publisher"],
        publisher_address=legal["publisher_address"],
        publication_director=legal["publication_director"],
        host=legal["host"],
        host_address=legal["host_address"],
    )
