"""Read content files into raw records: every value kept as the text written, with its line.

Content files arrive by pull request from a public repository, so they are read as
hostile: the tree is listed without following symbolic links (`agenda.safepaths`), a
file is measured before it is read, the YAML is checked event by event before any node
is built (`agenda.yamlnodes`), and every file that would be silently left out — wrong
folder, wrong extension, hidden name — is an error, so a partner's record never goes
missing without a word.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from agenda.errors import Problem
from agenda.formats import IMAGE_SUFFIXES
from agenda.safepaths import link_problem, linked_part, list_files
from agenda.yamlnodes import Field, Mapping, Scalar, Sequence, Value, parse_yaml_mapping

__all__ = [
    "CONTENT_FOLDERS",
    "CONTENT_SUFFIXES",
    "MAX_CONTENT_BYTES",
    "ContentTree",
    "Field",
    "Mapping",
    "RawRecord",
    "Scalar",
    "Sequence",
    "Value",
    "content_files",
    "content_tree",
    "parse_yaml_mapping",
    "plain",
    "read_all",
    "read_record",
    "split_front_matter",
    "stray_files",
]

# A record is a page of text; a bigger file is a mistake (a pasted image) or an attack.
# The default of `content_max_bytes` in site_config.yaml, which check_site passes in.
MAX_CONTENT_BYTES = 1_000_000

CONTENT_FOLDERS = {"partner": "partners", "venue": "venues", "event": "events"}
CONTENT_SUFFIXES = {"partner": (".yaml", ".yml"), "venue": (".yaml", ".yml"), "event": (".md",)}
# Images may sit anywhere in content/ (beside the events that use them): they are not records.
RECORD_SUFFIXES = (".md", ".yaml", ".yml")
# Folder names partners may reach for, and the folder they meant.
FOLDER_GUESSES = {
    "evenements": "events",
    "événements": "events",
    "evenement": "events",
    "événement": "events",
    "event": "events",
    "agenda": "events",
    "lieux": "venues",
    "lieu": "venues",
    "venue": "venues",
    "partenaires": "partners",
    "partenaire": "partners",
    "partner": "partners",
    "organisateurs": "partners",
}


@dataclass(frozen=True)
class RawRecord:
    """One content file before validation."""

    kind: str  # "event", "venue" or "partner"
    slug: str
    path: str  # relative to the project root, with forward slashes
    fields: dict[str, Field]
    body: str = ""
    body_line: int = 0
    blank_fields: dict[str, int] = field(default_factory=dict)  # written but left empty


def split_front_matter(
    text: str, path: str, problems: list[Problem]
) -> tuple[str, int, str, int] | None:
    """Split `---` front matter from the Markdown body.

    Returns (yaml_text, yaml_first_line_offset, body, body_first_line), lines 1-based.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(
                path,
                1,
                "",
                "le fichier ne commence pas par une ligne « --- ».",
                "Un événement commence par « --- », puis ses champs, puis « --- », "
                "puis sa description.",
            )
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            # YAML line 1 is file line 2: offset 1.
            return yaml_text, 1, body, index + 2
    problems.append(
        Problem(
            path,
            1,
            "",
            "la ligne « --- » qui ferme l'en-tête est introuvable.",
            "Ajoutez une ligne « --- » après le dernier champ, avant la description.",
        )
    )
    return None


def read_record(
    kind: str,
    file: Path,
    root: Path,
    problems: list[Problem],
    *,
    max_bytes: int = MAX_CONTENT_BYTES,
) -> RawRecord | None:
    """Read one content file (.yaml, or .md with front matter) into a RawRecord."""
    path = file.relative_to(root).as_posix()
    text, found = read_text(file, root, max_bytes)
    problems.extend(found)
    if text is None:
        return None
    slug = file.stem
    if file.suffix == ".md":
        parts = split_front_matter(text, path, problems)
        if parts is None:
            return None
        yaml_text, offset, body, body_line = parts
        blanks: dict[str, int] = {}
        fields = parse_yaml_mapping(yaml_text, path, problems, offset, blanks)
        if fields is None:
            return None
        return RawRecord(kind, slug, path, fields, body, body_line, blanks)
    blanks = {}
    fields = parse_yaml_mapping(text, path, problems, blanks=blanks)
    if fields is None:
        return None
    return RawRecord(kind, slug, path, fields, blank_fields=blanks)


