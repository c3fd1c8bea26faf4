"""The Decap CMS admin: its config follows the schema, and what it saves passes `check`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from agenda import cms
from agenda.config import load_config
from agenda.pipeline import check_site
from agenda.schedules import parse_opening_hours
from agenda.schema import (
    FIELDS_BY_KIND,
    PARTNER_FIELDS,
    SESSION_FIELDS,
    STATUSES,
    VENUE_FIELDS,
    FieldSpec,
)
from agenda.urls import Links
from tests.conftest import REPO, BuiltSite, SiteTree
from tests.htmlcheck import read_html

# Written independently of agenda/cms.py: the widget each kind of field must get.
# A kind used in agenda/schema.py and missing here fails `test_every_kind_has_a_widget`.
WIDGET_OF_KIND = {
    "text": "string",
    "markdown": "markdown",
    "url": "string",
    "email": "string",
    "phone": "string",
    "postal_code": "string",
    "contact": "string",
    "slug": "string",
    "image": "image",
    "coordinate": "number",
    "integer": "number",
    "departement": "select",
    "term": "select",
    "terms": "select",
    "slug:venue": "relation",
    "slug:partner": "relation",
    "slugs:partner": "relation",
    "when": "datetime",
    "dates": "list",
    "sessions": "list",
    "opening_hours": "list",
    "status": "select",
    "list": "list",
}
MULTILINE_TEXT = {"description", "access"}
PATTERN_KINDS = {"url", "email", "phone", "postal_code", "contact", "slug"}
COLLECTION_OF = {"event": "evenements", "venue": "lieux", "partner": "partenaires"}
FOLDER_OF = {
    "evenements": "content/events",
    "lieux": "content/venues",
    "partenaires": "content/partners",
}


def kind_key(spec: FieldSpec) -> str:
    if spec.kind in WIDGET_OF_KIND:
        return spec.kind
    return spec.kind.partition(":")[0]


def expected_widget(spec: FieldSpec) -> str:
    if spec.kind == "text" and spec.name in MULTILINE_TEXT:
        return "text"
    return WIDGET_OF_KIND[kind_key(spec)]


@pytest.fixture(scope="module")
def config():
    return load_config(REPO)


@pytest.fixture(scope="module")
def generated(config) -> dict[str, Any]:
    return cms.cms_config(config)


@pytest.fixture(scope="module")
def raw_settings() -> dict[str, Any]:
    """site_config.yaml as plain YAML, without going through SiteConfig."""
    loaded = yaml.safe_load((REPO / "site_config.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def collection(generated: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [c for c in generated["collections"] if c["name"] == name]
    return found


def fields_of(generated: dict[str, Any], record: str) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = collection(generated, COLLECTION_OF[record])["fields"]
    return fields


# The configuration follows the schema ---------------------------------------------------


def test_every_kind_has_a_widget():
    kinds = {kind_key(s) for specs in FIELDS_BY_KIND.values() for s in specs}
    kinds |= {kind_key(s) for s in SESSION_FIELDS}
    assert kinds <= set(WIDGET_OF_KIND), (
        f"kinds without an expected widget: {kinds - set(WIDGET_OF_KIND)}"
    )


@pytest.mark.parametrize("record", ["event", "venue", "partner"])
def test_fields_follow_the_schema_in_order(generated, record):
    specs = FIELDS_BY_KIND[record]
    fields = fields_of(generated, record)
    if record == "event":
        body = fields.pop()
        assert body == {**body, "name": "body", "widget": "markdown", "label": "Description"}
    assert [f["name"] for f in fields] == [s.name for s in specs]
    for spec, field in zip(specs, fields, strict=True):
        assert field["widget"] == expected_widget(spec), spec.name
        assert field["required"] is spec.required, spec.name
        assert field["hint"].startswith(spec.help), spec.name
        assert field["label"] and field["label"] != spec.name, spec.name
        if kind_key(spec) in PATTERN_KINDS:
            regex, message = field["pattern"]
            re.compile(regex)
            assert message, spec.name


def test_collections(generated):
    assert [c["name"] for c in generated["collections"]] == ["evenements", "lieux", "partenaires"]
    for name, folder in FOLDER_OF.items():
        found = collection(generated, name)
        assert found["folder"] == folder
        assert found["create"] is True
        assert found["delete"] is False  # a deletion would skip the pull request
    events = collection(generated, "evenements")
    assert (events["extension"], events["format"]) == ("md", "frontmatter")
    assert events["path"] == "{{year}}/{{slug}}" and events["slug"] == "{{slug}}"
    assert events["identifier_field"] == "title"
    for name in ("lieux", "partenaires"):
        found = collection(generated, name)
        assert (found["extension"], found["format"]) == ("yaml", "yaml")
        assert found["identifier_field"] == "name"
        assert "path" not in found


def test_site_wide_settings(generated):
    assert generated["backend"] == {
        "name": "github",
        "repo": "agenda-csti-grand-est/agenda",
        "branch": "main",
    }
    assert generated["publish_mode"] == "editorial_workflow"
    assert generated["locale"] == "fr"
    # The image field must hold the repository path the validator wants.
    assert generated["media_folder"] == "assets/images"
    assert generated["public_folder"] == "assets/images"
    assert generated["slug"]["encoding"] == "ascii" and generated["slug"]["clean_accents"]


def test_repository_and_branch_come_from_site_config(site: SiteTree):
    config_file = site.root / "site_config.yaml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8")
        + '\nrepository: "consortium/agenda-csti"\ncms_branch: "contenu"\n',
        encoding="utf-8",
    )
    backend = cms.cms_config(load_config(site.root))["backend"]
    assert backend == {"name": "github", "repo": "consortium/agenda-csti", "branch": "contenu"}


def test_select_options_are_the_vocabularies(generated, raw_settings):
    vocabularies = {"themes", "formats", "audiences", "accessibility"}
    seen = set()
    for record, specs in FIELDS_BY_KIND.items():
        for spec, field in zip(specs, fields_of(generated, record), strict=False):
            kind, _, vocabulary = spec.kind.partition(":")
            if kind not in ("term", "terms"):
                continue
            assert vocabulary in vocabularies
            expected = [{"label": t["label"], "value": t["slug"]} for t in raw_settings[vocabulary]]
            assert field["options"] == expected, spec.name
            assert field["multiple"] is (kind == "terms"), spec.name
            seen.add(vocabulary)
    assert seen == vocabularies


def test_departement_and_status_options(generated, raw_settings):
    [departement] = [f for f in fields_of(generated, "venue") if f["name"] == "departement"]
    assert departement["options"] == [
        {"label": d["name"], "value": d["code"]} for d in raw_settings["departements"]
    ]
    [status] = [f for f in fields_of(generated, "event") if f["name"] == "status"]
    assert [o["value"] for o in status["options"]] == list(STATUSES)
    assert [o["label"] for o in status["options"]] == list(STATUSES.values())


def test_relations_point_at_the_right_collections(generated):
    relations = {f["name"]: f for f in fields_of(generated, "event") if f["widget"] == "relation"}
    assert set(relations) == {"venue", "organizer", "partners"}
    assert relations["venue"]["collection"] == "lieux"
    assert relations["venue"]["search_fields"] == ["name", "city"]
    assert relations["venue"]["display_fields"] == ["name", "city"]
    assert relations["organizer"]["collection"] == "partenaires"
    assert relations["partners"]["collection"] == "partenaires"
    for name, field in relations.items():
        # The file name (slug) is what the validator looks up.
        assert field["value_field"] == "{{slug}}", name
        assert field["multiple"] is (name == "partners"), name


def test_time_fields(generated):
    fields = {f["name"]: f for f in fields_of(generated, "event")}
    for name in ("start", "end", "previous_start"):
        assert fields[name]["format"] == "YYYY-MM-DD HH:mm"
        assert fields[name]["date_format"] == "DD/MM/YYYY"
        assert fields[name]["time_format"] == "HH:mm"
        assert fields[name]["picker_utc"] is False
        assert "2027-03-13" in fields[name]["hint"]  # a whole day can be a bare date
    closed = fields["closed"]["field"]
    assert closed["widget"] == "datetime"
    assert (closed["format"], closed["time_format"]) == ("YYYY-MM-DD", False)
    sessions = fields["sessions"]["fields"]
    assert [f["name"] for f in sessions] == [s.name for s in SESSION_FIELDS]
    for spec, field in zip(SESSION_FIELDS, sessions, strict=True):
        assert field["widget"] == expected_widget(spec)
        assert field["required"] is spec.required
    assert fields["opening_hours"]["field"]["widget"] == "string"
    assert fields["age_min"]["value_type"] == "int"
    assert fields["tags"]["widget"] == "list"


def test_coordinates_are_floats_inside_the_region(generated, raw_settings):
    fields = {f["name"]: f for f in fields_of(generated, "venue")}
    bounds = raw_settings["region_bounds"]
    assert fields["lat"]["value_type"] == "float"
    assert (fields["lat"]["min"], fields["lat"]["max"]) == (bounds["lat_min"], bounds["lat_max"])
    assert (fields["lon"]["min"], fields["lon"]["max"]) == (bounds["lon_min"], bounds["lon_max"])


def test_a_new_schema_field_appears_in_the_cms(config, monkeypatch):
    extra = FieldSpec("parking", "integer", False, "Nombre de places de parking.", "12")
    monkeypatch.setitem(FIELDS_BY_KIND, "venue", (*VENUE_FIELDS, extra))
    fields = fields_of(cms.cms_config(config), "venue")
    assert fields[-1]["name"] == "parking"
    assert fields[-1]["widget"] == "number" and fields[-1]["required"] is False


def test_an_unknown_kind_is_refused_not_dropped(config, monkeypatch):
    extra = FieldSpec("couleur", "colour", False, "Couleur de la fiche.", "bleu")
    monkeypatch.setitem(FIELDS_BY_KIND, "partner", (*PARTNER_FIELDS, extra))
    with pytest.raises(cms.UnknownKindError, match="couleur"):
        cms.cms_config(config)
    bad_vocabulary = FieldSpec("niveau", "term:niveaux", False, "Niveau.", "debutant")
    monkeypatch.setitem(FIELDS_BY_KIND, "partner", (*PARTNER_FIELDS, bad_vocabulary))
    with pytest.raises(cms.UnknownKindError, match="niveaux"):
        cms.cms_config(config)


# Patterns: what the CMS refuses, the validator refuses too -------------------------------


def pattern_of(generated: dict[str, Any], record: str, name: str) -> re.Pattern[str]:
    [field] = [f for f in fields_of(generated, record) if f["name"] == name]
    spec = field.get("field", field)
    return re.compile(spec["pattern"][0])


@pytest.mark.parametrize(
    ("record", "name", "good", "bad"),
    [
        (
            "event",
            "online",
            ["https://www.example.org/direct", "http://localhost:8000/x"],
            ["www.example.org", "https://exemple", "ftp://example.org/x"],
        ),
        (
            "partner",
            "email",
            ["contact@example.org"],
            ["contact@example", "contact example.org"],
        ),
        ("venue", "phone", ["03 24 00 00 00", "+33 3 89 00 00 00"], ["24 00", "appelez-nous"]),
        (
            "venue",
            "postal_code",
            ["08000", "67600", "88000"],
            ["8000", "75001", "080000", "08 000"],
        ),
        (
            "event",
            "registration",
            [
                "https://www.example.org/inscription",
                "contact@example.org",
                "03 24 00 00 00",
                "Sur place, le jour même",
            ],
            ["www.example.org/inscription", "WWW.example.org", "https://exemple"],
        ),
    ],
)
def test_patterns(generated, record, name, good, bad):
    pattern = pattern_of(generated, record, name)
    for value in good:
        assert pattern.search(value), value
    for value in bad:
        assert not pattern.search(value), value


def test_opening_hours_pattern_agrees_with_the_validator(generated):
    pattern = pattern_of(generated, "event", "opening_hours")
    good = [
        "mar-dim 14:00-18:00",
        "mer,sam 10:00-12:00 14:00-18:00",
        "lundi 9h30-12h00",
        "ven-lun 20:00-23:30",
    ]
    bad = [
        "mar-dim",
        "tous les jours 14:00-18:00",
        "mar 14:00",
        "mar, 14:00-18:00",
        "mar 25:00-26:00",
    ]
    for value in good:
        assert pattern.search(value), value
        parse_opening_hours(value)
    for value in bad:
        assert not pattern.search(value), value
        with pytest.raises(ValueError):
            parse_opening_hours(value)


def test_session_id_pattern(generated):
    [sessions] = [f for f in fields_of(generated, "event") if f["name"] == "sessions"]
    [id_field] = [f for f in sessions["fields"] if f["name"] == "id"]
    pattern = re.compile(id_field["pattern"][0])
    assert pattern.search("s1") and pattern.search("seance-du-matin")
    assert not pattern.search("S1") and not pattern.search("séance")


# The built site ---------------------------------------------------------------------------


def test_admin_files_are_built(built_site: BuiltSite):
    page = built_site.read("/admin/")
    config_text = built_site.read("/admin/config.yml")
    parsed = yaml.safe_load(config_text)
    assert parsed == cms.cms_config(load_config(built_site.root, "https://agenda.example.org"))
    # The published editor never talks to a server on the visitor's own machine.
    assert "local_backend" not in parsed and "localhost" not in page
    assert '<html lang="fr">' in page
    assert "<title>Administration – Agenda CSTI Grand Est</title>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "<noscript>" in page and "JavaScript" in page
    assert '<link href="/admin/config.yml" type="text/yaml" rel="cms-config-url">' in page
    [(attrs, _)] = read_html(page).scripts
    assert attrs["src"] == f"https://unpkg.com/decap-cms@{cms.DECAP_VERSION}/dist/decap-cms.js"
    assert re.fullmatch(r"\d+\.\d+\.\d+", cms.DECAP_VERSION)
    integrity = attrs["integrity"] or ""
    assert integrity.startswith("sha384-")
    assert len(base64.b64decode(integrity.removeprefix("sha384-"), validate=True)) == 48
    assert attrs["crossorigin"] == "anonymous"


def test_no_other_page_loads_an_external_script(built_site: BuiltSite):
    external: dict[str, list[str]] = {}
    pages = sorted(built_site.out.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        for attrs, _ in read_html(page.read_text(encoding="utf-8")).scripts:
            src = attrs.get("src") or ""
            if src.startswith("//") or "://" in src:
                external.setdefault(page.relative_to(built_site.out).as_posix(), []).append(src)
    assert external == {"admin/index.html": [cms.DECAP_SCRIPT]}


def test_admin_is_not_in_the_sitemap(built_site: BuiltSite):
    assert "/admin/" not in built_site.read("/sitemap.xml")


# What the CMS saves passes `check` ---------------------------------------------------------
# Written exactly as Decap 3 saves them: its front matter goes through the `yaml` npm
# package (1.x, the YAML 1.2 core schema), which leaves `2027-03-13 14:00` unquoted,
# writes lists in block style and double-quotes strings that would read as numbers.
# (Produced with yaml@1.10.2's createNode + Document.toString, as Decap's toFile does.)

CMS_PARTNER = """
name: Médiathèque de Sedan
url: https://www.example.org
email: contact@example.org
logo: assets/images/x.svg
description: |-
  Réseau de lecture publique : douze bibliothèques.

  Ateliers toute l'année.
