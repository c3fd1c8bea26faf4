"""Problems found in content: what, where, how to fix; and how to print them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a problem is: errors stop publication, the rest only inform."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at one line, about one field."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """True when this problem must stop the build."""
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        """`path:line: field — message. hint` — clickable in editors and terminals."""
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        label = "" if self.severity is Severity.ERROR else f"[{_LABELS[self.severity]}] "
        field = f"{self.field} — " if self.field else ""
        hint = f" {self.hint}" if self.hint else ""
        # One line per problem: editors and CI logs make each `path:line:` clickable.
        return " ".join(f"{where} {label}{field}{self.message}{hint}".split("\n"))


_LABELS = {
    Severity.ERROR: "erreur",
    Severity.WARNING: "avertissement",
    Severity.NOTICE: "suggestion",
}


class ContentError(Exception):
    """Raised when content has errors: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(summary_line(self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Rebuilt from its problems when it crosses from a worker process to the build.
        return ContentError, (self.problems,)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by file, then line, then field, so output is stable."""
    return sorted(problems)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def summary_line(problems: list[Problem]) -> str:
    """The closing count: « 2 erreurs dans 2 fichiers : rien n'a été publié. »"""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    if errors:
        files = len({p.path for p in errors})
        text = (
            f"{_plural(len(errors), 'erreur')} dans {_plural(files, 'fichier')} : "
            "rien n'a été publié."
        )
    else:
        text = "Aucune erreur."
    if warnings:
        text += f" ({_plural(len(warnings), 'avertissement')})"
    return text


def format_text(problems: list[Problem]) -> str:
    """One line per problem, sorted, then the count."""
    lines = [p.as_text() for p in sorted_problems(problems)]
    lines.append(summary_line(problems))
    return "\n".join(lines)


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    # GitHub workflow commands: % CR LF must be escaped, and also : , in properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions annotations, shown on the pull request's diff at the faulty line."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}
    lines = []
    for p in sorted_problems(problems):
        props = [f"file={_escape_annotation(p.path, property_value=True)}"]
        if p.line:
            props.append(f"line={p.line}")
        title = p.field or "contenu"
        props.append(f"title={_escape_annotation(title, property_value=True)}")
        message = p.message + (f" {p.hint}" if p.hint else "")
        lines.append(f"::{levels[p.severity]} {','.join(props)}::{_escape_annotation(message)}")
    lines.append(summary_line(problems))
    return "\n".join(lines)


def format_github_summary(problems: list[Problem]) -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY."""
    if not problems:
        return "### Vérification du contenu\n\nAucun problème trouvé. ✅\n"
    rows = ["### Vérification du contenu", "", summary_line(problems), ""]
    rows.append("| fichier | ligne | champ | gravité | problème |")
    rows.append("|---|---|---|---|---|")
    for p in sorted_problems(problems):
        message = (p.message + (f" {p.hint}" if p.hint else "")).replace("|", "\\|")
        message = message.replace("\n", "<br>")
        rows.append(
            f"| `{p.path}` | {p.line or ''} | {p.field} | {_LABELS[p.severity]} | {message} |"
        )
    return "\n".join(rows) + "\n"


def format_json(problems: list[Problem]) -> str:
    """A machine-readable list: file, line, field, severity, message, hint."""
    items = []
    for p in sorted_problems(problems):
        item = asdict(p)
        item["file"] = item.pop("path")
        item["severity"] = p.severity.value
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
