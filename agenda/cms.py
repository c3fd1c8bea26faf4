"""The Decap CMS admin page (/admin/): editing without git, every save a pull request.

Its configuration is generated from agenda/schema.py, the declaration the validator
reads: each FieldSpec becomes a CMS field, in order, with the widget its kind maps to.
A field added to the schema therefore appears in the CMS; a new *kind* must be given a
widget here first (`cms_config` raises rather than drop it silently).

What the CMS writes is then checked like any pull request (`python build.py check`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from agenda import urls
from agenda.config import SiteConfig, Vocabulary
from agenda.formats import EMAIL_RE, PHONE_RE, SLUG_RE, URL_RE
from agenda.output import OutputFile
from agenda.render import REFERRER_POLICY
from agenda.schedules import WEEKDAYS
from agenda.schema import FIELDS_BY_KIND, SESSION_FIELDS, STATUSES, FieldSpec
from agenda.urls import Links

# Decap CMS, loaded from unpkg at an exact version, checked by Subresource Integrity.
# To move to another version (the hash is of the very file unpkg serves):
#   npm view decap-cms version
#   npm pack decap-cms@<version> && tar xzf decap-cms-<version>.tgz
#   openssl dgst -sha384 -binary package/dist/decap-cms.js | openssl base64 -A
# then update both constants (tests/test_cms.py re-checks the hash against a local
# tarball when one is at hand).
DECAP_VERSION = "3.16.3"
DECAP_SRI = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
DECAP_SCRIPT = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"

# Where Decap's own code comes from: the pinned version's folder on unpkg. The entry file
# is checked by its SRI hash; the chunks it loads later (dist/<n>.decap-cms.js) come
# from the same pinned folder, and nowhere else.
DECAP_ORIGIN_PATH = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/"
GITHUB_API = "https://api.github.com"
# Decap asks GitHub's status page whether GitHub is having trouble, to say so on screen.
GITHUB_STATUS = "https://www.githubstatus.com"
# `local_backend`: Decap talks to `npx decap-server` on this port, to edit the working
# copy without GitHub. Only the local site has it (`python build.py serve` builds for a
# localhost base URL): the published config.yml and policy never mention it.
DECAP_LOCAL_SERVER = "http://localhost:8081"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Avatars of signed-in users; images of the repository as the GitHub backend shows them.
GITHUB_IMAGES = ("https://avatars.githubusercontent.com", "https://raw.githubusercontent.com")

ADMIN_TITLE = "Administration – Agenda CSTI Grand Est"
MEDIA_FOLDER = "assets/images"

# The time forms of `when` fields, as the datetime widget stores and shows them.
WHEN_FORMAT = "YYYY-MM-DD HH:mm"
DAY_FORMAT = "YYYY-MM-DD"
DISPLAY_DATE = "DD/MM/YYYY"
DISPLAY_TIME = "HH:mm"


@dataclass(frozen=True)
class CollectionSpec:
    """One kind of record as a Decap folder collection."""

    record: str  # key of FIELDS_BY_KIND
    name: str
    label: str
    label_singular: str
    folder: str
    extension: str
    format: str
    identifier: str  # the field the file name (slug) is made from
    summary: str
    search_fields: tuple[str, ...]  # for relation widgets pointing at this collection
    description: str
    path: str = ""  # sub-folders of new entries (folder collection `path`)


COLLECTIONS: tuple[CollectionSpec, ...] = (
    CollectionSpec(
        record="event",
        name="evenements",
        label="Événements",
        label_singular="événement",
        folder="content/events",
        extension="md",
        format="frontmatter",
        identifier="title",
        summary="{{title}}",
        search_fields=("title",),
        description=(
            "Chaque enregistrement ouvre une demande de modification (pull request) : "
            "l'événement est publié une fois vérifié et accepté."
        ),
        # New events go under the year they are *created* in, the best Decap 3 can do:
        # its `{{year}}` comes from a datetime field named like a publication date
        # (`date`, `publishDate`…), else from today; `{{fields.start}}` would give the
        # whole « 2027-03-13-14-00 », since the `date('YYYY')` filter is not applied to
        # `path` (decap-cms-core formatters.ts, slugFormatter). `check` accepts an event
        # in any sub-folder of content/events/, so an event created in December for
        # January is valid in the « wrong » year folder (docs/editer-sans-git.md).
        path="{{year}}/{{slug}}",
    ),
    CollectionSpec(
        record="venue",
        name="lieux",
        label="Lieux",
        label_singular="lieu",
        folder="content/venues",
        extension="yaml",
        format="yaml",
        identifier="name",
        summary="{{name}} – {{city}}",
        search_fields=("name", "city"),
        description="Les lieux où se tiennent les événements.",
    ),
    CollectionSpec(
        record="partner",
        name="partenaires",
        label="Partenaires",
        label_singular="partenaire",
        folder="content/partners",
        extension="yaml",
        format="yaml",
        identifier="name",
        summary="{{name}}",
        search_fields=("name",),
        description="Les organisations qui proposent des événements.",
    ),
)

COLLECTION_BY_RECORD: dict[str, CollectionSpec] = {c.record: c for c in COLLECTIONS}

# Short French labels; a field missing here takes the start of its help text.
LABELS: dict[str, str] = {
    "title": "Titre",
    "summary": "Résumé",
    "venue": "Lieu",
    "online": "Adresse en ligne",
    "organizer": "Organisateur",
    "partners": "Autres partenaires",
    "start": "Début",
    "end": "Fin",
    "sessions": "Séances",
    "opening_hours": "Horaires d'ouverture",
    "closed": "Jours de fermeture",
    "themes": "Thématiques",
    "format": "Type d'activité",
    "audience": "Publics",
    "age_min": "Âge minimum",
    "age_max": "Âge maximum",
    "price": "Tarif",
    "registration": "Inscription",
    "accessibility": "Accessibilité",
    "accessibility_notes": "Précisions sur l'accessibilité",
    "image": "Image",
    "image_alt": "Description de l'image",
    "image_credit": "Crédit de l'image",
    "status": "Statut",
    "previous_start": "Ancienne date de début",
    "tags": "Mots-clés",
    "name": "Nom",
    "url": "Site web",
    "email": "E-mail",
    "logo": "Logo",
    "description": "Présentation",
    "address": "Adresse",
    "postal_code": "Code postal",
    "city": "Commune",
    "departement": "Département",
    "lat": "Latitude",
    "lon": "Longitude",
    "access": "Accès",
    "phone": "Téléphone",
    "id": "Identifiant",
}

# Text fields long enough for a multi-line box.
MULTILINE = frozenset({"description", "access"})

# The Markdown toolbar: what the site keeps of a description (agenda/text.py allows
# no image, and headings start at level 3). No editor component: the code-block one
# would fetch CodeMirror modes from the CDN outside the integrity check.
MARKDOWN_BUTTONS = (
    "bold",
    "italic",
    "link",
    "heading-three",
    "heading-four",
    "quote",
    "bulleted-list",
    "numbered-list",
)

# The datetime widget always asks for an hour; the validator also takes a bare date.
WHEN_HINT = (
    " Pour une journée entière (exposition), la date peut s'écrire sans heure, "
    "« 2027-03-13 », directement dans le fichier."
)


class UnknownKindError(ValueError):
    """A FieldSpec kind with no CMS widget: map it in agenda/cms.py."""


def _label(spec: FieldSpec) -> str:
    if spec.name in LABELS:
        return LABELS[spec.name]
    # « Lieu : le nom d'un fichier… » → « Lieu »; « Crédit de l'image. » → « Crédit de l'image ».
    head = spec.help.split(" : ")[0].split(". ")[0].rstrip(". ")
    if head and len(head) <= 40:
        return head
    return spec.name.replace("_", " ").capitalize()


def _pattern(regex: str, message: str) -> list[str]:
    # Decap compiles pattern[0] with RegExp(), no flags, and skips empty values.
    return [regex, message]


def _options(vocabulary: Vocabulary) -> list[dict[str, str]]:
    return [{"label": term.label, "value": term.slug} for term in vocabulary.terms]


def _vocabulary(config: SiteConfig, name: str) -> Vocabulary:
    vocabularies = {
        "themes": config.themes,
        "formats": config.formats,
        "audiences": config.audiences,
        "accessibility": config.accessibility,
    }
    if name not in vocabularies:
        raise UnknownKindError(f"vocabulaire inconnu « {name} »")
    return vocabularies[name]


def _relation(record: str, multiple: bool) -> dict[str, Any]:
    if record not in COLLECTION_BY_RECORD:
        raise UnknownKindError(f"aucune collection pour les fiches « {record} »")
    target = COLLECTION_BY_RECORD[record]
    return {
        "widget": "relation",
        "collection": target.name,
        "value_field": "{{slug}}",
        "search_fields": list(target.search_fields),
        "display_fields": list(target.search_fields),
        "multiple": multiple,
    }


def _postal_code_regex(config: SiteConfig) -> str:
    codes = "|".join(sorted(d.code for d in config.departements))
    return rf"^(?:{codes})\d{{3}}$"


def _contact_regex() -> str:
    # validate_event._registration: an http(s) address must be a valid URL, « www.… » needs
    # its https://, anything else (e-mail, phone, text) is accepted.
    # URL_RE is already a list of anchored alternatives.
    return rf"^(?!https?://)(?![wW][wW][wW]\.)[\s\S]+$|{URL_RE.pattern}"


def _opening_hours_regex() -> str:
    # schedules.parse_opening_hours: days (lun, mar-dim, mer,sam…) then time ranges.
    day = "(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
    days = rf"{day}(?:-{day})?(?:,{day}(?:-{day})?)*"
    clock = r"(?:[01]?\d|2[0-3])[:h][0-5]\d"
    return rf"^{days}(?:\s+,?{clock}-{clock},?)+$"


def _when(spec: FieldSpec) -> dict[str, Any]:
    return {
        "widget": "datetime",
        "format": WHEN_FORMAT,
        "date_format": DISPLAY_DATE,
        "time_format": DISPLAY_TIME,
        "picker_utc": False,
        "hint": spec.help if "journée entière" in spec.help else spec.help + WHEN_HINT,
    }


def _coordinate(spec: FieldSpec, config: SiteConfig) -> dict[str, Any]:
    field: dict[str, Any] = {"widget": "number", "value_type": "float"}
    bounds = config.region_bounds
    limits = {"lat": (bounds.lat_min, bounds.lat_max), "lon": (bounds.lon_min, bounds.lon_max)}
    if spec.name in limits:
        field["min"], field["max"] = limits[spec.name]
    return field


def _widget(spec: FieldSpec, config: SiteConfig) -> dict[str, Any]:
    """The widget options of one field, by its kind."""
    kind, _, argument = spec.kind.partition(":")
    if kind == "text":
        return {"widget": "text" if spec.name in MULTILINE else "string"}
    if kind == "markdown":
        return {"widget": "markdown"}
    if kind == "url":
        return {
            "widget": "string",
            "pattern": _pattern(URL_RE.pattern, "une adresse complète commençant par https://"),
        }
    if kind == "email":
        return {
            "widget": "string",
            "pattern": _pattern(EMAIL_RE.pattern, "une adresse e-mail (contact@example.org)"),
        }
    if kind == "phone":
        return {
            "widget": "string",
            "pattern": _pattern(PHONE_RE.pattern, "un numéro comme 03 89 00 00 00"),
        }
    if kind == "postal_code":
        codes = ", ".join(d.code for d in config.departements)
        return {
            "widget": "string",
            "pattern": _pattern(
                _postal_code_regex(config),
                f"un code postal à 5 chiffres du Grand Est (départements {codes})",
            ),
        }
    if kind == "contact":
        return {
            "widget": "string",
            "pattern": _pattern(
                _contact_regex(),
                "une adresse web complète (https://…), un e-mail, un téléphone ou un texte",
            ),
        }
    if kind == "slug" and not argument:
        return {
            "widget": "string",
            "pattern": _pattern(SLUG_RE.pattern, "des minuscules sans accents, chiffres et tirets"),
        }
    if kind == "image":
        return {
            "widget": "image",
            "choose_url": False,
            "media_library": {"config": {"max_file_size": config.image_max_bytes}},
        }
    if kind == "coordinate":
        return _coordinate(spec, config)
    if kind == "integer":
        return {"widget": "number", "value_type": "int", "step": 1}
    if kind == "departement":
        return {
            "widget": "select",
            "options": [{"label": d.name, "value": d.code} for d in config.departements],
        }
    if kind in ("term", "terms"):
        return {
            "widget": "select",
            "options": _options(_vocabulary(config, argument)),
            "multiple": kind == "terms",
        }
    if kind in ("slug", "slugs") and argument:
        return _relation(argument, multiple=kind == "slugs")
    if kind == "when":
        return _when(spec)
    if kind == "dates":
        return {
            "widget": "list",
            "label_singular": "jour",
            "field": {
                "label": "Jour",
                "name": "day",
                "widget": "datetime",
                "format": DAY_FORMAT,
                "date_format": DISPLAY_DATE,
                "time_format": False,
                "picker_utc": False,
            },
        }
    if kind == "sessions":
        return {
            "widget": "list",
            "label_singular": "séance",
            "summary": "{{fields.start}}",
            "fields": [cms_field(sub, config) for sub in SESSION_FIELDS],
        }
    if kind == "opening_hours":
        return {
            "widget": "list",
            "label_singular": "horaire",
            "field": {
                "label": "Jours et heures",
                "name": "hours",
                "widget": "string",
                "pattern": _pattern(
                    _opening_hours_regex(),
                    "des jours puis des heures, en minuscules : mar-dim 14:00-18:00",
                ),
            },
        }
    if kind == "status":
        return {
            "widget": "select",
            "options": [{"label": label, "value": value} for value, label in STATUSES.items()],
        }
    if kind == "list":
        return {"widget": "list"}
    raise UnknownKindError(
        f"le champ « {spec.name} » est de type « {spec.kind} », sans widget dans agenda/cms.py"
    )


def cms_field(spec: FieldSpec, config: SiteConfig) -> dict[str, Any]:
    """One FieldSpec as a Decap field: label, name, hint, required, then its widget."""
    field: dict[str, Any] = {
        "label": _label(spec),
        "name": spec.name,
        "hint": spec.help,
        # Decap makes every field required unless told otherwise.
        "required": spec.required,
    }
    field.update(_widget(spec, config))
    return field


def _collection(spec: CollectionSpec, config: SiteConfig) -> dict[str, Any]:
    collection: dict[str, Any] = {
        "name": spec.name,
        "label": spec.label,
        "label_singular": spec.label_singular,
        "description": spec.description,
        "folder": spec.folder,
        "create": True,
        # Deleting in the editorial workflow commits straight to the branch, without
        # a pull request and so without `check`: removing a record goes through git.
        "delete": False,
        "extension": spec.extension,
        "format": spec.format,
        "identifier_field": spec.identifier,
        "slug": "{{slug}}",
        "summary": spec.summary,
    }
    if spec.path:
        collection["path"] = spec.path
    fields = [cms_field(field, config) for field in FIELDS_BY_KIND[spec.record]]
    if spec.format == "frontmatter":
        fields.append(
            {
                "label": "Description",
                "name": "body",
                "widget": "markdown",
                "required": False,
                "hint": "Le texte de la page de l'événement.",
                "buttons": list(MARKDOWN_BUTTONS),
                "editor_components": [],
            }
        )
    collection["fields"] = fields
    return collection


def cms_config(config: SiteConfig) -> dict[str, Any]:
    """The whole Decap CMS configuration (admin/config.yml) for this site."""
    backend: dict[str, Any] = {
        "name": "github",
        "repo": config.repository,
        "branch": config.cms_branch,
    }
    # Sign-in: GitHub Pages has no OAuth service of its own; a site that runs one (for
    # example a small OAuth proxy) names it in site_config.yaml.
    if config.cms_auth_base_url:
        backend["base_url"] = config.cms_auth_base_url
        backend["auth_endpoint"] = config.cms_auth_endpoint
    settings: dict[str, Any] = {
        "backend": backend,
        # Every save opens a pull request, checked like any other.
        "publish_mode": "editorial_workflow",
    }
    if is_local(config):
        # `python build.py serve`, with `npx decap-server` running: edit the working copy.
        settings["local_backend"] = True
    return settings | {
        "locale": "fr",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        # The saved value is the repository path the validator expects
        # (`image: assets/images/x.jpg`), not a URL.
        "public_folder": MEDIA_FOLDER,
        # File names the validator accepts: lower-case ASCII, digits and hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(spec, config) for spec in COLLECTIONS],
    }


def is_local(config: SiteConfig) -> bool:
    """True when the site is built for this machine (`serve`), not for publication."""
    return urlsplit(config.base_url).hostname in LOCAL_HOSTS


# Everything YAML 1.2's core schema reads as something other than a string. Decap parses
# config.yml with the `yaml` npm package (YAML 1.2), where PyYAML writes YAML 1.1: « 08 »
# (a département code) is a string to PyYAML, left unquoted, and the number 8 to Decap —
# which would then save `departement: 8`.
_NOT_A_STRING_IN_YAML_12 = re.compile(
    r"""(?x)
    | ~ | null | Null | NULL | true | True | TRUE | false | False | FALSE
    | [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
    | [-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    """
)


class _ConfigDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting the strings YAML 1.2 would read otherwise."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _NOT_A_STRING_IN_YAML_12.fullmatch(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ConfigDumper.add_representer(str, _represent_text)


def config_yml(config: SiteConfig) -> str:
    """admin/config.yml: `cms_config` as YAML that Decap's YAML 1.2 parser reads alike."""
    return yaml.dump(
        cms_config(config), Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=100
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def admin_csp(config: SiteConfig) -> str:
    """The admin page's own Content-Security-Policy: only what Decap CMS needs.

    - script-src: the pinned Decap folder on unpkg (entry file under SRI, plus its
      chunks); 'unsafe-eval' because Decap validates its configuration with ajv, which
      compiles schemas with `new Function` (the CMS stops at start-up without it).
      No 'unsafe-inline' for scripts: the page has no inline script.
    - style-src 'unsafe-inline': Decap styles itself with emotion, which writes <style>
      elements and style attributes at run time. Styles cannot run code.
    - img-src: the site's own images ('self'), blob: and data: (previews of a chosen
      image before upload, built-in icons), GitHub avatars and raw files.
    - connect-src: 'self' for admin/config.yml, the GitHub API (every read and the
      pull request), GitHub's status page, the configured sign-in service
      (`cms_auth_base_url`) when there is one, and decap-server on localhost only in a
      site built for this machine (`serve`, see `is_local`).
    - frame-src 'self': the preview pane is an iframe of this page's own origin.
    - base-uri, form-action, object-src: nothing; default-src 'none' for the rest.
    """
    connect = ["'self'", GITHUB_API, GITHUB_STATUS]
    if config.cms_auth_base_url:
        connect.append(_origin(config.cms_auth_base_url))
    if is_local(config):
        connect.append(DECAP_LOCAL_SERVER)
    directives = [
        "default-src 'none'",
        f"script-src {DECAP_ORIGIN_PATH} 'unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src 'self' data: blob: " + " ".join(GITHUB_IMAGES),
        "connect-src " + " ".join(connect),
        "frame-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def admin_page(config: SiteConfig, links: Links) -> str:
    """The admin page: Decap CMS from its CDN, pinned and checked by SRI.

    Decap draws its own interface; the page's heading and accessibility statement live
    in the <noscript> fallback, the only part of it a visitor sees without the CMS.
    """

    def href(path: str) -> str:
        return html.escape(links.href(path), quote=True)

    status = html.escape(config.accessibility_status)
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(admin_csp(config), quote=True)}">
<meta name="referrer" content="{REFERRER_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{ADMIN_TITLE}</title>
<link href="{href(urls.admin() + "config.yml")}" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>
<h1>{ADMIN_TITLE}</h1>
<p>L'espace d'édition de l'agenda a besoin de JavaScript : activez-le dans votre
navigateur, ou proposez vos modifications par une demande de modification (pull request)
sur le dépôt.</p>
<p><a href="{href(urls.home())}">Retour à l'agenda</a> –
<a href="{href(config.accessibility_statement_url)}">Accessibilité : {status}</a></p>
</noscript>
<script src="{DECAP_SCRIPT}" integrity="{DECAP_SRI}" crossorigin="anonymous"></script>
</body>
</html>
"""


def cms_files(config: SiteConfig, links: Links) -> Iterator[OutputFile]:
    """admin/index.html and admin/config.yml."""
    admin = urls.admin()
    yield OutputFile(urls.output_file(admin), admin_page(config, links).encode("utf-8"))
    yield OutputFile(urls.output_file(admin + "config.yml"), config_yml(config).encode("utf-8"))
