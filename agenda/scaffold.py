"""Skeleton files for `python build.py new event|venue|partner`, with French comments
written from the schema, so the skeleton always matches what `check` accepts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from agenda.formats import SLUG_RE
from agenda.schema import FIELDS_BY_KIND, FieldSpec
from agenda.sources import CONTENT_FOLDERS

# Fields left uncommented (empty) in a skeleton: the ones almost every record fills.
SHOWN = {
    "partner": {"name", "url", "email", "description"},
    "venue": {"name", "address", "postal_code", "city", "lat", "lon", "access"},
    "event": {
        "title",
        "summary",
        "venue",
        "organizer",
        "start",
        "end",
        "themes",
        "format",
        "audience",
        "price",
        "registration",
    },
}
DEFAULT_SLUGS = {
    "partner": "nouveau-partenaire",
    "venue": "nouveau-lieu",
    "event": "nouvel-evenement",
}
INTRO = {
    "partner": "Un partenaire : une organisation qui propose des événements.",
    "venue": "Un lieu où se tiennent des événements.",
    "event": "Un événement. Remplissez les champs, supprimez les lignes inutiles.",
}
EVENT_BODY = (
    "Décrivez ici l'événement en quelques phrases : ce que le public va voir ou faire,\n"
    "ce qu'il faut apporter, comment s'y rendre. Le **gras**, l'*italique*, les listes\n"
    "et les [liens](https://www.example.org) sont permis.\n"
)


def skeleton_text(kind: str) -> str:
    """The commented skeleton of one kind of record."""
    lines = [f"# {INTRO[kind]}", "# Les lignes qui commencent par # sont des commentaires."]
    for spec in FIELDS_BY_KIND[kind]:
        lines.extend(_field_lines(spec, spec.name in SHOWN[kind]))
    body = "\n".join(lines) + "\n"
    if kind == "event":
        return f"---\n{body}---\n{EVENT_BODY}"
    return body


def _field_lines(spec: FieldSpec, shown: bool) -> list[str]:
    required = " (obligatoire)" if spec.required else ""
    comment = f"# {spec.help}{required} Exemple : {spec.name}: {spec.example}"
    if shown:
        return [comment, f"{spec.name}:"]
    return [comment, f"# {spec.name}: {spec.example}"]


def skeleton_path(root: Path, kind: str, slug: str, today: date) -> Path:
    """Where a new record goes: events in a folder per year."""
    folder = root / "content" / CONTENT_FOLDERS[kind]
    if kind == "event":
        return folder / str(today.year) / f"{slug}.md"
    return folder / f"{slug}.yaml"


def write_skeleton(root: Path, kind: str, slug: str | None, today: date) -> Path:
    """Write a skeleton; refuses an invalid slug and never overwrites a file."""
    slug = slug or DEFAULT_SLUGS[kind]
    if not SLUG_RE.match(slug):
        raise ValueError(
            f"« {slug} » : le nom s'écrit en minuscules sans accents, chiffres et tirets, "
            "par exemple atelier-robots-epinal."
        )
    path = skeleton_path(root, kind, slug, today)
    existing = list((root / "content" / CONTENT_FOLDERS[kind]).rglob(f"{slug}.*"))
    if path.exists() or existing:
        found = (existing or [path])[0].relative_to(root)
        raise FileExistsError(f"{found} existe déjà ; choisissez un autre nom.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton_text(kind), encoding="utf-8")
    return path
