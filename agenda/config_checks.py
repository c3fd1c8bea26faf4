"""site_config.yaml checked key by key: defaults, and a French message for each bad value."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from agenda.config_file import CONFIG_FILE
from agenda.errors import Problem

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


def line_of(node: yaml.Node | None) -> int:
    """The 1-based line of a node, 0 when there is none."""
    return node.start_mark.line + 1 if node is not None else 0


def _mapping_nodes(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key → (key node, value node) of a mapping node; {} for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


class ConfigChecker:
    """Reads the composed config with the line of every key, collecting problems."""

    def __init__(self, root_node: yaml.MappingNode, values: dict[str, Any]) -> None:
        self.nodes = _mapping_nodes(root_node)
        self.values = values
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        """The line of the value of a top-level key, 0 when the key is absent."""
        found = self.nodes.get(key)
        return line_of(found[1]) if found else 0

    def node(self, key: str) -> yaml.Node | None:
        """The value node of a top-level key, or None."""
        found = self.nodes.get(key)
        return found[1] if found else None

    def add(self, line: int, key: str, message: str, hint: str = "") -> None:
        """Record one problem of site_config.yaml."""
        self.problems.append(Problem(CONFIG_FILE, line, key, message, hint))

    def raw(self, key: str) -> Any:
        """The value of a key as written, or its default."""
        return self.values.get(key, DEFAULTS.get(key))

    def text(self, key: str, *, example: str) -> str:
        """A text value; its default, and a problem, when it is not a text."""
        value = self.raw(key)
        if value is None:
            value = DEFAULTS.get(key, "")
        if not isinstance(value, str):
            self.add(
                self.line(key),
                key,
                f"doit être un texte, pas {describe(value)}.",
                f'Écrivez-le entre guillemets, par exemple : {key}: "{example}".',
            )
            return str(DEFAULTS.get(key, ""))
        return value

    def integer(self, key: str, *, minimum: int, example: int) -> int:
        """A whole number at least `minimum`; its default, and a problem, otherwise."""
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                self.line(key),
                key,
                f"doit être un nombre entier, pas {describe(value)}.",
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


def describe(value: Any) -> str:
    """A value as a sentence names it: « le nombre 3 », « une liste »…"""
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


def read_terms(check: ConfigChecker, name: str) -> tuple[tuple[str, str, str], ...]:
    """A vocabulary's terms as (slug, label, openagenda), each entry checked."""
    raw = check.raw(name)
    node = check.node(name)
    hint = 'Écrivez une entrée par ligne : - {{ slug: "exemple", label: "Exemple" }}.'
    if not isinstance(raw, list) or not raw:
        check.add(check.line(name), name, "doit être une liste de { slug, label }.", hint)
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    terms = []
    for index, item in enumerate(raw):
        line = line_of(items[index]) if index < len(items) else check.line(name)
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
        terms.append((item["slug"], item["label"], item.get("openagenda", "")))
    return tuple(terms)


def read_departements(check: ConfigChecker) -> tuple[tuple[str, str, str, str], ...]:
    """The départements as (code, name, slug, in_name), each entry checked."""
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
        line = line_of(items[index]) if index < len(items) else check.line("departements")
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
        departements.append((item["code"], item["name"], item["slug"], item.get("in_name", "")))
    if not departements:
        check.add(check.line("departements"), "departements", "la liste est vide.", hint)
    return tuple(departements)


def read_region_bounds(check: ConfigChecker) -> tuple[float, float, float, float]:
    """The région's box as (lat_min, lat_max, lon_min, lon_max), each bound checked."""
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
        return (-90, 90, -180, 180)
    lat_min, lat_max, lon_min, lon_max = (float(raw[k]) for k in keys)
    if lat_min >= lat_max or lon_min >= lon_max:
        check.add(
            check.line("region_bounds"),
            "region_bounds",
            "chaque minimum doit être plus petit que son maximum.",
            hint,
        )
    return lat_min, lat_max, lon_min, lon_max


def read_licence(check: ConfigChecker) -> tuple[str, str]:
    """The open data licence's name and URL."""
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


def read_consortium(check: ConfigChecker) -> tuple[str, ...]:
    """The consortium's names, spaces collapsed."""
    raw = check.raw("consortium")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        line = check.line("consortium")
        node = check.node("consortium")
        if isinstance(raw, list) and isinstance(node, yaml.SequenceNode):
            # Point at the first name that is not a text.
            bad = next(i for i, n in enumerate(raw) if not (isinstance(n, str) and n.strip()))
            line = line_of(node.value[bad]) if bad < len(node.value) else line
        check.add(
            line,
            "consortium",
            f"doit être une liste de noms écrits comme des textes, pas {describe(raw)}.",
            'Par exemple : consortium: ["La Nef des sciences", "Accustica"].',
        )
        return ()
    return tuple(" ".join(n.split()) for n in raw)


def read_contact_email(check: ConfigChecker) -> str:
    """The contact e-mail address, or ""."""
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


def read_output_dir(check: ConfigChecker, root: Path) -> str:
    """The output folder, relative to the repository, never one of its own folders."""
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


def read_base_url(check: ConfigChecker, base_url: str | None) -> str:
    """The site's http(s) address, without its final slash; `base_url` overrides the file."""
    url = base_url if base_url is not None else check.text("base_url", example="https://…")
    url = url.rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        check.add(
            0 if base_url is not None else check.line("base_url"),
            "base_url",
            f"« {url} » n'est pas une adresse http(s).",
            'Par exemple : base_url: "https://organisation.github.io/agenda".',
        )
    return url


def read_accessibility_status(check: ConfigChecker) -> str:
    """The RGAA compliance status, one of ACCESSIBILITY_STATUSES."""
    status = check.text("accessibility_status", example="non conforme")
    if status not in ACCESSIBILITY_STATUSES:
        check.add(
            check.line("accessibility_status"),
            "accessibility_status",
            f"« {status} » n'est pas un état RGAA.",
            f"Valeurs possibles : {', '.join(ACCESSIBILITY_STATUSES)}.",
        )
    return status


def read_repository(check: ConfigChecker) -> str:
    """The GitHub repository, as owner/name."""
    repository = check.text("repository", example="organisation/agenda")
    if repository.count("/") != 1 or not all(repository.split("/")):
        check.add(
            check.line("repository"),
            "repository",
            f"« {repository} » n'est pas un dépôt GitHub propriétaire/nom.",
            'Par exemple : repository: "agenda-csti-grand-est/agenda".',
        )
    return repository


def read_cms_auth_base_url(check: ConfigChecker) -> str:
    """The CMS's OAuth service, an https address without its final slash, or ""."""
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
    return auth_base_url
