"""site_config.yaml → SiteConfig: the real file, vocabularies, base path, broken configs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from agenda.config import (
    Departement,
    Term,
    Vocabulary,
    load_config,
    normalise_term,
)
from agenda.config_file import CONFIG_FILE
from agenda.errors import ContentError

REPO = Path(__file__).resolve().parent.parent

CONTRACT_DEPARTEMENTS = [
    ("08", "Ardennes", "ardennes"),
    ("10", "Aube", "aube"),
    ("51", "Marne", "marne"),
    ("52", "Haute-Marne", "haute-marne"),
    ("54", "Meurthe-et-Moselle", "meurthe-et-moselle"),
    ("55", "Meuse", "meuse"),
    ("57", "Moselle", "moselle"),
    ("67", "Bas-Rhin", "bas-rhin"),
    ("68", "Haut-Rhin", "haut-rhin"),
    ("88", "Vosges", "vosges"),
]


@pytest.fixture(scope="module")
def config():
    return load_config(REPO)


def write_config(tmp_path: Path, changes: dict) -> Path:
    """A copy of the real config with some keys replaced (None removes a key)."""
    raw = yaml.safe_load((REPO / CONFIG_FILE).read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    (tmp_path / CONFIG_FILE).write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return tmp_path


def problems_of(root: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_config(root)
    return caught.value.problems


# The real configuration ---------------------------------------------------------------


def test_ten_departements_of_the_contract(config):
    assert [(d.code, d.name, d.slug) for d in config.departements] == CONTRACT_DEPARTEMENTS
    assert all(isinstance(d, Departement) for d in config.departements)


def test_departement_by_code(config):
    ardennes = config.departement_by_code("08")
    assert (ardennes.code, ardennes.name, ardennes.slug) == ("08", "Ardennes", "ardennes")
    assert config.departement_by_code("88").name == "Vosges"
    assert config.departement_by_code("8") is None
    assert config.departement_by_code("75") is None


def test_site_settings(config):
    assert config.title == "Agenda CSTI Grand Est"
    assert config.base_url == "https://agenda-csti-grandest.fr"
    assert config.base_path == ""
    assert config.output_dir == "_site"
    assert config.feed_past_months == 6
    assert config.accessibility_status == "non conforme"
    # Folded description becomes one line.
    assert "\n" not in config.description
    assert config.description.startswith("Les rendez-vous")
    assert "Etalab" in config.licence_name


def test_region_bounds(config):
    bounds = config.region_bounds
    assert bounds.contains(48.1725, 6.4497)  # Épinal
    assert bounds.contains(49.7629, 4.7202)  # Charleville-Mézières
    assert not bounds.contains(48.8566, 2.3522)  # Paris
    assert not bounds.contains(6.4497, 48.1725)  # swapped


def test_vocabularies_are_loaded_in_order(config):
    assert config.formats.slugs[:3] == ["atelier", "conference", "exposition"]
    assert "tout-public" in config.audiences.slugs
    assert config.accessibility.slugs == ["moteur", "auditif", "visuel", "psychique", "mental"]
    assert [t.openagenda for t in config.accessibility.terms] == ["mi", "hi", "vi", "pi", "ii"]
    assert len(config.themes.terms) == 10


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("conference", "conference"),
        ("Conférence", "conference"),
        ("CONFÉRENCE", "conference"),
        ("conférence", "conference"),
        ("  Atelier ", "atelier"),
        ("village des sciences", "village-des-sciences"),
        ("Village_des_sciences", "village-des-sciences"),
        ("Café des sciences", "cafe-des-sciences"),
        ("Jeu, escape game", "jeu"),
    ],
)
def test_format_lookup_by_slug_or_label(config, written, slug):
    term = config.formats.find(written)
    assert term is not None
    assert term.slug == slug


def test_vocabulary_lookup_other_lists(config):
    assert config.audiences.find("Étudiants").slug == "etudiants"
    assert config.audiences.find("etudiants").label == "Étudiants"
    assert config.accessibility.find("Handicap visuel").openagenda == "vi"
    assert config.themes.find("Patrimoine industriel et techniques").slug == (
        "patrimoine-industriel"
    )
    assert config.formats.find("origami") is None
    assert config.formats.get("conference").label == "Conférence"


def test_vocabulary_get_unknown_slug_raises(config):
    with pytest.raises(KeyError):
        config.formats.get("origami")


def test_normalise_term():
    assert normalise_term(" Biodiversité  et nature ") == "biodiversite-et-nature"
    assert normalise_term("L'été") == "l-ete"
    assert normalise_term("jeune_public") == "jeune-public"


def test_vocabulary_built_in_code():
    vocab = Vocabulary("x", (Term("sante", "Santé"),))
    assert vocab.find("SANTÉ") == Term("sante", "Santé")
    assert vocab.slugs == ["sante"]


# Base URL ----------------------------------------------------------------------------


def test_base_path_for_a_sub_path_base_url():
    config = load_config(REPO, base_url="https://org.github.io/agenda/")
    assert config.base_url == "https://org.github.io/agenda"
    assert config.base_path == "/agenda"


def test_base_url_from_the_file(tmp_path):
    root = write_config(tmp_path, {"base_url": "https://csti.github.io/agenda-grand-est/"})
    config = load_config(root)
    assert config.base_url == "https://csti.github.io/agenda-grand-est"
    assert config.base_path == "/agenda-grand-est"


def test_defaults_fill_missing_settings(tmp_path):
    root = write_config(tmp_path, {"output_dir": None, "feed_past_months": None, "title": None})
    config = load_config(root)
    assert config.output_dir == "_site"
    assert config.feed_past_months == 6
    assert config.title == "Agenda CSTI Grand Est"


# Broken configurations ---------------------------------------------------------------


def test_missing_config_file(tmp_path):
    [problem] = problems_of(tmp_path)
    assert problem.path == CONFIG_FILE
    assert "introuvable" in problem.message
    assert problem.hint


def test_malformed_config_yaml_reports_its_line(tmp_path):
    (tmp_path / CONFIG_FILE).write_text('title: "Agenda\nbase_url: [x\n', encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert problem.path == CONFIG_FILE
    # The quote left open on line 1, in plain French, with no word of the parser's English.
    assert problem.line == 1
    assert problem.field == "title"
    assert "guillemet" in problem.message
    assert "expected" not in problem.message + problem.hint


def test_misaligned_config_line_is_told_in_french(tmp_path):
    (tmp_path / CONFIG_FILE).write_text(
        'title: "Agenda"\nfeed_refresh_hours: 12\n  feed_past_months: 6\n', encoding="utf-8"
    )
    [problem] = problems_of(tmp_path)
    assert problem.line == 3
    assert "décal" in problem.message
    assert "expected" not in problem.message + problem.hint


def test_config_not_a_mapping(tmp_path):
    (tmp_path / CONFIG_FILE).write_text("- a\n- b\n", encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert problem.line == 1


def test_every_config_problem_is_reported_at_once(tmp_path):
    root = write_config(
        tmp_path,
        {
            "departements": [{"code": "08", "name": "Ardennes"}],
            "base_url": "agenda.example.org",
            "accessibility_status": "conforme",
            "region_bounds": {"lat_min": 47},
            "themes": "astronomie",
        },
    )
    fields = sorted(p.field for p in problems_of(root))
    assert fields == [
        "accessibility_status",
        "base_url",
        "departements",
        "departements",
        "region_bounds",
        "themes",
    ]


def test_empty_departement_list(tmp_path):
    root = write_config(tmp_path, {"departements": []})
    [problem] = problems_of(root)
    assert problem.field == "departements"
    assert "vide" in problem.message


def test_vocabulary_entry_without_label(tmp_path):
    root = write_config(tmp_path, {"formats": [{"slug": "atelier"}]})
    [problem] = problems_of(root)
    assert problem.field == "formats"
    assert "label" in problem.message


def test_accessibility_status_hint_lists_values(tmp_path):
    root = write_config(tmp_path, {"accessibility_status": "conforme"})
    [problem] = problems_of(root)
    assert "partiellement conforme" in problem.hint


def test_content_error_message_is_the_summary(tmp_path):
    with pytest.raises(ContentError, match="1 erreur dans 1 fichier"):
        load_config(tmp_path)


def test_config_is_frozen(config):
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.base_url = "https://example.org"


# Types, lines and safety -------------------------------------------------------------


def replace_line(tmp_path: Path, old: str, new: str) -> Path:
    """The real config with one line's text replaced, keeping every other line."""
    text = (REPO / CONFIG_FILE).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / CONFIG_FILE).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def line_of(root: Path, text: str) -> int:
    lines = (root / CONFIG_FILE).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_word_for_a_number_names_file_line_key_and_fix(tmp_path):
    root = replace_line(tmp_path, "feed_past_months: 6", 'feed_past_months: "six"')
    [problem] = problems_of(root)
    assert (problem.path, problem.field) == (CONFIG_FILE, "feed_past_months")
    assert problem.line == line_of(root, "feed_past_months")
    assert "nombre entier" in problem.message and "« six »" in problem.message
    assert "feed_past_months: 6" in problem.hint
    text = problem.as_text()
    assert text.startswith(f"{CONFIG_FILE}:{problem.line}: feed_past_months — ")
    assert "invalid literal" not in text


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("feed_refresh_hours: 12", "feed_refresh_hours: true", "feed_refresh_hours"),
        ("feed_refresh_hours: 12", "feed_refresh_hours: 0", "feed_refresh_hours"),
        ('title: "Agenda CSTI Grand Est"', "title: [a, b]", "title"),
        ('cms_branch: "main"', "cms_branch: 12", "cms_branch"),
        ('cms_auth_base_url: ""', 'cms_auth_base_url: "http://auth.example.org"', None),
        ('repository: "agenda-csti-grand-est/agenda"', 'repository: "agenda"', "repository"),
        ("  lat_min: 47.40", '  lat_min: "47.40"', "region_bounds"),
        ('{ code: "08",', "{ code: 8,", "departements"),
        ('host: "GitHub, Inc. (GitHub Pages)"', "host: [GitHub]", "host"),
        ('publication_director: ""', "publication_director: 12", "publication_director"),
        ('contact_email: ""', 'contact_email: "contact at example"', "contact_email"),
        ('  - "Accustica"', "  - 12", "consortium"),
        ('{ slug: "mathematiques", label: "Mathématiques" }', '{ slug: "maths", label: 3 }', None),
    ],
)
def test_every_key_is_type_checked_with_its_line(tmp_path, old, new, key):
    root = replace_line(tmp_path, old, new)
    [problem] = problems_of(root)
    assert problem.line == line_of(root, new.strip())
    if key:
        assert problem.field == key
    assert problem.hint


