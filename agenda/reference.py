"""The field reference for partner staff, written from the same schema the validator
reads (`python build.py reference` rewrites docs/reference-des-champs.md)."""

from __future__ import annotations

from pathlib import Path

from agenda.config import SiteConfig
from agenda.schema import FIELDS_BY_KIND, SESSION_FIELDS, STATUSES, FieldSpec

REFERENCE_FILE = "docs/reference-des-champs.md"


def reference_url(config: SiteConfig) -> str:
    """Where a partner reads the reference: its page on GitHub, or its path."""
    if config.repository:
        return f"https://github.com/{config.repository}/blob/HEAD/{REFERENCE_FILE}"
    return REFERENCE_FILE


TITLES = {
    "event": (
        "Événement",
        "content/events/<année>/<nom>.md",
        "En-tête YAML entre deux lignes `---`, puis la description en Markdown.",
    ),
    "venue": ("Lieu", "content/venues/<nom>.yaml", "Un fichier YAML."),
    "partner": ("Partenaire", "content/partners/<nom>.yaml", "Un fichier YAML."),
}


def _rows(fields: tuple[FieldSpec, ...]) -> list[str]:
    rows = ["| champ | obligatoire | description | exemple |", "|---|---|---|---|"]
    for spec in fields:
        required = "oui" if spec.required else ""
        example = f"`{spec.name}: {spec.example}`".replace("|", "\\|")
        help_text = spec.help.replace("|", "\\|")
        rows.append(f"| `{spec.name}` | {required} | {help_text} | {example} |")
    return rows


def _vocabulary(title: str, terms: list[tuple[str, str]]) -> list[str]:
    lines = [f"### {title}", "", "| valeur | libellé |", "|---|---|"]
    lines += [f"| `{slug}` | {label} |" for slug, label in terms]
    return [*lines, ""]


def reference_markdown(config: SiteConfig) -> str:
    """The whole reference, as Markdown."""
    lines = [
        "# Référence des champs",
        "",
        "<!-- Fichier généré par `python build.py reference` à partir de agenda/schema.py"
        " et de site_config.yaml : ne pas le modifier à la main. -->",
        "",
        "Le nom du fichier (sans extension) est l'identifiant de la fiche : lettres "
        "minuscules sans accents, chiffres et tirets (`atelier-robots-epinal`).",
        "",
    ]
    for kind in ("event", "venue", "partner"):
        title, path, shape = TITLES[kind]
        lines += [
            f"## {title}",
            "",
            f"Fichier : `{path}`. {shape}",
            "",
            *_rows(FIELDS_BY_KIND[kind]),
            "",
        ]
        if kind == "event":
            lines += ["### Séances (`sessions`)", "", *_rows(SESSION_FIELDS), ""]
    lines += ["## Valeurs possibles", ""]
    lines += _vocabulary("Statuts (`status`)", list(STATUSES.items()))
    lines += _vocabulary("Thématiques (`themes`)", [(t.slug, t.label) for t in config.themes.terms])
    lines += _vocabulary(
        "Types d'activité (`format`)", [(t.slug, t.label) for t in config.formats.terms]
    )
    lines += _vocabulary(
        "Publics (`audience`)", [(t.slug, t.label) for t in config.audiences.terms]
    )
    lines += _vocabulary(
        "Accessibilité (`accessibility`)",
        [
            (t.slug, f"{t.label} (code OpenAgenda `{t.openagenda}`)")
            for t in config.accessibility.terms
        ],
    )
    lines += _vocabulary(
        "Départements (`departement`)", [(d.code, d.name) for d in config.departements]
    )
    return "\n".join(lines).rstrip() + "\n"


def write_reference(root: Path, config: SiteConfig) -> Path:
    """Write docs/reference-des-champs.md."""
    path = root / REFERENCE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reference_markdown(config), encoding="utf-8")
    return path
