"""Partner YAML → values with their lines, refusing what a hostile file could abuse.

Partner YAML is never turned into Python types by the YAML library (``postal_code:
05100`` would become 2624 and ``price: no`` False). The file is read as a stream of
parser *events*, checked, then assembled into nodes here: each scalar keeps its text
and line, and repeated keys are reported.

Checking the events before building anything is what keeps a hostile file cheap:
anchors and aliases (``&a``, ``*a``: the « billion laughs » bomb, the recursive
``&a [x, *a]``) are refused at the anchor, so nothing is ever expanded; nesting stops
at `MAX_DEPTH`; explicit tags (``!!python/object``, ``!!binary``) and merge keys
(``<<:``) are refused. The parser's own errors are translated into plain French at
the line where the mistake is (see `agenda.yamlerrors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from agenda.errors import Problem, Severity
from agenda.yamlerrors import DEPTH_HINT, DEPTH_MESSAGE, MAX_DEPTH, quoted, syntax_problem

__all__ = ["MAX_DEPTH", "Field", "Mapping", "Scalar", "Sequence", "Value", "parse_yaml_mapping"]
MAX_PROBLEMS = 20  # per file: a hostile file must not flood the report

# libyaml's parser when the wheel has it (about ten times faster), with the same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = {"", "~", "null", "Null", "NULL"}
_COMMENT = re.compile(r"(\s+)#(.*)")

# Characters YAML 1.1 refuses (§5.1); checked first to name the line in plain words.
_FORBIDDEN_CHARACTER = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


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


@dataclass
class _Composer:
    """Turns YAML nodes into values; `offset` makes lines the file's own."""

    path: str
    problems: list[Problem]
    offset: int
    blanks: dict[str, int] = field(default_factory=dict)  # top-level keys with no value

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def value(self, node: yaml.Node, field: str) -> Value | None:
        line = self.line(node)
        if isinstance(node, yaml.ScalarNode):
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

    Returns None (and records the problems) when the text is not a safe YAML mapping.
    Warnings (a `#` that cuts a value short) are recorded and the fields still returned.
    """
    found, node = yaml_problems(text, path, line_offset)
    problems.extend(found)
    if any(p.is_error for p in found):
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
                "Écrivez un champ par ligne, par exemple : title: Atelier herbier",
            )
        )
        return None
    composer = _Composer(path, problems, line_offset)
    fields = composer.fields(node)
    if blanks is not None:
        blanks.update(composer.blanks)
    return fields


def yaml_problems(
    text: str, path: str, line_offset: int = 0
) -> tuple[list[Problem], yaml.Node | None]:
    """Check YAML text event by event; return its problems and, when safe, its root node."""
    bad = _FORBIDDEN_CHARACTER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1 + line_offset
        code = f"U+{ord(bad.group()):04X}"
        return [
            Problem(
                path,
                line,
                "",
                f"cette ligne contient un caractère invisible interdit ({code}), souvent "
                "apporté par un copier-coller.",
                "Retapez la ligne dans un éditeur de texte, sans copier-coller.",
            )
        ], None
    scan = _Scan(text, path, line_offset)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if not scan.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        return [*scan.problems, syntax_problem(exc, text, path, line_offset)], None
    except yaml.YAMLError:
        line = line_offset + 1
        return [
            *scan.problems,
            Problem(
                path,
                line,
                "",
                "ce fichier n'a pas pu être lu.",
                "Vérifiez qu'il ne contient que des champs « nom: valeur », un par ligne.",
            ),
        ], None
    if any(p.is_error for p in scan.problems):
        return scan.problems, None
    return scan.problems, scan.root


@dataclass
class _Open:
    """A list or mapping being assembled: its node and its children so far."""

    node: yaml.SequenceNode | yaml.MappingNode
    children: list[yaml.Node]


@dataclass
class _Frame:
    """Where the reading is inside one open list or mapping, to name the field."""

    is_mapping: bool
    count: int = 0  # children started so far (keys and values alike)
    key: str = ""  # the last key read, for a mapping


class _Scan:
    """Checks parser events one by one and assembles the nodes of a safe file."""

    def __init__(self, text: str, path: str, offset: int) -> None:
        self.lines = text.splitlines()
        self.hash_lines = {i for i, line in enumerate(self.lines) if "#" in line}
        self.path = path
        self.offset = offset
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.root: yaml.Node | None = None
        self.documents = 0
        self.depth = 0
        self.flagged_lines: set[int] = set()
        self.frames: list[_Frame] = []
        self.field = ""  # the field the current event belongs to: `tags`, `sessions.start`

    def line(self, mark: Any) -> int:  # a PyYAML or libyaml Mark
        return int(mark.line) + 1 + self.offset

    @property
    def broken(self) -> bool:
        """True after an error: events are still checked, no longer assembled."""
        return bool(self.flagged_lines)

    def error(self, mark: Any, message: str, hint: str) -> None:
        line = self.line(mark)
        if line in self.flagged_lines:  # one problem per line is enough
            return
        self.flagged_lines.add(line)
        self.problems.append(Problem(self.path, line, self.field, message, hint))

    def follow(self, event: Any) -> None:
        """Keep track of the field being read, even after an error stops the assembly."""
        if isinstance(event, yaml.CollectionEndEvent):
            if self.frames:
                self.frames.pop()
            return
        if not isinstance(event, yaml.NodeEvent):
            return
        top = self.frames[-1] if self.frames else None
        if top is not None:
            if top.is_mapping and top.count % 2 == 0 and isinstance(event, yaml.ScalarEvent):
                top.key = str(event.value)
            top.count += 1
        if isinstance(event, yaml.CollectionStartEvent):
            self.frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))

    def current_field(self) -> str:
        """`tags`, `sessions.start`: the keys whose value is being read."""
        return ".".join(f.key for f in self.frames if f.is_mapping and f.count % 2 == 1)

    def feed(self, event: Any) -> bool:
        """Check one event; False when reading must stop now."""
        self.field = self.current_field()
        self.follow(event)
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error(
                    event.start_mark,
                    "une deuxième ligne « --- » coupe ce fichier en deux.",
                    "Retirez cette ligne : une fiche n'a qu'un seul bloc de champs.",
                )
                return False
            return True
        if isinstance(event, yaml.CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.error(event.start_mark, DEPTH_MESSAGE, DEPTH_HINT)
                return False
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            # Refused at the first sight: nothing is ever expanded, so a « billion
            # laughs » bomb or a recursive anchor costs no more than reading its text.
            self.error(
                event.start_mark,
                "les ancres et alias YAML (&, *) ne sont pas acceptés dans une fiche.",
                "Écrivez la valeur en entier à chaque endroit où elle sert, sans « & » ni « * ».",
            )
        elif getattr(event, "tag", None) is not None:
            self.error(
                event.start_mark,
                f"l'étiquette YAML « {_tag_as_written(event.tag)} » n'est pas acceptée : "
                "une fiche ne contient que du texte.",
                "Retirez le mot qui commence par « ! » et gardez seulement la valeur.",
            )
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        if isinstance(event, yaml.CollectionEndEvent):
            self.depth -= 1
        if not self.broken:
            self.assemble(event)
        return len(self.problems) < MAX_PROBLEMS

    def assemble(self, event: Any) -> None:
        """Build the node tree of a file with no error so far."""
        start: Any = event.start_mark  # a PyYAML or libyaml Mark: same line and column
        end: Any = event.end_mark
        if isinstance(event, yaml.ScalarEvent):
            style = event.style or None  # PyYAML marks plain scalars None, libyaml ""
            self.add(yaml.ScalarNode("", event.value, start, end, style))
        elif isinstance(event, yaml.SequenceStartEvent):
            self.stack.append(_Open(yaml.SequenceNode("", [], start, None), []))
        elif isinstance(event, yaml.MappingStartEvent):
            self.stack.append(_Open(yaml.MappingNode("", [], start, None), []))
        elif isinstance(event, yaml.CollectionEndEvent):
            done = self.stack.pop()
            if isinstance(done.node, yaml.MappingNode):
                keys, values = done.children[::2], done.children[1::2]
                done.node.value = list(zip(keys, values, strict=True))
            else:
                done.node.value = done.children
            done.node.end_mark = end
            self.add(done.node)

    def add(self, node: yaml.Node) -> None:
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node

    def is_key(self) -> bool:
        """True when the next scalar is a mapping key (an even count of children so far)."""
        if not self.stack:
            return False
        top = self.stack[-1]
        return isinstance(top.node, yaml.MappingNode) and len(top.children) % 2 == 0

    def scalar(self, event: Any) -> None:
        plain = not event.style
        if plain and event.value == "<<" and self.is_key():
            self.error(
                event.start_mark,
                "la clé de fusion YAML « <<: » n'est pas acceptée dans une fiche.",
                "Écrivez chaque champ en entier, un par ligne, sans « <<: ».",
            )
            return
        if plain and not self.is_key():
            self.cut_by_comment(event)

    def cut_by_comment(self, event: Any) -> None:
        """Warn when `#` silently cuts an unquoted value: `title: Atelier herbier #1`."""
        start, end = event.start_mark, event.end_mark
        if start.line != end.line or end.line not in self.hash_lines:
            return
        text = self.lines[end.line]
        comment = _COMMENT.match(text, end.column)  # no slice: lines can be long
        if comment is None:
            return
        spaces, after = comment.groups()
        # `format: atelier  # voir la liste` is a deliberate comment: two spaces, then `# `.
        if len(spaces) >= 2 and (not after or after[0].isspace()):
            return
        whole = text[start.column :].rstrip()
        written = text[: start.column] + quoted(whole)
        key = re.match(r"\s*(?:-\s+)?([^\s:#][^:]*):\s", text[: start.column])
        self.problems.append(
            Problem(
                self.path,
                self.line(start),
                key.group(1) if key else "",
                f"tout ce qui suit « # » est ignoré : la valeur lue est « {event.value} ».",
                f"Si « #{after} » fait partie du texte, mettez la valeur entre guillemets : "
                f"{written.strip()}",
                Severity.WARNING,
            )
        )


def _tag_as_written(tag: str) -> str:
    """`tag:yaml.org,2002:binary` → `!!binary`, as the partner typed it."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag
