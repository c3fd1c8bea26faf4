"""`new event|venue|partner`: commented skeletons that `check` refuses until filled in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import frontmatter
import pytest
import yaml

from agenda.pipeline import check_site
from agenda.scaffold import skeleton_text, write_skeleton
from agenda.schema import FIELDS_BY_KIND

TODAY = date(2026, 5, 12)


def fill(path: Path, values: dict[str, str]) -> None:
    """Fill the empty `name:` lines of a skeleton, as a partner would in an editor."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(rf"(?m)^{name}:$", f"{name}: {value}", text)
        assert count == 1, name
    path.write_text(text, encoding="utf-8")


def error_fields(site) -> list[tuple[str, str]]:
    return [(p.path, p.field) for p in check_site(site.root).problems if p.is_error]


# Where skeletons go ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "slug", "expected"),
    [
        ("partner", "mediatheque-sedan", "content/partners/mediatheque-sedan.yaml"),
        ("venue", "salle-des-fetes-bar", "content/venues/salle-des-fetes-bar.yaml"),
        ("event", "atelier-robots", "content/events/2026/atelier-robots.md"),
    ],
)
def test_write_skeleton_into_the_right_folder(site, kind, slug, expected):
    path = write_skeleton(site.root, kind, slug, TODAY)
    assert path == site.root / expected
    assert path.read_text(encoding="utf-8") == skeleton_text(kind)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("partner", "content/partners/nouveau-partenaire.yaml"),
        ("venue", "content/venues/nouveau-lieu.yaml"),
        ("event", "content/events/2026/nouvel-evenement.md"),
    ],
)
def test_default_slug(site, kind, expected):
    assert write_skeleton(site.root, kind, None, TODAY) == site.root / expected