"""

CMS_VENUE = """
name: Médiathèque Voyelles
address: 2 place de la Gare
postal_code: {postal_code}
city: Charleville-Mézières
departement: "08"
lat: 49.7629
lon: 4.7202
access: |-
  Bus ligne 1, arrêt Gare ; parking gratuit.
  Gare SNCF à 5 minutes à pied.
url: https://www.example.org
phone: 03 24 00 00 00
accessibility:
  - moteur
  - auditif
description: Une médiathèque au cœur de la ville.
"""

CMS_EVENT = """
---
title: "Atelier robots : programme ton premier robot"
summary: Un atelier pour découvrir la programmation.
venue: mediatheque-voyelles
online: https://www.example.org/direct
organizer: mediatheque-sedan
partners:
  - nef-des-sciences
start: 2027-03-13 14:00
end: 2027-03-13 16:30
themes:
  - numerique-robotique
  - {theme}
format: {format}
audience:
  - familles
  - jeune-public
age_min: 8
age_max: 12
price: gratuit
registration: 03 24 00 00 00
accessibility:
  - moteur
  - auditif
accessibility_notes: Traduit en LSF
image: assets/images/x.svg
image_alt: Un petit robot sur roues
image_credit: © Médiathèque de Sedan
status: scheduled
tags:
  - robotique
  - programmation
