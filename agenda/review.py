"""Checks of a pull request against its base branch (`check --since <ref>`), that
protect calendar subscribers and the public.

- An event file deleted or renamed: its UIDs vanish from every subscribed calendar.
- An event added with every date already past: usually a wrong year.
- An added or changed image too large, or in a format browsers do not all show.
- An added or changed event without a summary, an image or a registration: a notice
  (none for a cancelled event).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from agenda.config import SiteConfig
from agenda.errors import Problem, Severity
from agenda.event_terms import EventStatus
from agenda.formats import IMAGE_SUFFIXES
from agenda.git import GitError, git_text
from agenda.validate import ValidContent

EVENTS_FOLDER = "content/events/"


class ReviewError(Exception):
    """The base reference cannot be compared with (unknown ref, no git)."""


def changed_files(root: Path, since: str) -> list[tuple[str, str, str]]:
    """(status, old path, new path) of files changed since the merge base with `since`,
    working tree included; renames are detected."""

    def git(*args: str) -> str:
        try:
            return git_text(root, *args)
        except GitError as exc:
            raise ReviewError(str(exc)) from None

    base = git("merge-base", since, "HEAD").strip()
    prefix = git("rev-parse", "--show-prefix").strip()
    output = git("diff", "--name-status", "-M", "--no-color", base, "--", ".")
    changes = []
    for line in output.splitlines():
        parts = line.split("\t")
        status = parts[0][0]
        old = parts[1].removeprefix(prefix)
        new = parts[-1].removeprefix(prefix)
        changes.append((status, old, new))
    untracked = git("ls-files", "--others", "--exclude-standard", "--", ".")
    changes.extend(
        ("A", p.removeprefix(prefix), p.removeprefix(prefix)) for p in untracked.splitlines()
    )
    return changes


def review_changes(
    root: Path,
    since: str,
    config: SiteConfig,
    content: ValidContent | None,
    today: date,
) -> list[Problem]:
    """Every subscriber-protecting problem of the change since `since`."""
    problems: list[Problem] = []
    events = {e.path: e for e in content.events} if content else {}
    for status, old, new in changed_files(root, since):
        if old.startswith(EVENTS_FOLDER) and old.endswith(".md"):
            if status == "D":
                problems.append(
                    Problem(
                        old,
                        0,
                        "",
                        "ce fichier d'événement publié a été supprimé : ses dates disparaîtraient "
                        "sans explication de tous les agendas abonnés.",
                        "Remettez le fichier et indiquez « status: cancelled » : l'événement "
                        "restera affiché comme annulé.",
                    )
                )
                continue
            if status == "R" and Path(old).stem != Path(new).stem:
                problems.append(
                    Problem(
                        new,
                        0,
                        "",
                        f"ce fichier d'événement a été renommé (ancien nom : {old}) : le nom du "
                        "fichier fait l'identité de l'événement dans les agendas abonnés, qui le "
                        "verraient disparaître et un autre apparaître.",
                        f"Gardez l'ancien nom « {Path(old).name} » ; changez plutôt le titre.",
                    )
                )
        if status in ("A", "M", "R", "C"):
            problems.extend(_image_problems(root, new, config))
            event = events.get(new)
            if event is None:
                continue
            if status == "A" and event.last_day < today:
                problems.append(
                    Problem(
                        new,
                        event_line(root, new, "start"),
                        "start",
                        f"toutes les dates de ce nouvel événement sont passées (dernière : "
                        f"{event.last_day.isoformat()}).",
                        "Vérifiez l'année. S'il s'agit bien d'un événement passé pour les "
                        "archives, ce message peut être ignoré.",
                        Severity.WARNING,
                    )
                )
            if event.status is EventStatus.CANCELLED:
                continue  # nothing to improve on an event that will not take place
            for field, value, why in (
                ("summary", event.summary, "une phrase qui s'affiche dans les listes"),
                ("image", event.image, "une image rend la page plus attirante"),
                (
                    "registration",
                    event.registration,
                    "dites comment s'inscrire ou que l'entrée est libre",
                ),
            ):
                if not value:
                    # A skeleton from `new event` keeps the empty `summary:` line: point
                    # at it, so the annotation sits where the value is to be written.
                    line = event_line(root, new, field)
                    problems.append(
                        Problem(
                            new,
                            line,
                            field,
                            f"champ conseillé {'vide' if line > 1 else 'absent'} : {why}.",
                            f"Remplissez « {field}: … » si possible."
                            if line > 1
                            else f"Ajoutez « {field}: … » si possible.",
                            Severity.NOTICE,
                        )
                    )
    return problems


def event_line(root: Path, path: str, field: str) -> int:
    """The line of `field:` in a file, or 1."""
    try:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{field}:"):
            return number
    return 1


def _image_problems(root: Path, path: str, config: SiteConfig) -> list[Problem]:
    if not path.startswith(("assets/", "content/")):
        return []
    suffix = Path(path).suffix.lower()
    if suffix not in IMAGE_SUFFIXES and suffix not in (".bmp", ".tif", ".tiff", ".heic", ".heif"):
        return []
    if suffix not in IMAGE_SUFFIXES:
        return [
            Problem(
                path,
                0,
                "",
                f"le format {suffix} n'est pas affiché par tous les navigateurs.",
                "Enregistrez l'image en JPEG, PNG ou WebP.",
            )
        ]
    file = root / path
    # lstat: a link is refused by check itself; its target is never measured here.
    if file.is_file() and not file.is_symlink() and file.stat().st_size > config.image_max_bytes:
        size = file.stat().st_size / 1_000_000
        limit = config.image_max_bytes / 1_000_000
        return [
            Problem(
                path,
                0,
                "",
                f"l'image pèse {size:.1f} Mo, plus que la limite de {limit:g} Mo : elle serait "
                "lente à charger sur un téléphone.",
                "Réduisez-la (1 600 pixels de large suffisent) ou enregistrez-la en JPEG ou WebP.",
            )
        ]
    return []
