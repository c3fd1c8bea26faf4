"""Read content files into raw records: every value kept as the text written, with its line.

Partner YAML is never turned into Python types by the YAML library (``postal_code:
05100`` would become 2624 and ``price: no`` False). The YAML is *composed* into nodes
instead; each scalar keeps its text and line, and repeated keys are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from agenda.errors import Problem, Severity


@dataclass(frozen=True)
class Scalar:
    """A single value, as written: `text` has no quotes; `line` is 1-based."""

    text: str
    line: int


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: tuple[Value, ...]
    line: int


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping: field name → Field (keeps the key's line)."""

    fields: dict[str, Field]
    line: int


Value = Scalar | Sequence | Mapping


@dataclass(frozen=True)
class Field:
    """One `name: value` pair of a record, with the line of its key."""

    name: str
    line: int
    value: Value


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


# libyaml's loader when the wheel has it (about ten times faster), with the same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class _Composer:
    """Turns composed YAML nodes into values; `offset` makes lines the file's own."""

    path: str
    problems: list[Problem]
    offset: int
    blanks: dict[str, int] = field(default_factory=dict)  # top-level keys with no value

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def value(self, node: yaml.Node, field: str) -> Value | None:
        line = self.line(node)
        if isinstance(node, yaml.ScalarNode):
            # A plain (unquoted) empty or null value means "not filled in".
            # A plain null, or an empty text even quoted (the CMS writes `image: ""`
            # when a field is emptied), means "not filled in". PyYAML marks plain
            # scalars with style None, libyaml with "".
            if (not node.style and node.value in _NULLS) or not str(node.value).strip():
                return None
            return Scalar(str(node.value), line)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for child in node.value:
                converted = self.value(child, field)
                if converted is not None:
                    items.append(converted)
            # An empty list (`sessions: []`, as the CMS saves an emptied list) is not filled in.
            return Sequence(tuple(items), line) if items else None
        assert isinstance(node, yaml.MappingNode)
        return Mapping(self.fields(node, field), line)

    def fields(self, node: yaml.MappingNode, parent: str = "") -> dict[str, Field]:
        fields: dict[str, Field] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        self.path,
                        key_line,
                        parent,
                        "un nom de champ doit être un simple mot.",
                        "Écrivez « nom: valeur », le nom sans crochets ni accolades.",
                    )
                )
                continue
            name = str(key_node.value)
            qualified = f"{parent}.{name}" if parent else name
            if name in fields:
                self.problems.append(
                    Problem(
                        self.path,
                        key_line,
                        qualified,
                        f"le champ « {name} » apparaît deux fois "
                        f"(déjà à la ligne {fields[name].line}).",
                        "Gardez une seule ligne pour ce champ.",
                    )
                )
                continue
            value = self.value(value_node, qualified)
            if value is not None:
                fields[name] = Field(name, key_line, value)
            elif not parent:
                self.blanks[name] = key_line
        return fields


def parse_yaml_mapping(
    text: str,
    path: str,
    problems: list[Problem],
    line_offset: int = 0,
    blanks: dict[str, int] | None = None,
) -> dict[str, Field] | None:
    """Compose YAML text into fields. `line_offset` is added to every line number.

    Returns None (and records a problem) when the text is not a YAML mapping.
    """
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        what = exc.problem or "erreur de syntaxe"
        problems.append(
            Problem(
                path,
                line,
                "",
                f"le YAML est mal formé ({what}).",
                "Vérifiez l'indentation, les deux-points après chaque nom de champ, "
                "et mettez entre guillemets les textes qui contiennent « : » ou « # ».",
            )
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path, line_offset + 1, "", f"le YAML est illisible ({exc})."))
        return None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(
                path,
                node.start_mark.line + 1 + line_offset,
                "",
                "le fichier doit être une liste de champs « nom: valeur ».",
            )
        )
        return None
    composer = _Composer(path, problems, line_offset)
    fields = composer.fields(node)
    if blanks is not None:
        blanks.update(composer.blanks)
    return fields


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


def read_record(kind: str, file: Path, root: Path, problems: list[Problem]) -> RawRecord | None:
    """Read one content file (.yaml, or .md with front matter) into a RawRecord."""
    path = file.relative_to(root).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                path,
                0,
                "",
                f"le fichier n'est pas en UTF-8 (octet illisible à la position {exc.start}).",
                "Enregistrez-le en UTF-8 depuis votre éditeur.",
            )
        )
        return None
    text = text.removeprefix("\ufeff")
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


CONTENT_FOLDERS = {"partner": "partners", "venue": "venues", "event": "events"}
CONTENT_SUFFIXES = {"partner": (".yaml", ".yml"), "venue": (".yaml", ".yml"), "event": (".md",)}


def content_files(content_dir: Path, kind: str) -> list[Path]:
    """Every file of one kind, sorted for stable output. Events may sit in sub-folders."""
    folder = content_dir / CONTENT_FOLDERS[kind]
    if not folder.is_dir():
        return []
    pattern = "**/*" if kind == "event" else "*"
    return sorted(
        p
        for p in folder.glob(pattern)
        if p.is_file() and p.suffix in CONTENT_SUFFIXES[kind] and not p.name.startswith(".")
    )


def stray_files(content_dir: Path, root: Path) -> list[Problem]:
    """Files in content/ that will be ignored, so a partner knows why a record is missing."""
    problems = []
    for kind, folder_name in CONTENT_FOLDERS.items():
        folder = content_dir / folder_name
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("**/*")):
            if not p.is_file() or p.name.startswith("."):
                continue
            relative = p.relative_to(root).as_posix()
            in_sub_folder = p.parent != folder
            if kind != "event" and in_sub_folder and p.suffix in CONTENT_SUFFIXES[kind]:
                problems.append(
                    Problem(
                        relative,
                        0,
                        "",
                        f"ce fichier est ignoré : les fiches vont directement dans "
                        f"content/{folder_name}/, sans sous-dossier.",
                        f"Déplacez-le dans content/{folder_name}/{p.name}.",
                        severity=Severity.WARNING,
                    )
                )
                continue
            if p.suffix in CONTENT_SUFFIXES[kind]:
                continue
            if kind == "event" and p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp", ".svg"}:
                continue  # images may live beside the events that use them
            expected = " ou ".join(CONTENT_SUFFIXES[kind])
            problems.append(
                Problem(
                    relative,
                    0,
                    "",
                    f"ce fichier est ignoré : son extension n'est pas {expected}.",
                    f"Renommez-le en « {p.stem}{CONTENT_SUFFIXES[kind][0]} ».",
                    severity=Severity.WARNING,
                )
            )
    return problems


def read_all(content_dir: Path, root: Path, problems: list[Problem]) -> list[RawRecord]:
    """Read every partner, venue and event file under `content_dir`."""
    records = []
    for kind in ("partner", "venue", "event"):
        for file in content_files(content_dir, kind):
            record = read_record(kind, file, root, problems)
            if record is not None:
                records.append(record)
    problems.extend(stray_files(content_dir, root))
    return records


def plain(value: Value) -> object:
    """A value as plain Python text, lists and dicts (for comparing versions)."""
    if isinstance(value, Scalar):
        return value.text
    if isinstance(value, Sequence):
        return [plain(item) for item in value.items]
    return {name: plain(field.value) for name, field in value.fields.items()}
