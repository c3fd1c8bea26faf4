"""Field readers: one record's values read as text, lists, links, images, checked."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from agenda.config import Vocabulary
from agenda.errors import Problem, Severity
from agenda.formats import IMAGE_SUFFIXES, email_problem, phone_problem, web_url_problem
from agenda.reference import REFERENCE_FILE
from agenda.schema import FieldSpec
from agenda.sources import Field, Mapping, RawRecord, Scalar, Sequence, Value
from agenda.text import char_name, clean_line, clean_text, forbidden_character, line_break

# Single-line text fields are all but these (the CMS offers a multi-line box for them).
MULTILINE_FIELDS = frozenset({"description", "access"})
TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 20_000
IMAGE_FOLDERS = ("assets/", "content/")


def suggest(value: str, candidates: Iterable[str]) -> str:
    """« Vouliez-vous dire « x » ? » for the closest candidate, or ""."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"Vouliez-vous dire « {close[0]} » ?" if close else ""


# « a - b » or « -a - b »: list items YAML joined into one value (see `_unfolded`).
_FOLDED_DASH_RE = re.compile(r"(?:^|\s+)-\s*")


def _flow_value(text: str) -> str:
    """`text` as one value of a `[a, b]` list: quoted when it holds a sign YAML reads."""
    if re.search(r"[,\[\]{}:#\"']", text) or not text:
        return '"' + text.replace('"', "'") + '"'
    return text