def read_text(
    file: Path, root: Path, max_bytes: int = MAX_CONTENT_BYTES
) -> tuple[str | None, list[Problem]]:
    """A content file's text, or None and why: a link, too big, or not UTF-8.

    Nothing of a refused file is ever read, so no error can quote a file outside the
    repository.
    """
    path = file.relative_to(root).as_posix()
    linked = linked_part(root, path)
    if linked is not None:
        return None, [link_problem(linked, folder=linked != path)]
    info = os.lstat(file)
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(path, 0, "", "ce n'est pas un fichier ordinaire.", "Retirez-le.")]
    if info.st_size > max_bytes:
        return None, [_too_big(path, info.st_size, max_bytes)]
    # O_NOFOLLOW: a link swapped in after the check above is still not followed.
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        # Ask for the size measured, not the limit: read(n) reserves n bytes up front.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:  # it grew since it was measured
            data += handle.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        return None, [_too_big(path, len(data), max_bytes)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                path,
                line,
                "",
                "cette ligne contient un caractère qui n'est pas en UTF-8 "
                f"(octet n° {exc.start + 1} du fichier) : le fichier n'a pas été lu.",
                "Enregistrez le fichier en UTF-8 depuis votre éditeur "
                "(« Enregistrer sous… », encodage UTF-8).",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _too_big(path: str, size: int, max_bytes: int) -> Problem:
    return Problem(
        path,
        0,
        "",
        f"ce fichier pèse {_bytes(size)}, plus que la limite de {_bytes(max_bytes)} "
        "pour une fiche : il n'a pas été lu.",
        "Une fiche ne contient que du texte : retirez ce qui a été collé par erreur "
        "(une image, un long document) et gardez une description de quelques paragraphes.",
    )


def _bytes(count: int) -> str:
    return f"{count:,} octets".replace(",", " ")


@dataclass(frozen=True)
class ContentTree:
    """The record files of content/, by kind and sorted, and the problems of the tree.

    Paths are text from the repository root (« content/events/2025/a.md »): the tree
    may hold tens of thousands of files, and `check` lists it on every run.
    """

    files: dict[str, list[str]]
    problems: list[Problem]
    # Every plain file of content/, records or not: the SVGs among them are published.
    listed: list[str] = field(default_factory=list)


def content_tree(content_dir: Path, root: Path) -> ContentTree:
    """List content/: record files by kind; every link or misplaced file is an error."""
    content = content_dir.relative_to(root).as_posix()
    listing = list_files(root, content)
    files: dict[str, list[str]] = {kind: [] for kind in CONTENT_FOLDERS}
    problems = list(listing.problems)
    kinds = {folder: kind for kind, folder in CONTENT_FOLDERS.items()}
    unknown: dict[str, str] = {}
    skip = len(content) + 1
    for relative in listing.files:
        parts = relative[skip:].split("/")
        if any(part.startswith(".") for part in parts[:-1]):
            continue  # hidden folders (.obsidian, .vscode) hold no records
        name = parts[-1]
        hidden = name.startswith(".")
        if hidden and not name.lower().endswith(RECORD_SUFFIXES):
            continue  # .DS_Store, .gitkeep: the system's files, not a partner's
        if _suffix(name).lower() in IMAGE_SUFFIXES and not hidden:
            continue
        if len(parts) > 1 and parts[0] not in kinds:
            unknown.setdefault(parts[0], f"{content}/{parts[0]}")
            continue
        kind = kinds[parts[0]] if len(parts) > 1 else None
        problem = _misplaced(relative, kind, parts)
        if problem is not None:
            problems.append(problem)
        elif kind is not None:
            files[kind].append(relative)
    problems.extend(_unknown_folder(folder) for folder in unknown.values())
    return ContentTree(files, sorted(problems), listing.files)


def _suffix(name: str) -> str:
    """`Path(name).suffix`, without making a Path: « .md », or "" for « .gitkeep »."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _stem(name: str) -> str:
    """`Path(name).stem`, without making a Path."""
    suffix = _suffix(name)
    return name[: -len(suffix)] if suffix else name


def _misplaced(relative: str, kind: str | None, parts: list[str]) -> Problem | None:
    """Why a file of content/ would not become a record, or None when it will."""
    name = parts[-1]
    if name.startswith("."):  # a record's name: hidden files of the system were skipped
        if name.lower() in RECORD_SUFFIXES:
            return Problem(
                relative,
                0,
                "",
                "ce fichier n'a pas de nom, seulement une extension : il ne serait pas publié.",
                f"Renommez-le, par exemple « atelier-herbier-epinal{name.lower()} » "
                "(lettres minuscules sans accents, chiffres et tirets).",
            )
        return Problem(
            relative,
            0,
            "",
            "le nom de ce fichier commence par un point : il est caché et ne serait pas publié.",
            f"Renommez-le sans le point du début, par exemple « {_suggest(name)} ».",
        )
    if kind is None:
        return Problem(
            relative,
            0,
            "",
            "ce fichier est directement dans content/ : il n'est rangé dans aucune sorte de "
            "fiche et ne serait pas publié.",
            _where_to(name),
        )
    folder = CONTENT_FOLDERS[kind]
    if _suffix(name) in CONTENT_SUFFIXES[kind]:
        if kind != "event" and len(parts) > 2:
            return Problem(
                relative,
                0,
                "",
                f"ce fichier ne serait pas publié : les fiches vont directement dans "
                f"content/{folder}/, sans sous-dossier.",
                f"Déplacez-le dans content/{folder}/{name}.",
            )
        return None
    expected = " ou ".join(CONTENT_SUFFIXES[kind])
    return Problem(
        relative,
        0,
        "",
        f"ce fichier ne serait pas publié : dans content/{folder}/, une fiche est un fichier "
        f"{expected}.",
        f"Renommez-le en « {_stem(name)}{CONTENT_SUFFIXES[kind][0]} » s'il s'agit d'une fiche, "
        "sinon retirez-le.",
    )


def _suggest(name: str) -> str:
    stem, _, suffix = name.lstrip(".").rpartition(".")
    return f"{stem or 'nom-de-la-fiche'}.{suffix}"


def _where_to(name: str) -> str:
    suffix = _suffix(name).lower()
    if suffix == ".md":
        return f"Déplacez-le dans content/events/{name} s'il décrit un événement."
    if suffix in (".yaml", ".yml"):
        return (
            f"Déplacez-le dans content/venues/{name} (un lieu) ou "
            f"content/partners/{name} (un partenaire)."
        )
    return (
        "Rangez-le dans content/events/, content/venues/ ou content/partners/, "
        "ou retirez-le du dépôt."
    )


def _unknown_folder(folder: str) -> Problem:
    name = folder.rpartition("/")[2]
    guess = FOLDER_GUESSES.get(name.lower())
    if guess is None:
        close = difflib.get_close_matches(name.lower(), CONTENT_FOLDERS.values(), n=1)
        guess = close[0] if close else None
    hint = (
        f"Déplacez ses fichiers dans content/{guess}/."
        if guess
        else "Déplacez ses fichiers dans content/events/ (événements), content/venues/ "
        "(lieux) ou content/partners/ (partenaires)."
    )
    return Problem(
        folder,
        0,
        "",
        f"le dossier content/{name}/ n'est pas lu : ses fiches ne seraient pas publiées. "
        "Seuls content/events/, content/venues/ et content/partners/ sont lus.",
        hint,
    )


def content_files(content_dir: Path, kind: str) -> list[Path]:
    """Every record file of one kind, sorted for stable output. Events may sit in sub-folders."""
    root = content_dir.parent
    return [root / relative for relative in content_tree(content_dir, root).files[kind]]


def stray_files(content_dir: Path, root: Path) -> list[Problem]:
    """Links and files in content/ that would be left out, so a partner knows why."""
    return content_tree(content_dir, root).problems


def read_all(
    content_dir: Path,
    root: Path,
    problems: list[Problem],
    *,
    max_bytes: int = MAX_CONTENT_BYTES,
) -> list[RawRecord]:
    """Read every partner, venue and event file under `content_dir`.

    No event at all is an error: an empty or missing content/ must never replace the
    published site with an empty one.
    """
    tree = content_tree(content_dir, root)
    problems.extend(tree.problems)
    records = []
    for kind in ("partner", "venue", "event"):
        for relative in tree.files[kind]:
            record = read_record(kind, root / relative, root, problems, max_bytes=max_bytes)
            if record is not None:
                records.append(record)
    problems.extend(no_event_problems(tree, content_dir.parent))
    return records


def no_event_problems(tree: ContentTree, root: Path) -> list[Problem]:
    """No event at all is an error: an empty or missing content/ must never replace the
    published site with an empty one."""
    if tree.files["event"]:
        return []
    events = (root / "content" / CONTENT_FOLDERS["event"]).relative_to(root).as_posix()
    return [
        Problem(
            events,
            0,
            "",
            f"aucun événement trouvé dans {events}/ : rien n'a été publié, pour ne pas "
            "remplacer le site en ligne par un site vide.",
            f"Vérifiez que le dossier {events}/ est présent et que chaque événement y est "
            "un fichier .md.",
        )
    ]


def plain(value: Value) -> object:
    """A value as plain Python text, lists and dicts (for comparing versions)."""
    if isinstance(value, Scalar):
        return value.text
    if isinstance(value, Sequence):
        return [plain(item) for item in value.items]
    return {name: plain(field.value) for name, field in value.fields.items()}
