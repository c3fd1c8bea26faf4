"""All content validated: raw records → validated model, or every problem found.

Here: file names, partners and the references between records. A venue's rules are in
`validate_venue`, an event's in `validate_event` (dates in `schedules`); each field
is read by `fields.RecordReader`.

Each field is converted from the text the partner wrote, checked, and reported with
its file, line and a fix. Nothing stops at the first problem.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.config import SiteConfig
from agenda.errors import Problem
from agenda.fields import RecordReader, Reference, suggest
from agenda.formats import SLUG_RE
from agenda.model import Event, Partner, Venue
from agenda.schema import FIELDS_BY_KIND
from agenda.sources import RawRecord
from agenda.validate_event import EventDraft

if TYPE_CHECKING:
    from agenda.examine import FileOutcome


def check_slug(record: RawRecord, problems: list[Problem]) -> None:
    """A record's file name is its identity: lower-case ASCII letters, digits and hyphens."""
    if not SLUG_RE.match(record.slug):
        fixed = re.sub(r"[^a-z0-9]+", "-", _ascii(record.slug).lower()).strip("-")
        problems.append(
            Problem(
                record.path,
                0,
                "",
                f"le nom du fichier « {record.slug} » n'est pas valide : lettres minuscules "
                "sans accents, chiffres et tirets seulement.",
                f"Renommez le fichier en « {fixed} ».",
            )
        )


def _ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Partners -----------------------------------------------------------------------------


def validate_partner(
    record: RawRecord, config: SiteConfig, root: Path, problems: list[Problem]
) -> Partner:
    """A partner record → Partner."""
    read = RecordReader(record, FIELDS_BY_KIND["partner"], problems)
    return Partner(
        slug=record.slug,
        path=record.path,
        name=read.text("name"),
        url=read.url("url"),
        email=read.email("email"),
        logo=read.image("logo", root, config.image_max_bytes),
        description=read.text("description"),
    )


# The whole content ---------------------------------------------------------------------


@dataclass(frozen=True)
class ValidContent:
    """Every record, validated; only built when there is no error."""

    partners: tuple[Partner, ...]
    venues: tuple[Venue, ...]
    events: tuple[Event, ...]


def _check_reference(
    path: str, ref: Reference, known: Collection[str], folder: str, problems: list[Problem]
) -> None:
    if ref.slug in known:
        return
    hint = (
        suggest(ref.slug, known) or f"Créez content/{folder}/{ref.slug}.yaml, ou corrigez le nom."
    )
    kind = "lieu" if folder == "venues" else "partenaire"
    problems.append(
        Problem(
            path, ref.line, ref.field, f"aucun {kind} « {ref.slug} » dans content/{folder}/.", hint
        )
    )


def validate_all(outcomes: list[FileOutcome]) -> tuple[ValidContent, list[Problem]]:
    """The content from every file's outcome, and every problem: each file's own, then
    what only the whole content shows (two files with one name, unknown references)."""
    problems: list[Problem] = []
    partners: dict[str, Partner] = {}
    venues: dict[str, Venue] = {}
    drafts: list[EventDraft] = []
    first_path: dict[tuple[str, str], str] = {}
    for outcome in outcomes:
        identity = (outcome.kind, outcome.slug)
        if outcome.value is not None and identity in first_path:
            problems.append(
                Problem(
                    outcome.path,
                    0,
                    "",
                    f"un autre fichier porte déjà le nom « {outcome.slug} » : "
                    f"{first_path[identity]}.",
                    "Le nom du fichier est l'identité de la fiche : renommez l'un des deux.",
                )
            )
            continue
        problems.extend(outcome.problems)
        if outcome.value is None:
            continue
        first_path[identity] = outcome.path
        if isinstance(outcome.value, Partner):
            partners[outcome.slug] = outcome.value
        elif isinstance(outcome.value, Venue):
            venues[outcome.slug] = outcome.value
        else:
            drafts.append(outcome.value)
    for draft in drafts:
        if draft.venue_ref is not None:
            _check_reference(draft.path, draft.venue_ref, venues, "venues", problems)
        for ref in draft.session_venue_refs:
            _check_reference(draft.path, ref, venues, "venues", problems)
        for ref in draft.partner_refs:
            _check_reference(draft.path, ref, partners, "partners", problems)
    content = ValidContent(
        partners=tuple(partners.values()),
        venues=tuple(venues.values()),
        events=tuple(d.event for d in drafts if d.event is not None),
    )
    return content, problems