---
Les enfants assemblent un petit robot.

**Gratuit**, sur inscription.
"""

CMS_SESSIONS_EVENT = """
---
title: Visites de l'atelier
venue: mediatheque-voyelles
organizer: mediatheque-sedan
sessions:
  - id: s1
    start: 2027-03-13 10:00
    end: 2027-03-13 12:00
  - id: s2
    start: 2027-03-20 10:00
    end: 2027-03-20 12:00
format: visite
status: rescheduled
previous_start: 2027-03-06 10:00
---
Deux visites.
"""

CMS_EXHIBITION = """
---
title: "Exposition : les robots"
venue: mediatheque-voyelles
organizer: mediatheque-sedan
start: 2027-01-10
end: 2027-02-28
opening_hours:
  - mar-dim 14:00-18:00
  - mer,sam 10:00-12:00
closed:
  - 2027-01-20
  - 2027-02-02
format: exposition
---
Une exposition.
"""

# An event whose optional fields were filled in, then emptied, in the CMS: Decap keeps
# them as "" and [] (decap-cms#7120), cleared selects as null.
CMS_CLEARED_EVENT = """
---
title: Conférence en ligne
online: https://www.example.org/direct
organizer: mediatheque-sedan
start: ""
end: ""
sessions:
  - id: s1
    start: 2027-03-13 14:00
    end: ""
