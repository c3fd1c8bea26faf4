"""site_config.yaml → a frozen SiteConfig: départements, vocabularies, base URL, defaults."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from agenda.errors import ContentError, Problem
from agenda.yamlerrors import syntax_problem

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
    "content_max_bytes": 1_000_000,
    "repository": "agenda-csti-grand-est/agenda",
    "cms_branch": "main",
    "cms_auth_base_url": "",
    "cms_auth_endpoint": "auth",
    "consortium": [],
    "publisher": "",
    "publisher_address": "",
    "publication_director": "",
    "host": "",
    "host_address": "",
    "contact_email": "",
}

LEGAL_KEYS = ("publisher", "publisher_address", "publication_director", "host", "host_address")

ACCESSIBILITY_STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")

# Top-level folders and files of the repository the build must never write into nor
# replace: the output folder is swapped whole, so `output_dir: content` would delete
# every record. A pull request may edit site_config.yaml; it must not be a way out.
PROTECTED_TOP_LEVEL = frozenset(
    {
        "content",
        "assets",
        "templates",
        "agenda",
        "tests",
        "schemas",
        "docs",
        "scripts",
        "benchmarks",
        "node_modules",
        ".git",
        ".github",
        ".ci",
        ".venv",
    }
)


class _AliasRefused(yaml.YAMLError):
    """An anchor (&name) or alias (*name) in the config: refused (alias bombs)."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(text)
        self.line = line
        self.text = text


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases as it composes nodes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            raise _AliasRefused(line, f"alias « *{event.anchor} » refusé")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _AliasRefused(line, f"ancre « &{anchor} » refusée")
        return super().compose_node(parent, index)


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _mapping_nodes(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key → (key node, value node) of a mapping node; {} for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


class _Checker:
    """Reads the composed config with the line of every key, collecting problems."""

    def __init__(self, root_node: yaml.MappingNode, values: dict[str, Any]) -> None:
        self.nodes = _mapping_nodes(root_node)
        self.values = values
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        found = self.nodes.get(key)
        return _line(found[1]) if found else 0

    def node(self, key: str) -> yaml.Node | None:
        found = self.nodes.get(key)
        return found[1] if found else None

    def add(self, line: int, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(CONFIG_FILE, line, key, message, hint))

    def raw(self, key: str) -> Any:
        return self.values.get(key, DEFAULTS.get(key))

    def text(self, key: str, *, example: str) -> str:
        value = self.raw(key)
        if value is None:
            value = DEFAULTS.get(key, "")
        if not isinstance(value, str):
            self.add(
                self.line(key),
                key,
                f"doit être un texte, pas {_describe(value)}.",
                f'Écrivez-le entre guillemets, par exemple : {key}: "{example}".',
            )
            return str(DEFAULTS.get(key, ""))
        return value

    def integer(self, key: str, *, minimum: int, example: int) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                self.line(key),
                key,
                f"doit être un nombre entier, pas {_describe(value)}.",
                f"Écrivez un nombre en chiffres, sans guillemets, par exemple : {key}: {example}.",
            )
            return int(DEFAULTS[key])
        if value < minimum:
            self.add(
                self.line(key),
                key,
                f"{value} est trop petit : le minimum est {minimum}.",
                f"Par exemple : {key}: {example}.",
            )
            return int(DEFAULTS[key])
        return value


