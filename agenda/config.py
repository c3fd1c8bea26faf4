"""site_config.yaml → a frozen SiteConfig: départements, vocabularies, base URL, defaults."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from agenda.errors import ContentError, Problem

CONFIG_FILE = "site_config.yaml"


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
    repository: str = "agenda-csti-grand-est/agenda"  # GitHub owner/name, for the CMS
    cms_branch: str = "main"  # the branch the CMS opens its pull requests against
    cms_auth_base_url: str = ""  # the OAuth service the CMS signs in through, if any
    cms_auth_endpoint: str = "auth"

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


DEFAULTS: dict[str, Any] = {
    "title": "Agenda CSTI Grand Est",
    "description": "",
    "base_url": "http://localhost:8000",
    "output_dir": "_site",
    "feed_past_months": 6,
    "feed_refresh_hours": 12,
    "open_data_licence": {
        "name": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
    "accessibility_status": "non conforme",
    "accessibility_statement_url": "/accessibilite/",
    "image_max_bytes": 1_000_000,
}

ACCESSIBILITY_STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")


def _terms(raw: Any, name: str, problems: list[Problem]) -> Vocabulary:
    terms = []
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(CONFIG_FILE, 0, name, "doit être une liste de { slug, label }."))
        return Vocabulary(name, ())
    for item in raw:
        if not isinstance(item, dict) or "slug" not in item or "label" not in item:
            problems.append(
                Problem(CONFIG_FILE, 0, name, f"entrée invalide {item!r} : il faut slug et label.")
            )
            continue
        terms.append(Term(str(item["slug"]), str(item["label"]), str(item.get("openagenda", ""))))
    return Vocabulary(name, tuple(terms))


def load_config(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read site_config.yaml from `root`; raise ContentError listing every problem."""
    path = root / CONFIG_FILE
    problems: list[Problem] = []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "fichier introuvable.",
                    "Lancez la commande depuis la racine du dépôt.",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(
            [Problem(CONFIG_FILE, mark.line + 1 if mark else 0, "", f"YAML mal formé : {exc}")]
        ) from None
    if not isinstance(raw, dict):
        raise ContentError([Problem(CONFIG_FILE, 1, "", "doit être une liste de champs.")])
    settings = {**DEFAULTS, **raw}
    if base_url is not None:
        settings["base_url"] = base_url

    departements = []
    for item in settings.get("departements") or []:
        try:
            departements.append(
                Departement(
                    str(item["code"]),
                    str(item["name"]),
                    str(item["slug"]),
                    str(item.get("in_name", "")),
                )
            )
        except (KeyError, TypeError):
            problems.append(
                Problem(
                    CONFIG_FILE,
                    0,
                    "departements",
                    f"entrée invalide {item!r} : il faut code, name, slug.",
                )
            )
    if not departements:
        problems.append(Problem(CONFIG_FILE, 0, "departements", "la liste est vide."))

    url = str(settings["base_url"]).rstrip("/")
    if urlsplit(url).scheme not in ("http", "https"):
        problems.append(
            Problem(CONFIG_FILE, 0, "base_url", f"« {url} » n'est pas une adresse http(s).")
        )
    status = str(settings["accessibility_status"])
    if status not in ACCESSIBILITY_STATUSES:
        problems.append(
            Problem(
                CONFIG_FILE,
                0,
                "accessibility_status",
                f"« {status} » n'est pas un état RGAA.",
                f"Valeurs possibles : {', '.join(ACCESSIBILITY_STATUSES)}.",
            )
        )
    bounds = settings.get("region_bounds") or {}
    try:
        region_bounds = RegionBounds(
            float(bounds["lat_min"]),
            float(bounds["lat_max"]),
            float(bounds["lon_min"]),
            float(bounds["lon_max"]),
        )
    except (KeyError, TypeError, ValueError):
        problems.append(
            Problem(CONFIG_FILE, 0, "region_bounds", "il faut lat_min, lat_max, lon_min, lon_max.")
        )
        region_bounds = RegionBounds(-90, 90, -180, 180)

    vocabularies = {
        name: _terms(settings.get(name), name, problems)
        for name in ("themes", "formats", "audiences", "accessibility")
    }
    licence = settings.get("open_data_licence") or {}
    if problems:
        raise ContentError(problems)
    return SiteConfig(
        title=str(settings["title"]),
        description=" ".join(str(settings["description"]).split()),
        base_url=url,
        output_dir=str(settings["output_dir"]),
        feed_past_months=int(settings["feed_past_months"]),
        feed_refresh_hours=int(settings["feed_refresh_hours"]),
        licence_name=str(licence.get("name", "")),
        licence_url=str(licence.get("url", "")),
        accessibility_status=status,
        accessibility_statement_url=str(settings["accessibility_statement_url"]),
        region_bounds=region_bounds,
        departements=tuple(departements),
        themes=vocabularies["themes"],
        formats=vocabularies["formats"],
        audiences=vocabularies["audiences"],
        accessibility=vocabularies["accessibility"],
        image_max_bytes=int(settings["image_max_bytes"]),
        repository=str(settings.get("repository", "agenda-csti-grand-est/agenda")),
        cms_branch=str(settings.get("cms_branch", "main")),
        cms_auth_base_url=str(settings.get("cms_auth_base_url", "")),
        cms_auth_endpoint=str(settings.get("cms_auth_endpoint", "auth")),
    )