class RecordReader:
    """Reads the fields of one record, converting and checking each; collects problems."""

    def __init__(
        self,
        record: RawRecord,
        specs: tuple[FieldSpec, ...],
        problems: list[Problem],
    ) -> None:
        self.record = record
        self.problems = problems
        self.specs = {s.name: s for s in specs}
        # Every value is checked for control characters and line breaks first, and
        # read from then on without them, so no other message repeats them.
        self.record = replace(
            record,
            fields={
                name: Field(field.name, field.line, self._characters(name, field.value))
                for name, field in record.fields.items()
            },
        )
        record = self.record
        for name, field in record.fields.items():
            if name not in self.specs:
                shown = clean_line(name)
                hint = suggest(shown, self.specs) or (
                    f"Champs possibles : {', '.join(self.specs)}."
                )
                self.warn(shown, field.line, f"champ inconnu « {shown} », il sera ignoré.", hint)
        for spec in specs:
            found = record.fields.get(spec.name)
            if not spec.required:
                continue
            if found is None and spec.name in record.blank_fields:
                self.error(
                    spec.name,
                    record.blank_fields[spec.name],
                    f"champ obligatoire vide ({spec.help})",
                    f"Remplissez-le, par exemple : {spec.name}: {spec.example}",
                )
            elif found is None:
                self.error(
                    spec.name,
                    self.default_line,
                    f"champ obligatoire manquant ({spec.help})",
                    f"Ajoutez une ligne, par exemple : {spec.name}: {spec.example}",
                )
            elif isinstance(found.value, Scalar) and not found.value.text.strip():
                self.error(
                    spec.name,
                    found.line,
                    f"champ obligatoire vide ({spec.help})",
                    f"Remplissez-le, par exemple : {spec.name}: {spec.example}",
                )

    def _characters(self, name: str, value: Value) -> Value:
        """`value` with control characters (and line breaks in a single-line field)
        reported and removed; lists and groups of fields are checked item by item."""
        if isinstance(value, Sequence):
            return Sequence(tuple(self._characters(name, v) for v in value.items), value.line)
        if isinstance(value, Mapping):
            return Mapping(
                {
                    key: Field(f.name, f.line, self._characters(f"{name}.{key}", f.value))
                    for key, f in value.fields.items()
                },
                value.line,
            )
        multiline = name in MULTILINE_FIELDS
        return Scalar(self.checked_text(name, value.text, value.line, multiline), value.line)

    def checked_text(self, name: str, text: str, line: int, multiline: bool) -> str:
        """Report a control character, or a line break in a single-line field; return
        the text without them. For multi-line text, `line` is that of its first line."""
        if not multiline:
            text = text.strip()
        if not multiline and (position := line_break(text)) is not None:
            self.error(
                name,
                line,
                f"retour à la ligne dans un champ qui tient sur une ligne "
                f"(caractère {char_name(text[position])}).",
                f"Écrivez {name} sur une seule ligne, entre guillemets, sans « | » ni « > » "
                "ni \\n.",
            )
            text = clean_line(text)
        found = forbidden_character(text, allow_tab=multiline)
        if found is not None:
            position, char = found
            kind = (
                "caractère de contrôle"
                if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F
                else "caractère interdit"
            )
            where = line + text[:position].count("\n") if multiline else line
            before = clean_line(text[:position])[-20:]
            self.error(
                name,
                where,
                f"{kind} {char_name(char)} (invisible) après « {before} ».",
                "Supprimez-le : retapez ce passage, ou recopiez le texte sans mise en forme "
                "(Ctrl+Maj+V).",
            )
        return clean_text(text) if multiline else clean_line(text)

    def body(self) -> str:
        """The Markdown description, checked for control characters and its length."""
        body = self.record.body
        line = self.record.body_line
        found = forbidden_character(body)
        if found is not None:
            body = self.checked_text("description", body, line, multiline=True)
        if len(body.strip()) > BODY_MAX:
            self.error(
                "description",
                line,
                f"la description fait {len(body.strip())} caractères, plus que la limite de "
                f"{BODY_MAX}.",
                "Raccourcissez-la : l'essentiel sur la page, le reste sur votre site (lien).",
            )
            return ""  # refused: not worth rendering (the build stops on the error anyway)
        return body

    @property
    def default_line(self) -> int:
        """The line to point at for a missing field: the front matter's opening line."""
        return 1

    def error(self, field: str, line: int, message: str, hint: str = "") -> None:
        """Record an error that stops publication."""
        self.problems.append(Problem(self.record.path, line, field, message, hint))

    def warn(self, field: str, line: int, message: str, hint: str = "") -> None:
        """Record a warning: published anyway, but worth fixing."""
        self.problems.append(
            Problem(self.record.path, line, field, message, hint, Severity.WARNING)
        )

    def field(self, name: str) -> Field | None:
        """The raw field, or None when absent."""
        return self.record.fields.get(name)

    def line(self, name: str) -> int:
        """The line of a field, or the record's first line when absent."""
        found = self.record.fields.get(name)
        if found is not None:
            return found.line
        return self.record.blank_fields.get(name, self.default_line)

    def scalar(self, name: str, value: Value, line: int) -> str | None:
        """The text of a single value; a list or mapping there is an error."""
        if isinstance(value, Scalar):
            return value.text.strip()
        shape = "une liste" if isinstance(value, Sequence) else "un groupe de champs"
        self.error(
            name,
            line,
            f"attend une seule valeur, pas {shape}.",
            f"Exemple : {name}: {self.specs[name].example}"
            if name in self.specs
            else "Écrivez une seule valeur après les deux-points.",
        )
        return None

    def text(self, name: str) -> str:
        """A text field, "" when absent."""
        found = self.field(name)
        if found is None:
            return ""
        return self.scalar(name, found.value, found.line) or ""

    def items(self, name: str) -> list[Scalar]:
        """A list field; a single value is accepted as a list of one."""
        found = self.field(name)
        if found is None:
            return []
        if isinstance(found.value, Scalar):
            return self._unfolded(name, [found.value])
        if isinstance(found.value, Mapping):
            self.error(
                name,
                found.line,
                "attend une liste.",
                f"Exemple : {name}: {self.specs[name].example}",
            )
            return []
        result = []
        for item in found.value.items:
            if isinstance(item, Scalar):
                result.append(item)
            else:
                self.error(
                    name,
                    item.line,
                    "chaque élément de la liste doit être une simple valeur.",
                    f"Exemple : {name}: {self.specs[name].example}" if name in self.specs else "",
                )
        return self._unfolded(name, result)

    def _unfolded(self, name: str, items: list[Scalar]) -> list[Scalar]:
        """The items of a list of names, with the ones YAML joined back apart.

        A « - value » line shifted right of the one above it continues that value: YAML
        reads `- a` then `    - b` as the one value « a - b », and `-a` (no space) as
        the text « -a ». Names from a vocabulary or of files never hold « - » between
        spaces, so such a value is the list the partner meant: it is reported once, with
        the corrected list, and its parts are read as the list's values.
        """
        spec = self.specs.get(name)
        if spec is None or not spec.kind.startswith(("terms:", "slugs:")):
            return items
        result: list[Scalar] = []
        faults: list[tuple[int, bool]] = []
        for item in items:
            text = item.text.strip()
            parts = [p for p in _FOLDED_DASH_RE.split(text) if p]
            glued = text.startswith("-") and len(text) > 1 and not text[1].isspace()
            if len(parts) > 1 or glued:
                faults.append((item.line if glued else item.line + 1, glued))
                result.extend(Scalar(part, item.line + i) for i, part in enumerate(parts))
            else:
                result.append(item)
        if faults:
            line, glued = faults[0]
            values = ", ".join(_flow_value(item.text) for item in result)
            what = (
                "il manque une espace après le tiret d'un élément : il est lu comme « -… »"
                if glued
                else "un élément est plus décalé vers la droite que celui du dessus, et il "
                "est lu comme la suite de la valeur précédente"
            )
            self.error(
                name,
                line,
                f"la liste {name} est mal alignée : {what}.",
                f"Alignez tous les tirets, suivis d'une espace, ou écrivez la liste sur une "
                f"ligne : {name}: [{values}]",
            )
        return result

    def url(self, name: str) -> str:
        """An http(s) URL."""
        value = self.text(name)
        problem = web_url_problem(value) if value else ""
        if problem:
            hint = (
                f'Ajoutez « https:// » devant : {name}: "https://{value}"'
                if "://" not in value and ":" not in value.split("/")[0]
                else "Écrivez une adresse complète commençant par https://, sans espace ni "
                "guillemet (une espace s'écrit %20, une apostrophe %27)."
            )
            self.error(
                name, self.line(name), f"« {value} » n'est pas une adresse web : {problem}.", hint
            )
            return ""
        return value

    def email(self, name: str) -> str:
        """An e-mail address."""
        value = self.text(name)
        if value.lower().startswith("mailto:"):
            value = value[len("mailto:") :]
        if value and email_problem(value):
            self.error(
                name,
                self.line(name),
                f"« {value} » n'est pas une adresse e-mail.",
                "Forme attendue : contact@example.org (sans espace, guillemet ni chevron).",
            )
            return ""
        return value

    def phone(self, name: str) -> str:
        """A phone number in any common French form."""
        value = self.text(name)
        if value.lower().startswith("tel:"):
            value = value[len("tel:") :]
        if value and phone_problem(value):
            self.error(
                name,
                self.line(name),
                f"« {value} » n'est pas un numéro de téléphone.",
                'Forme attendue : "03 89 00 00 00" ou "+33 3 89 00 00 00" (chiffres, espaces, '
                "+ . ( ) - seulement).",
            )
            return ""
        return value

    def terms(
        self, name: str, vocabulary: Vocabulary, reference: str = REFERENCE_FILE
    ) -> tuple[str, ...]:
        """Values from a controlled vocabulary, as slugs, without repeats."""
        slugs: list[str] = []
        for item in self.items(name):
            term = vocabulary.find(item.text)
            if term is None:
                hint = suggest(item.text, vocabulary.slugs) or (
                    f"Valeurs possibles : {', '.join(vocabulary.slugs)}. Leur sens : {reference}"
                )
                self.error(
                    name, item.line, f"« {item.text} » ne fait pas partie de la liste.", hint
                )
            elif term.slug not in slugs:
                slugs.append(term.slug)
        return tuple(slugs)

    def integer(self, name: str, low: int, high: int) -> int | None:
        """A whole number between low and high."""
        value = self.text(name)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(
                name,
                self.line(name),
                f"« {value} » n'est pas un nombre entier.",
                f"Exemple : {name}: {self.specs[name].example}",
            )
            return None
        if not low <= number <= high:
            self.error(
                name,
                self.line(name),
                f"{number} n'est pas entre {low} et {high}.",
                f"Écrivez un nombre entre {low} et {high}, ou retirez la ligne.",
            )
            return None
        return number

    def image(self, name: str, root: Path, max_bytes: int) -> str:
        """A path to an image inside assets/ or content/ that exists."""
        value = self.text(name)
        if not value:
            return ""
        line = self.line(name)
        clean = value.lstrip("/")
        if not clean.startswith(IMAGE_FOLDERS) or ".." in Path(clean).parts:
            self.error(
                name,
                line,
                f"« {value} » doit être un chemin dans assets/ ou content/.",
                "Exemple : image: assets/images/mon-image.jpg",
            )
            return ""
        if not clean.lower().endswith(IMAGE_SUFFIXES):
            self.error(
                name,
                line,
                f"« {value} » n'est pas une image reconnue.",
                f"Formats acceptés : {', '.join(IMAGE_SUFFIXES)}.",
            )
            return ""
        from agenda.safepaths import linked_part  # here: keeps this fix inside one method

        linked = linked_part(root, clean)
        if linked is not None:
            # Never follow a link: it could publish a file from outside the repository.
            self.error(
                name,
                line,
                f"« {linked} » est un lien symbolique : l'image n'est ni lue ni publiée.",
                "Remplacez le lien par le fichier lui-même.",
            )
            return ""
        if not (root / clean).is_file():
            self.error(
                name,
                line,
                f"le fichier « {clean} » est introuvable.",
                "Vérifiez le chemin depuis la racine du dépôt, et ajoutez l'image au dépôt.",
            )
            return ""
        size = (root / clean).stat().st_size
        if size > max_bytes:
            self.error(
                name,
                line,
                f"l'image « {clean} » pèse {size / 1_000_000:.1f} Mo, plus que la limite de "
                f"{max_bytes / 1_000_000:g} Mo : elle serait lente à charger sur un téléphone.",
                "Réduisez-la (1 600 pixels de large suffisent) ou enregistrez-la en JPEG ou WebP.",
            )
            return ""
        return clean


@dataclass(frozen=True)
class Reference:
    """A slug an event points to, kept with its line for the cross-reference check."""

    field: str
    slug: str
    line: int