def test_refuses_to_overwrite(site):
    path = write_skeleton(site.root, "venue", "salle", TODAY)
    path.write_text("name: déjà rempli\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match=re.escape("content/venues/salle.yaml")):
        write_skeleton(site.root, "venue", "salle", TODAY)
    assert path.read_text(encoding="utf-8") == "name: déjà rempli\n"


def test_refuses_an_event_slug_used_in_another_year_folder(site):
    old = site.write("content/events/2025/atelier.md", "---\ntitle: Ancien\n---\n")
    with pytest.raises(FileExistsError, match=re.escape("content/events/2025/atelier.md")):
        write_skeleton(site.root, "event", "atelier", TODAY)
    assert not (site.root / "content/events/2026/atelier.md").exists()
    assert old.read_text(encoding="utf-8") == "---\ntitle: Ancien\n---\n"


@pytest.mark.parametrize("slug", ["Atelier Robots", "atelier_robots", "été", "-atelier", "a--b"])
def test_refuses_an_invalid_slug(site, slug):
    with pytest.raises(ValueError, match="minuscules"):
        write_skeleton(site.root, "event", slug, TODAY)
    assert list((site.root / "content/events").rglob("*.md")) == []


# Skeleton contents -------------------------------------------------------------------


def test_event_skeleton_parses_with_python_frontmatter(site):
    path = write_skeleton(site.root, "event", "atelier", TODAY)
    post = frontmatter.load(path)
    # Shown fields are present and empty; the others are comments.
    for name in ("title", "venue", "organizer", "start", "end", "themes", "format"):
        assert name in post.metadata
        assert post.metadata[name] is None
    assert "sessions" not in post.metadata
    assert "image" not in post.metadata
    assert post.content.startswith("Décrivez ici l'événement")


@pytest.mark.parametrize("kind", ["partner", "venue"])
def test_yaml_skeletons_parse(kind):
    data = yaml.safe_load(skeleton_text(kind))
    assert isinstance(data, dict)
    assert all(value is None for value in data.values())


@pytest.mark.parametrize("kind", ["partner", "venue", "event"])
def test_skeleton_documents_every_field_and_marks_required_ones(kind):
    text = skeleton_text(kind)
    for spec in FIELDS_BY_KIND[kind]:
        assert re.search(rf"(?m)^(# )?{spec.name}:", text), spec.name
        assert f"Exemple : {spec.name}: {spec.example}" in text
        if spec.required:
            assert re.search(rf"(?m)^# .*\(obligatoire\).*Exemple : {spec.name}:", text)


# The skeleton and `check` ------------------------------------------------------------


def test_event_skeleton_fails_check_as_written(site):
    write_skeleton(site.root, "event", "atelier", TODAY)
    result = check_site(site.root)
    assert not result.ok
    fields = {p.field for p in result.problems if p.is_error}
    assert {"title", "organizer", "start", "venue"} <= fields
    assert all(p.path == "content/events/2026/atelier.md" for p in result.problems)


def test_event_skeleton_passes_check_once_filled(site):
    venue = write_skeleton(site.root, "venue", "mediatheque-epinal", TODAY)
    fill(
        venue,
        {
            "name": '"Médiathèque d\'Épinal"',
            "address": '"48 rue Saint-Michel"',
            "postal_code": '"88000"',
            "city": "Épinal",
        },
    )
    partner = write_skeleton(site.root, "partner", "mediatheque-epinal", TODAY)
    fill(partner, {"name": '"Médiathèques d\'Épinal"'})
    event = write_skeleton(site.root, "event", "atelier", TODAY)
    fill(
        event,
        {
            "title": '"Atelier robots"',
            "venue": "mediatheque-epinal",
            "organizer": "mediatheque-epinal",
            "start": '"2026-06-13 14:00"',
        },
    )
    result = check_site(site.root)
    assert result.problems == []
    assert result.ok
    [checked] = result.content.events
    assert checked.title == "Atelier robots"
    assert checked.description_text.startswith("Décrivez ici l'événement")
    assert frontmatter.load(event).metadata["title"] == "Atelier robots"


def test_skeleton_examples_pass_check(site):
    """Every shown field filled with the example the skeleton gives for it."""
    site.venue("bmi-epinal")
    site.partner("universite-de-lorraine")
    path = write_skeleton(site.root, "event", "atelier", TODAY)
    shown = re.findall(r"(?m)^(\w+):$", path.read_text(encoding="utf-8"))
    examples = {s.name: s.example for s in FIELDS_BY_KIND["event"]}
    fill(path, {name: examples[name] for name in shown})
    result = check_site(site.root)
    assert result.problems == []


@pytest.mark.parametrize(("kind", "required"), [("venue", 4), ("partner", 1)])
def test_yaml_skeletons_fail_then_pass(site, kind, required):
    # One online event, so that the site is not empty (an error of its own).
    site.partner("organisateur", 'name: "Organisateur"\n')
    site.event(
        "en-ligne",
        """
        title: Conférence en ligne
        organizer: organisateur
        online: https://visio.example.org/salle
        start: 2025-10-04 18:00
        """,
    )
    path = write_skeleton(site.root, kind, "fiche", TODAY)
    fields = [p.field for p in check_site(site.root).problems if p.is_error]
    assert len(fields) == required
    specs = [s for s in FIELDS_BY_KIND[kind] if s.required]
    assert sorted(fields) == sorted(s.name for s in specs)
    fill(path, {s.name: s.example for s in specs})
    assert check_site(site.root).problems == []


def test_event_skeleton_examples_name_files_of_the_repository():
    """The venue and organiser a partner copies from the skeleton exist in content/."""
    root = Path(__file__).resolve().parent.parent
    examples = {s.name: s.example for s in FIELDS_BY_KIND["event"]}
    assert (root / "content/venues" / f"{examples['venue']}.yaml").is_file()
    assert (root / "content/partners" / f"{examples['organizer']}.yaml").is_file()


def test_event_skeleton_documents_opening_hours_in_full():
    text = skeleton_text("event")
    for words in ("mar-dim", "lun,mer,ven", "mar-ven 10:00-12:00 14:00-18:00", "jours non cités"):
        assert words in text