summary: ""
venue: ""
format: null
themes: null
age_min: ""
image: ""
image_alt: ""
partners: []
---
Conférence.
"""


def write_cms_records(site: SiteTree, postal_code: str = '"08000"') -> None:
    site.write("assets/images/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    site.write("content/partners/mediatheque-sedan.yaml", CMS_PARTNER)
    site.write("content/partners/nef-des-sciences.yaml", "name: La Nef des sciences\n")
    site.write(
        "content/venues/mediatheque-voyelles.yaml", CMS_VENUE.format(postal_code=postal_code)
    )


@pytest.mark.parametrize("postal_code", ['"08000"', "'08000'"])
def test_records_saved_by_the_cms_pass_check(site: SiteTree, postal_code):
    write_cms_records(site, postal_code)
    site.write(
        "content/events/2027/atelier-robots.md",
        CMS_EVENT.format(theme="mathematiques", format="atelier"),
    )
    site.write("content/events/2027/visites-atelier.md", CMS_SESSIONS_EVENT)
    site.write("content/events/2027/exposition-robots.md", CMS_EXHIBITION)
    result = check_site(site.root)
    assert [p for p in result.problems if p.is_error] == []
    assert result.ok
    assert result.content is not None
    [venue] = result.content.venues
    assert (venue.postal_code, venue.departement) == ("08000", "08")
    assert (venue.lat, venue.lon) == (49.7629, 4.7202)
    events = {e.slug: e for e in result.content.events}
    robots = events["atelier-robots"]
    assert robots.start.isoformat() == "2027-03-13T14:00:00+01:00"
    assert robots.themes == ("numerique-robotique", "mathematiques")
    assert (robots.age_min, robots.age_max) == (8, 12)
    assert robots.partners == ("nef-des-sciences",)
    assert robots.image == "assets/images/x.svg"
    assert "<strong>Gratuit</strong>" in robots.description_html
    assert [s.key for s in events["visites-atelier"].sessions] == ["s1", "s2"]
    assert len(events["exposition-robots"].closed) == 2


def test_a_value_outside_the_vocabulary_fails_check(site: SiteTree):
    write_cms_records(site)
    site.write(
        "content/events/2027/atelier-cuisine.md",
        CMS_EVENT.format(theme="cuisine", format="atelier-cuisine"),
    )
    result = check_site(site.root)
    assert not result.ok
    errors = {(p.path, p.field) for p in result.problems if p.is_error}
    assert errors == {
        ("content/events/2027/atelier-cuisine.md", "themes"),
        ("content/events/2027/atelier-cuisine.md", "format"),
    }


def test_optional_fields_emptied_in_the_cms_pass_check(site: SiteTree):
    write_cms_records(site)
    site.write("content/events/2027/conference-en-ligne.md", CMS_CLEARED_EVENT)
    result = check_site(site.root)
    assert [p for p in result.problems if p.is_error] == []


# Subresource Integrity ------------------------------------------------------------------


def packed_from_npm_cache(spec: str, folder: Path) -> Path:
    """`npm pack --offline` of `name@version` into `folder`: the tarball, or a skip when
    npm is missing or the package is not in its offline cache."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    try:
        packed = subprocess.run(
            [npm, "pack", spec, "--offline", "--silent"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm pack did not finish")
    tarballs = list(folder.glob(spec.split("@")[0] + "-*.tgz"))
    if packed.returncode != 0 or not tarballs:
        pytest.skip(f"{spec} is not in npm's offline cache")
    return tarballs[0]


def test_sri_hash_matches_the_npm_package(tmp_path: Path):
    """Re-checks DECAP_SRI against npm's cache; skipped when the package is not there."""
    tarball = packed_from_npm_cache(f"decap-cms@{cms.DECAP_VERSION}", tmp_path)
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/dist/decap-cms.js")
        assert member is not None
        expected = "sha384-" + base64.b64encode(hashlib.sha384(member.read()).digest()).decode()
    assert expected == cms.DECAP_SRI


def test_backend_uses_the_configured_repository_and_oauth_service(site: SiteTree):
    config_file = site.root / "site_config.yaml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace('repository: "agenda-csti-grand-est/agenda"', 'repository: "nef/agenda"')
    text = text.replace('cms_auth_base_url: ""', 'cms_auth_base_url: "https://auth.example.org"')
    config_file.write_text(text, encoding="utf-8")
    backend = cms.cms_config(load_config(site.root))["backend"]
    assert backend == {
        "name": "github",
        "repo": "nef/agenda",
        "branch": "main",
        "base_url": "https://auth.example.org",
        "auth_endpoint": "auth",
    }
    assert "base_url" not in cms.cms_config(load_config(REPO))["backend"]


def test_admin_policy_allows_only_what_decap_needs(site: SiteTree):
    directives = dict(d.strip().split(" ", 1) for d in cms.admin_csp(load_config(REPO)).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"{cms.DECAP_ORIGIN_PATH} 'unsafe-eval'"
    assert cms.DECAP_SCRIPT.startswith(cms.DECAP_ORIGIN_PATH)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["connect-src"].split() == [
        "'self'",
        "https://api.github.com",
        "https://www.githubstatus.com",
    ]
    assert directives["object-src"] == directives["base-uri"] == "'none'"
    config_file = site.root / "site_config.yaml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            'cms_auth_base_url: ""', 'cms_auth_base_url: "https://auth.example.org/oauth/"'
        ),
        encoding="utf-8",
    )
    policy = cms.admin_csp(load_config(site.root))
    assert "connect-src 'self' https://api.github.com" in policy
    assert policy.split("connect-src ")[1].split(";")[0].endswith(" https://auth.example.org")


def test_admin_page_carries_its_policy_first(site: SiteTree):
    config = load_config(REPO)
    page = cms.admin_page(config, Links(config.base_url))
    assert page.count('http-equiv="Content-Security-Policy"') == 1
    assert page.index("Content-Security-Policy") < page.index("<script")
    head = page[: page.index("</head>")]
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in head


# local_backend: only in the site `serve` builds ---------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "local"),
    [
        ("https://agenda-csti-grandest.fr", False),
        ("https://org.github.io/agenda", False),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:8000", True),
        ("http://[::1]:8000/", True),
        ("https://localhost.example.org", False),
    ],
)
def test_local_backend_only_on_this_machine(base_url, local):
    config = load_config(REPO, base_url)
    settings = cms.cms_config(config)
    assert ("local_backend" in settings) is local
    if local:
        assert settings["local_backend"] is True
    connect = cms.admin_csp(config).split("connect-src ")[1].split(";")[0].split()
    assert (cms.DECAP_LOCAL_SERVER in connect) is local