def _describe(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte « {value} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une liste de champs"
    return f"la valeur {value!r}"


def _terms(check: _Checker, name: str) -> Vocabulary:
    raw = check.raw(name)
    node = check.node(name)
    hint = 'Écrivez une entrée par ligne : - {{ slug: "exemple", label: "Exemple" }}.'
    if not isinstance(raw, list) or not raw:
        check.add(check.line(name), name, "doit être une liste de { slug, label }.", hint)
        return Vocabulary(name, ())
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    terms = []
    for index, item in enumerate(raw):
        line = _line(items[index]) if index < len(items) else check.line(name)
        fields = ("slug", "label", "openagenda")
        if (
            not isinstance(item, dict)
            or "slug" not in item
            or "label" not in item
            or not all(isinstance(item.get(f, ""), str) for f in fields)
        ):
            check.add(
                line,
                name,
                f"entrée invalide {item!r} : il faut slug et label, écrits comme des textes.",
                hint,
            )
            continue
        terms.append(Term(item["slug"], item["label"], item.get("openagenda", "")))
    return Vocabulary(name, tuple(terms))


def _departements(check: _Checker) -> tuple[Departement, ...]:
    raw = check.raw("departements")
    node = check.node("departements")
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    hint = (
        'Écrivez : - { code: "08", name: "Ardennes", slug: "ardennes", '
        'in_name: "dans les Ardennes" } (code entre guillemets).'
    )
    departements = []
    if raw is not None and not isinstance(raw, list):
        check.add(check.line("departements"), "departements", "doit être une liste.", hint)
        raw = []
    for index, item in enumerate(raw or []):
        line = _line(items[index]) if index < len(items) else check.line("departements")
        fields = ("code", "name", "slug", "in_name")
        if (
            not isinstance(item, dict)
            or not all(k in item for k in fields[:3])
            or not all(isinstance(item.get(f, ""), str) for f in fields)
        ):
            check.add(
                line,
                "departements",
                f"entrée invalide {item!r} : il faut code, name, slug, écrits comme des textes.",
                hint,
            )
            continue
        departements.append(
            Departement(item["code"], item["name"], item["slug"], item.get("in_name", ""))
        )
    if not departements:
        check.add(check.line("departements"), "departements", "la liste est vide.", hint)
    return tuple(departements)


def _region_bounds(check: _Checker) -> RegionBounds:
    raw = check.raw("region_bounds")
    keys = ("lat_min", "lat_max", "lon_min", "lon_max")
    hint = (
        "Par exemple : region_bounds: "
        "{ lat_min: 47.4, lat_max: 50.2, lon_min: 3.35, lon_max: 8.25 }."
    )
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k), int | float) and not isinstance(raw.get(k), bool) for k in keys
    ):
        check.add(
            check.line("region_bounds"),
            "region_bounds",
            "il faut lat_min, lat_max, lon_min, lon_max, en degrés (nombres).",
            hint,
        )
        return RegionBounds(-90, 90, -180, 180)
    bounds = RegionBounds(*(float(raw[k]) for k in keys))
    if bounds.lat_min >= bounds.lat_max or bounds.lon_min >= bounds.lon_max:
        check.add(
            check.line("region_bounds"),
            "region_bounds",
            "chaque minimum doit être plus petit que son maximum.",
            hint,
        )
    return bounds


def _licence(check: _Checker) -> tuple[str, str]:
    raw = check.raw("open_data_licence")
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("name", ""), str)
        or not isinstance(raw.get("url", ""), str)
    ):
        check.add(
            check.line("open_data_licence"),
            "open_data_licence",
            "il faut name et url, écrits comme des textes.",
            'Par exemple : open_data_licence: { name: "Licence Ouverte 2.0", url: "https://…" }.',
        )
        return "", ""
    return raw.get("name", ""), raw.get("url", "")


def _consortium(check: _Checker) -> tuple[str, ...]:
    raw = check.raw("consortium")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        line = check.line("consortium")
        node = check.node("consortium")
        if isinstance(raw, list) and isinstance(node, yaml.SequenceNode):
            # Point at the first name that is not a text.
            bad = next(i for i, n in enumerate(raw) if not (isinstance(n, str) and n.strip()))
            line = _line(node.value[bad]) if bad < len(node.value) else line
        check.add(
            line,
            "consortium",
            f"doit être une liste de noms écrits comme des textes, pas {_describe(raw)}.",
            'Par exemple : consortium: ["La Nef des sciences", "Accustica"].',
        )
        return ()
    return tuple(" ".join(n.split()) for n in raw)


def _contact_email(check: _Checker) -> str:
    email = check.text("contact_email", example="contact@example.org").strip()
    local, _, domain = email.partition("@")
    if email and (not local or "." not in domain or any(c.isspace() for c in email)):
        check.add(
            check.line("contact_email"),
            "contact_email",
            f"« {email} » n'est pas une adresse e-mail.",
            'Laissez-le vide (contact_email: "") ou écrivez « contact@example.org ».',
        )
        return ""
    return email


def _output_dir(check: _Checker, root: Path) -> str:
    text = check.text("output_dir", example="_site")
    line = check.line("output_dir")
    hint = 'Choisissez un dossier propre au site construit, dans le dépôt : output_dir: "_site".'
    pure = PurePosixPath(text.replace("\\", "/"))
    parts = [p for p in pure.parts if p not in ("", ".")]
    if pure.is_absolute() or PureWindowsPath(text).drive or text.startswith("~"):
        check.add(line, "output_dir", f"« {text} » est un chemin absolu : refusé.", hint)
    elif ".." in parts:
        check.add(line, "output_dir", f"« {text} » sort du dépôt (« .. ») : refusé.", hint)
    elif not parts:
        check.add(
            line, "output_dir", "le dossier de sortie ne peut pas être la racine du dépôt.", hint
        )
    elif parts[0] in PROTECTED_TOP_LEVEL or (root / parts[0]).is_file():
        check.add(
            line,
            "output_dir",
            f"« {text} » est un dossier ou fichier du dépôt, que la construction remplacerait.",
            hint,
        )
    else:
        resolved = (root / Path(*parts)).resolve()
        top = root.resolve()
        if resolved == top or not resolved.is_relative_to(top):
            check.add(
                line,
                "output_dir",
                f"« {text} » mène hors du dépôt (lien symbolique) : refusé.",
                hint,
            )
        else:
            return "/".join(parts)
    return str(DEFAULTS["output_dir"])


