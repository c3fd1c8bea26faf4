"""The YAML parser's errors, told in plain French at the line where the mistake is.

The parser notices a mistake where it can no longer go on, often lines later (an
unclosed quote is noticed at the end of the file). Each translation below looks at the
partner's own lines to name the line to fix and show the corrected form. No text of the
parser's English message reaches the partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from agenda.errors import Problem

GENERIC_HINT = (
    "Vérifiez le décalage en début de ligne (des espaces, pas de tabulation), les deux-points "
    "après chaque nom de champ, et mettez entre guillemets les textes qui contiennent « : » "
    "ou « # »."
)

MAX_DEPTH = 20  # lists and mappings inside each other; a real record uses 3
DEPTH_MESSAGE = f"les listes et champs sont imbriqués sur plus de {MAX_DEPTH} niveaux."
DEPTH_HINT = "Une fiche n'a besoin que de deux ou trois niveaux : simplifiez cette partie."

# `  - name: value`: indentation, list dashes, then a field name and its colon.
_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s#'\"\[\]{},-][^:#]*?):(?:\s+|$)")
_LEAD = re.compile(r"^[ \t]*(?:-[ \t]+)*")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:\s|$)")


def quoted(text: str) -> str:
    """`text` as a YAML quoted value: double quotes unless it holds some."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Text:
    """The partner's lines, with the offset that makes their numbers the file's own."""

    lines: list[str]
    path: str
    offset: int

    def problem(self, index: int, message: str, hint: str = GENERIC_HINT) -> Problem:
        return Problem(self.path, index + 1 + self.offset, self.field_of(index), message, hint)

    def field_of(self, index: int) -> str:
        """The field a line belongs to: its own name, or the top-level field above it."""
        own = _KEY_LINE.match(self.get(index))
        if own and not own.group("lead").strip():
            return own.group("key").strip()
        for i in range(min(index, len(self.lines) - 1), -1, -1):
            top = _TOP_KEY.match(self.lines[i])
            if top:
                return top.group(1)
        return ""

    def get(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def previous(self, index: int) -> int | None:
        """The nearest line above `index` with content (not blank, not a comment)."""
        for i in range(index - 1, -1, -1):
            if self.lines[i].strip() and not self.lines[i].lstrip().startswith("#"):
                return i
        return None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Problem:
    """One Problem, in French, for a parser error, at the line the partner must fix."""
    lines = text.splitlines() or [""]
    source = _Text(lines, path, offset)
    mark = exc.problem_mark or exc.context_mark
    index = min(int(mark.line), len(lines) - 1) if mark else 0
    column = int(mark.column) if mark else 0
    context = exc.context_mark
    what = exc.problem or ""
    found = _tab(source, index) or _quote(source, index)
    if found:
        return found
    if "nesting depth" in what:  # libyaml's own limit, far above ours
        return source.problem(index, DEPTH_MESSAGE, DEPTH_HINT)
    if "mapping values are not allowed" in what:
        return _colon(source, index, column)
    if "expected <document start>" in what:
        return _indented_start(source, index)
    if (
        "expected key" in what
        or "'-' indicator" in what
        or "block sequence" in what
        or "expected <block end>" in what
    ):
        return _misaligned(source, index)
    if "cannot start any token" in what:
        return _bad_start(source, index, column)
    if ("expected ',' or ']'" in what or "expected ',' or '}'" in what) and context:
        bracket = "[" if "]" in what else "{"
        closing = "]" if bracket == "[" else "}"
        return source.problem(
            min(int(context.line), len(lines) - 1),
            f"la liste ouverte par « {bracket} » à cette ligne n'est pas fermée, "
            "ou une virgule manque entre deux valeurs.",
            f"Fermez-la par « {closing} » sur la même ligne, les valeurs séparées par des "
            "virgules, par exemple : themes: [astronomie, mathematiques]",
        )
    if "escape character" in what:
        return source.problem(
            index,
            "entre guillemets doubles, la barre oblique inversée « \\ » annonce un caractère "
            "spécial.",
            "Mettez la valeur entre guillemets simples ( ' ) ou écrivez « \\\\ » pour une "
            "barre seule.",
        )
    if "simple key" in (exc.context or "") and context:
        return _no_name(source, min(int(context.line), len(lines) - 1))
    return source.problem(index, "cette ligne n'est pas écrite comme un champ « nom: valeur ».")


def _tab(source: _Text, until: int) -> Problem | None:
    """A tab in the margin of a line, up to the one where the parser stopped."""
    for i in range(min(until, len(source.lines) - 1) + 1):
        line = source.lines[i]
        if line.strip() and "\t" in _LEAD.match(line).group():  # type: ignore[union-attr]
            return source.problem(
                i,
                "cette ligne est décalée par une tabulation : seules les espaces sont "
                "acceptées en début de ligne.",
                "Remplacez la tabulation par des espaces (deux par niveau de décalage).",
            )
    return None


def _quote(source: _Text, until: int) -> Problem | None:
    """A quote opened and never closed, or closed too early: `name: 'L'atelier`."""
    i = 0
    while i <= until and i < len(source.lines):
        line = source.lines[i]
        key = _KEY_LINE.match(line)
        start = key.end() if key else len(_LEAD.match(line).group())  # type: ignore[union-attr]
        if start >= len(line) or line[start] not in "'\"":
            i += 1
            continue
        mark = line[start]
        end_line, end_column = _closing_quote(source.lines, i, start + 1, mark)
        if end_line is None:
            return source.problem(
                i,
                f"le guillemet {_name(mark)} ouvert à cette ligne n'est jamais fermé.",
                f"Ajoutez le guillemet fermant à la fin de la valeur : {line.rstrip()}{mark}",
            )
        rest = source.lines[end_line][end_column + 1 :].strip()
        if rest and not rest.startswith("#"):
            inner = line[start + 1 :].rstrip()
            if end_line != i:
                return source.problem(
                    i,
                    f"le guillemet {_name(mark)} ouvert à cette ligne n'est pas fermé sur "
                    "cette ligne : la valeur déborde sur les lignes suivantes.",
                    f"Ajoutez le guillemet fermant à la fin de la valeur : {line.rstrip()}{mark}",
                )
            fixed = f"{line[:start].strip()} {quoted(inner.removesuffix(mark))}".strip()
            why = (
                "une apostrophe entre guillemets simples ferme la valeur : utilisez des "
                "guillemets doubles"
                if mark == "'"
                else "un « \" » à l'intérieur ferme la valeur : utilisez des guillemets simples"
            )
            return source.problem(
                i,
                "la valeur continue après le guillemet qui la ferme.",
                f"Mettez toute la valeur entre guillemets ; {why} : {fixed}",
            )
        i = end_line + 1
    return None


def _closing_quote(lines: list[str], row: int, column: int, mark: str) -> tuple[int | None, int]:
    """Where the quote opened before (row, column) closes: `\\"` and `''` do not close."""
    while row < len(lines):
        line = lines[row]
        while column < len(line):
            char = line[column]
            if mark == '"' and char == "\\":
                column += 2
                continue
            if char == mark:
                if mark == "'" and line[column + 1 : column + 2] == "'":
                    column += 2
                    continue
                return row, column
            column += 1
        row, column = row + 1, 0
    return None, 0


def _name(mark: str) -> str:
    return '« " »' if mark == '"' else "« ' »"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _colon(source: _Text, index: int, column: int) -> Problem:
    """`title: Atelier : robots`, a line shifted right, or a name without its colon."""
    line = source.get(index)
    key = _KEY_LINE.match(line)
    if key and key.end() <= column:
        value = line[key.end() :].rstrip()
        fixed = f"{key.group('lead').strip()} {key.group('key')}: {quoted(value)}".strip()
        return Problem(
            source.path,
            index + 1 + source.offset,
            key.group("key"),
            "la valeur contient « : » et n'est pas entre guillemets : elle est lue comme "
            "un nouveau champ.",
            f"Mettez la valeur entre guillemets : {fixed}",
        )
    above = source.previous(index)
    if above is None:
        return source.problem(index, "cette ligne n'est pas écrite comme un champ « nom: valeur ».")
    previous = source.lines[above]
    name = key.group("key") if key else line.strip()
    no_colon = _KEY_LINE.match(previous) is None and not previous.lstrip().startswith("-")
    if no_colon and _indent(previous) <= _indent(line):
        return source.problem(
            above,
            "il manque « : » entre le nom du champ et sa valeur.",
            "Écrivez « nom: valeur », avec une espace après les deux-points, par exemple : "
            "title: Atelier herbier",
        )
    if _indent(line) > _indent(previous):
        above_key = _KEY_LINE.match(previous)
        like = f"« {above_key.group('key')}: »" if above_key else "la ligne au-dessus"
        return source.problem(
            index,
            "cette ligne est plus décalée vers la droite que la ligne "
            f"{above + 1 + source.offset}.",
            f"Si « {name}: » est un nouveau champ, alignez-le sur {like} (le même nombre "
            "d'espaces en début de ligne) ; si c'est la suite du texte de la ligne au-dessus, "
            "mettez tout ce texte entre guillemets.",
        )
    return source.problem(
        index,
        "cette ligne contient « : » à un endroit où un nouveau champ ne peut pas commencer.",
    )


def _no_name(source: _Text, index: int) -> Problem:
    """A line with a value but no `name:`: often a value put on the line below its name."""
    line = source.get(index)
    above = source.previous(index)
    previous = source.lines[above] if above is not None else ""
    if above is not None and previous.rstrip().endswith(":"):
        joined = f"{previous.rstrip()} {line.strip()}"
        return source.problem(
            index,
            f"cette valeur n'a pas de nom de champ : elle devrait suivre « {previous.strip()} » "
            f"à la ligne {above + 1 + source.offset}.",
            f"Mettez-la sur la même ligne que son nom : {joined.strip()}",
        )
    return source.problem(
        index,
        "il manque « : » après le nom du champ.",
        "Écrivez « nom: valeur », avec une espace après les deux-points.",
    )


def _indented_start(source: _Text, index: int) -> Problem:
    """The first field shifted right: `  title: Atelier`, then `organizer: p`."""
    first = next(
        (i for i, text in enumerate(source.lines) if text.strip() and text.strip()[0] != "#"),
        None,
    )
    if first is not None and _indent(source.lines[first]) > 0:
        return source.problem(
            first,
            "cette ligne est décalée vers la droite : les champs d'une fiche commencent tout "
            "au début de la ligne.",
            f"Retirez les espaces avant « {source.lines[first].strip()} ».",
        )
    return _misaligned(source, index)


def _misaligned(source: _Text, index: int) -> Problem:
    """A line whose margin matches no field above it, or a list attached to nothing."""
    line = source.get(index)
    above = source.previous(index)
    example = (
        f" (par exemple « {source.lines[above].strip()} » à la ligne {above + 1 + source.offset})"
        if above is not None
        else ""
    )
    if line.lstrip().startswith("-") and (shifted := _shifted_item(source, index)):
        return shifted
    if line.lstrip().startswith("-"):
        return source.problem(
            index,
            "cette ligne commence une liste (« - ») qui n'est rattachée à aucun champ, ou qui "
            "n'est pas alignée sur les autres éléments de la liste.",
            "Écrivez le nom du champ sur sa propre ligne (par exemple « themes: »), puis chaque "
            "élément sur une ligne « - valeur », tous alignés.",
        )
    return source.problem(
        index,
        "le décalage de cette ligne (les espaces en début de ligne) ne correspond à aucun "
        "champ au-dessus.",
        f"Alignez-la sur le champ dont elle fait partie, avec le même nombre d'espaces{example}.",
    )


def _bad_start(source: _Text, index: int, column: int) -> Problem:
    """`a: @foo`: a character YAML reserves, at the start of an unquoted value."""
    line = source.get(index)
    char = line[column : column + 1] or "?"
    value = line[column:].rstrip()
    return source.problem(
        index,
        f"une valeur ne peut pas commencer par « {char} » sans guillemets.",
        f"Mettez la valeur entre guillemets : {line[:column].strip()} {quoted(value)}".rstrip(),
    )


def _shifted_item(source: _Text, index: int) -> Problem | None:
    """`themes:` then `    - a` and `  - b`: an item not aligned on the list's first.

    The corrected list, with every value, goes in the hint on one line.
    """
    key_index = None
    for i in range(index - 1, -1, -1):
        text = source.lines[i]
        if not text.strip() or text.lstrip().startswith(("#", "-")):
            continue
        top = _TOP_KEY.match(text)
        rest = text[top.end() :].strip() if top else "x"
        if top and (not rest or rest.startswith("#")):
            key_index = i
        break
    if key_index is None:
        return None
    name = _TOP_KEY.match(source.lines[key_index]).group(1)  # type: ignore[union-attr]
    items: list[tuple[int, str]] = []
    for i in range(key_index + 1, len(source.lines)):
        text = source.lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if not text.lstrip().startswith("-"):
            break
        items.append((i, text.lstrip()[1:].strip()))
    if len(items) < 2 or items[0][0] == index:
        return None
    first = items[0][0]
    values = ", ".join(_flow(value) for _, value in items if value)
    return source.problem(
        index,
        f"la liste {name} est mal alignée : cet élément n'a pas le même décalage que "
        f"« {source.lines[first].strip()} » à la ligne {first + 1 + source.offset}.",
        "Alignez tous les tirets sur le même nombre d'espaces, ou écrivez la liste sur une "
        f"ligne : {name}: [{values}]",
    )


def _flow(value: str) -> str:
    """A value inside `[a, b]`: quoted when it holds a sign YAML reads there."""
    if value[:1] in "'\"":
        return value
    if re.search(r"[,\[\]{}:#]", value):
        return quoted(value)
    return value