# config.yml as Decap reads it: YAML 1.2 -----------------------------------------------------

YAML_12_NOT_STRINGS = ["08", "09", "010", "1e5", "+12", "0o17", "0x1F", ".inf", "-.Inf", ".NaN"]
YAML_12_NULLS_AND_BOOLS = ["", "~", "null", "NULL", "true", "False"]


def test_config_quotes_what_yaml_1_2_would_read_as_a_number():
    text = cms.config_yml(load_config(REPO))
    for code in ("08", "10", "51", "88"):
        assert re.search(rf"^\s+value: (\"{code}\"|'{code}')$", text, re.M), code
    for value in YAML_12_NOT_STRINGS + YAML_12_NULLS_AND_BOOLS:
        dumped = yaml.dump({"v": value}, Dumper=cms._ConfigDumper)
        assert dumped.strip() in (f'v: "{value}"', f"v: '{value}'"), dumped
    for value in ("atelier", "08000 Charleville", "2027-03-13", "v1.2"):
        assert yaml.safe_load(yaml.dump({"v": value}, Dumper=cms._ConfigDumper)) == {"v": value}
    assert yaml.safe_load(text) == cms.cms_config(load_config(REPO))


DECAP_YAML = "1.10.2"  # the `yaml` npm package Decap 3 bundles (decap-cms-core: yaml ^1.8.3)