def _read(root: Path) -> tuple[yaml.MappingNode, dict[str, Any]]:
    """The config's composed root node and its values; raise ContentError when unreadable."""
    path = root / CONFIG_FILE
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "ce fichier est un lien symbolique qui mène hors du dépôt : refusé.",
                    "Remplacez le lien par le fichier lui-même.",
                )
            ]
        )
    try:
        text = path.read_text(encoding="utf-8")
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
    except UnicodeDecodeError:
        raise ContentError(
            [Problem(CONFIG_FILE, 0, "", "n'est pas écrit en UTF-8.", "Enregistrez-le en UTF-8.")]
        ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else {}
    except _AliasRefused as exc:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    exc.line,
                    "",
                    f"{exc.text} : les ancres et alias YAML ne sont pas acceptés ici.",
                    "Recopiez la valeur à chaque endroit où elle sert.",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        # The same plain-French reading of parser errors as for content files.
        raise ContentError([syntax_problem(exc, text, CONFIG_FILE, 0)]) from None
    except yaml.YAMLError:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "ce fichier n'a pas pu être lu.",
                    "Vérifiez les guillemets, les deux-points et l'indentation de chaque ligne.",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", []), {}
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    1,
                    "",
                    "doit être une liste de champs.",
                    'Écrivez un champ par ligne : title: "Agenda CSTI Grand Est".',
                )
            ]
        )
    return node, values


def load_config(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read site_config.yaml from `root`; raise ContentError listing every problem."""
    node, values = _read(root)
    check = _Checker(node, values)
    title = check.text("title", example="Agenda CSTI Grand Est")
    description = check.text("description", example="Les rendez-vous de la CSTI…")
    url = base_url if base_url is not None else check.text("base_url", example="https://…")
    url = url.rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        check.add(
            0 if base_url is not None else check.line("base_url"),
            "base_url",
            f"« {url} » n'est pas une adresse http(s).",
            'Par exemple : base_url: "https://organisation.github.io/agenda".',
        )
    output_dir = _output_dir(check, root)
    feed_past_months = check.integer("feed_past_months", minimum=0, example=6)
    feed_refresh_hours = check.integer("feed_refresh_hours", minimum=1, example=12)
    image_max_bytes = check.integer("image_max_bytes", minimum=1, example=1_000_000)
    content_max_bytes = check.integer("content_max_bytes", minimum=1, example=1_000_000)
    licence_name, licence_url = _licence(check)
    status = check.text("accessibility_status", example="non conforme")
    if status not in ACCESSIBILITY_STATUSES:
        check.add(
            check.line("accessibility_status"),
            "accessibility_status",
            f"« {status} » n'est pas un état RGAA.",
            f"Valeurs possibles : {', '.join(ACCESSIBILITY_STATUSES)}.",
        )
    statement_url = check.text("accessibility_statement_url", example="/accessibilite/")
    repository = check.text("repository", example="organisation/agenda")
    if repository.count("/") != 1 or not all(repository.split("/")):
        check.add(
            check.line("repository"),
            "repository",
            f"« {repository} » n'est pas un dépôt GitHub propriétaire/nom.",
            'Par exemple : repository: "agenda-csti-grand-est/agenda".',
        )
    cms_branch = check.text("cms_branch", example="main")
    auth_base_url = check.text("cms_auth_base_url", example="https://auth.example.org")
    auth_base_url = auth_base_url.rstrip("/")
    parts = urlsplit(auth_base_url)
    if auth_base_url and (parts.scheme != "https" or not parts.netloc):
        check.add(
            check.line("cms_auth_base_url"),
            "cms_auth_base_url",
            f"« {auth_base_url} » n'est pas une adresse https.",
            'Laissez-le vide (cms_auth_base_url: "") ou écrivez « https://auth.example.org ».',
        )
    auth_endpoint = check.text("cms_auth_endpoint", example="auth")
    consortium = _consortium(check)
    legal = {key: check.text(key, example="…").strip() for key in LEGAL_KEYS}
    contact_email = _contact_email(check)
    region_bounds = _region_bounds(check)
    departements = _departements(check)
    vocabularies = {
        name: _terms(check, name) for name in ("themes", "formats", "audiences", "accessibility")
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