def test_who_publishes_the_site(config):
    assert config.consortium == (
        "La Nef des sciences – Université de Haute-Alsace",
        "Accustica",
        "Université de Lorraine",
    )
    assert "Accustica" in config.publisher and config.host


def test_content_max_bytes_default_and_setting(tmp_path, config):
    assert config.content_max_bytes == 1_000_000
    root = write_config(tmp_path, {"content_max_bytes": 200_000})
    assert load_config(root).content_max_bytes == 200_000
    [problem] = problems_of(write_config(tmp_path, {"content_max_bytes": "1 Mo"}))
    assert problem.field == "content_max_bytes"


@pytest.mark.parametrize(
    "value",
    [
        "/tmp/site",
        "../site",
        "_site/../../x",
        ".",
        "",
        "content",
        "content/site",
        "assets",
        "templates/",
        ".git",
        "agenda",
        "site_config.yaml",
        "~/site",
        "C:\\site",
    ],
)
def test_output_dir_must_stay_a_folder_of_its_own_inside_the_repository(tmp_path, value):
    root = replace_line(tmp_path, 'output_dir: "_site"', f"output_dir: {value!r}")
    (root / "site_config.yaml").touch()
    [problem] = problems_of(root)
    assert problem.field == "output_dir"
    assert problem.line == line_of(root, "output_dir")
    assert 'output_dir: "_site"' in problem.hint


def test_output_dir_through_a_symlink_out_of_the_repository(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    replace_line(root, 'output_dir: "_site"', 'output_dir: "dehors/site"')
    (root / "dehors").symlink_to(tmp_path)
    [problem] = problems_of(root)
    assert problem.field == "output_dir" and "hors du dépôt" in problem.message


def test_output_dir_sub_folder_is_accepted(tmp_path):
    root = replace_line(tmp_path, 'output_dir: "_site"', 'output_dir: "./build/site/"')
    assert load_config(root).output_dir == "build/site"


def test_config_symlink_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text((REPO / CONFIG_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / CONFIG_FILE).symlink_to(outside)
    [problem] = problems_of(root)
    assert "lien symbolique" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        'a: &a ["x", "x"]\nb: &b [*a, *a]\ntitle: "t"\n',
        "title: &t Agenda\ndescription: *t\n",
    ],
)
def test_yaml_anchors_and_aliases_are_refused(tmp_path, text):
    (tmp_path / CONFIG_FILE).write_text(text, encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert problem.line == 1
    assert "ancre" in problem.message