@pytest.fixture(scope="module")
def decap_yaml(tmp_path_factory) -> Path:
    """Decap's own YAML library, from npm's offline cache; the test skips without it."""
    if shutil.which("node") is None:
        pytest.skip("node and npm are needed")
    folder = tmp_path_factory.mktemp("yaml-npm")
    tarball = packed_from_npm_cache(f"yaml@{DECAP_YAML}", folder)
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def run_node(script: str, package: Path, stdin: str) -> str:
    done = subprocess.run(
        ["node", "-e", script, str(package)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_decap_reads_config_yml_as_generated(decap_yaml: Path, config):
    # As decap-cms-core's parseConfig: yaml.parse(text, {maxAliasCount: -1, merge: true}).
    script = (
        "const YAML = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d).on('end', () => process.stdout.write("
        "JSON.stringify(YAML.parse(s, {maxAliasCount: -1, prettyErrors: true, merge: true}))));"
    )

    parsed = json.loads(run_node(script, decap_yaml, cms.config_yml(config)))
    assert parsed == json.loads(json.dumps(cms.cms_config(config)))
    [departement] = [f for f in collection(parsed, "lieux")["fields"] if f["name"] == "departement"]
    assert departement["options"][0] == {"label": "Ardennes", "value": "08"}


def test_a_departement_chosen_in_decap_is_saved_as_the_code(decap_yaml: Path, site: SiteTree):
    # Decap's YAML formatter writes the select's value with yaml.stringify.
    script = (
        "const YAML = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d).on('end', () => "
        "process.stdout.write(YAML.stringify(JSON.parse(s))));"
    )

    record = yaml.safe_load(CMS_VENUE.format(postal_code='"08000"'))
    saved = run_node(script, decap_yaml, json.dumps(record))
    assert 'departement: "08"' in saved and 'postal_code: "08000"' in saved
    write_cms_records(site)
    site.write("content/venues/mediatheque-voyelles.yaml", saved)
    site.write("content/events/2027/visites-atelier.md", CMS_SESSIONS_EVENT)
    result = check_site(site.root)
    assert [p for p in result.problems if p.is_error] == []
    assert result.content is not None
    assert result.content.venues[0].departement == "08"
