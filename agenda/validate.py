"""Every content rule: raw records → validated model, or every problem found.

Each field is converted from the text the partner wrote, checked, and reported with
its file, line and a fix. Nothing stops at the first problem.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from agenda.communes import Commune, grand_est, name_key
from agenda.config import SiteConfig, Vocabulary
from agenda.dates import DateFormatError, iso_suggestion, parse_when
from agenda.errors import Problem, Severity
from agenda.model import Event, OpeningHours, Partner, Session, Venue
from agenda.reference import REFERENCE_FILE, reference_url
from agenda.schema import FIELDS_BY_KIND, SESSION_FIELDS, STATUSES, FieldSpec
from agenda.sources import Field, Mapping, RawRecord, Scalar, Sequence, Value
from agenda.text import (
    char_name,
    clean_line,
    clean_text,
    forbidden_character,
    html_to_text,
    line_break,
    markdown_to_html,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# URL_RE, EMAIL_RE and PHONE_RE are also the CMS's patterns (JavaScript regular
# expressions): keep them to the syntax both languages share. The validator checks URLs
# further with urllib (`web_url_problem`).
_URL_CHAR = r"[^\s\"'<>\\`]"
URL_RE = re.compile(
    rf"^https?://[^\s\"'<>\\`/$.?#@]{_URL_CHAR}*\.{_URL_CHAR}*$|^https?://localhost(?:[:/?#]{_URL_CHAR}*)?$"
)
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(
    rf"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:{_DOMAIN_LABEL}\.)+[A-Za-z]{{2,63}}$"
)
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{10,20}$")
_HOST_LABEL_RE = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")
WEB_SCHEMES = ("http", "https")
# Single-line text fields are all but these (the CMS offers a multi-line box for them).
MULTILINE_FIELDS = frozenset({"description", "access"})
TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 20_000
# Opening hours are expanded day by day into every slot (open data, calendars): a range
# of decades would write tens of thousands of rows.
OPENING_HOURS_MAX_DAYS = 3 * 366
POSTAL_CODE_RE = re.compile(r"^\d{5}$")
TIME_ONLY_RE = re.compile(r"^(\d{1,2})[:h](\d{2})\Z", re.ASCII)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg", ".gif", ".avif")
IMAGE_FOLDERS = ("assets/", "content/")

WEEKDAYS = {
    "lun": 0,
    "lundi": 0,
    "mar": 1,
    "mardi": 1,
    "mer": 2,
    "mercredi": 2,
    "jeu": 3,
    "jeudi": 3,
    "ven": 4,
    "vendredi": 4,
    "sam": 5,
    "samedi": 5,
    "dim": 6,
    "dimanche": 6,
}


def web_url_problem(value: str) -> str:
    """Why `value` is not a web address a page can link to, or "" when it is one.

    http(s) only, a real host name, and none of the characters that could end an HTML
    attribute, a CSV cell or a calendar line: spaces, quotes, angle brackets,
    backslashes, backquotes, control characters.
    """
    for char in value:
        if char.isspace() or forbidden_character(char, allow_tab=False):
            return f"contient un caractère invisible ou une espace ({char_name(char)})"
        if char in "\"'<>\\`":
            return f"contient le caractère « {char} », interdit dans une adresse web"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "n'est pas une adresse web lisible (crochets ou numéro de port invalides)"
    if parts.scheme.lower() not in WEB_SCHEMES or not value.lower().startswith(
        tuple(f"{scheme}://" for scheme in WEB_SCHEMES)
    ):
        return "ne commence pas par https:// (ou http://)"
    if parts.username is not None or parts.password is not None:
        return "contient un « @ » avant le nom du site (identifiant dans l'adresse)"
    host = parts.hostname or ""
    if port == 0:
        return "a un numéro de port invalide"
    if host == "localhost":
        return ""
    labels = host.rstrip(".").split(".")
    if (
        len(labels) < 2
        or not all(_HOST_LABEL_RE.match(label) for label in labels)
        or not (labels[-1].isalpha() or labels[-1].startswith("xn--"))
    ):
        return f"n'a pas de nom de site valide (« {host} »)" if host else "n'a pas de nom de site"
    return ""


def email_problem(value: str) -> str:
    """Why `value` is not a plain e-mail address (local@domain.tld), or ""."""
    if EMAIL_RE.fullmatch(value) and len(value) <= 254:
        return ""
    return "n'est pas une adresse e-mail (forme attendue : contact@example.org)"


def phone_problem(value: str) -> str:
    """Why `value` is not a phone number (digits, spaces, + . ( ) -), or ""."""
    if PHONE_RE.fullmatch(value) and 8 <= sum(c.isdigit() for c in value) <= 15:
        return ""
    return "n'est pas un numéro de téléphone (chiffres, espaces, + . ( ) - seulement)"


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


# Venues -------------------------------------------------------------------------------


def validate_venue(record: RawRecord, config: SiteConfig, problems: list[Problem]) -> Venue:
    """A venue record → Venue, with its département derived from the postal code."""
    read = RecordReader(record, FIELDS_BY_KIND["venue"], problems)
    postal_code = read.text("postal_code")
    city = read.text("city")
    # A city already reported (line break, invisible character) is not compared again.
    city_checked = any(p.path == record.path and p.field == "city" for p in problems)
    departement = ""
    if postal_code:
        if not POSTAL_CODE_RE.match(postal_code):
            _postal_code_form(read, postal_code)
        else:
            departement = postal_code[:2]
            if config.departement_by_code(departement) is None:
                codes = ", ".join(d.code for d in config.departements)
                read.error(
                    "postal_code",
                    read.line("postal_code"),
                    f"le code postal {postal_code} n'est pas dans la région "
                    f"(départements {codes}).",
                    "Vérifiez le code postal : le site couvre le Grand Est.",
                )
                departement = ""
            else:
                departement = (
                    _commune(read, postal_code, "" if city_checked else city) or departement
                )
    written = read.text("departement")
    if written:
        written = written.zfill(2) if written.isdigit() else written
        if config.departement_by_code(written) is None:
            read.error(
                "departement",
                read.line("departement"),
                f"« {written} » n'est pas un département de la région.",
                "Codes possibles : " + ", ".join(d.code for d in config.departements) + ".",
            )
        elif departement and written != departement:
            read.error(
                "departement",
                read.line("departement"),
                f"le département {written} ne correspond pas au code postal "
                f"{postal_code} (département {departement}).",
                "Corrigez l'un des deux, ou retirez la ligne departement : "
                "il est déduit du code postal.",
            )
        elif not departement:
            departement = written
    lat = _coordinate(read, "lat")
    lon = _coordinate(read, "lon")
    if ("lat" in record.fields) != ("lon" in record.fields):
        missing, given = ("lon", "lat") if "lat" in record.fields else ("lat", "lon")
        read.error(
            missing,
            read.line(given),
            f"{given} est donné sans {missing}.",
            "Donnez les deux coordonnées, ou aucune.",
        )
    if lat is not None and lon is not None and not config.region_bounds.contains(lat, lon):
        bounds = config.region_bounds
        hint = (
            f"La région s'étend de {bounds.lat_min} à {bounds.lat_max} en latitude et de "
            f"{bounds.lon_min} à {bounds.lon_max} en longitude."
        )
        if config.region_bounds.contains(lon, lat):
            hint = "Latitude et longitude semblent inversées : échangez les deux valeurs."
        read.error("lat", read.line("lat"), f"le point ({lat}, {lon}) est hors du Grand Est.", hint)
        lat = lon = None
    return Venue(
        slug=record.slug,
        path=record.path,
        name=read.text("name"),
        address=read.text("address"),
        postal_code=postal_code,
        city=city,
        departement=departement,
        lat=lat,
        lon=lon,
        access=read.text("access"),
        url=read.url("url"),
        phone=read.phone("phone"),
        accessibility=read.terms("accessibility", config.accessibility, reference_url(config)),
        description=read.text("description"),
    )


def _postal_code_form(read: RecordReader, postal_code: str) -> None:
    """A postal code that is not 5 digits: the fixed value when it can be read."""
    digits = re.sub(r"[\s.\u00a0\u202f-]", "", postal_code)
    if POSTAL_CODE_RE.match(digits):
        message = (
            f"« {postal_code} » n'est pas un code postal à 5 chiffres : il contient "
            "une espace ou un signe."
        )
        hint = f'Écrivez les 5 chiffres attachés, entre guillemets : postal_code: "{digits}"'
    elif postal_code.isdigit() and len(postal_code) == 4:
        message = f"« {postal_code} » n'est pas un code postal à 5 chiffres."
        hint = (
            "Le zéro initial a-t-il disparu ? Écrivez-le entre guillemets : "
            f'postal_code: "0{postal_code}".'
        )
    else:
        message = f"« {postal_code} » n'est pas un code postal à 5 chiffres."
        hint = (
            "Écrivez les 5 chiffres du code postal, entre guillemets, par exemple : "
            'postal_code: "88000".'
        )
    read.error("postal_code", read.line("postal_code"), message, hint)


def _names(communes: Iterable[Commune], limit: int = 6) -> str:
    names = sorted({c.name for c in communes}, key=name_key)
    shown = ", ".join(names[:limit])
    return f"{shown}…" if len(names) > limit else shown


def _commune(read: RecordReader, postal_code: str, city: str) -> str:
    """Check the postal code and the city against the state's list of communes.

    Returns the département of the commune found ("" when none): a postal code may serve
    communes of two départements (52100 serves Saint-Dizier and two villages of the Marne).
    """
    table = grand_est()
    if postal_code[:2] not in table.departements:
        return ""  # a site configured for other départements: nothing to compare with
    communes = table.communes(postal_code)
    named = table.named(city) if city else ()
    if not communes:
        if named:
            codes = sorted({c.postal_code for c in named})
            hint = (
                f"Le code postal de {named[0].name} est {' ou '.join(codes)} : "
                f'postal_code: "{codes[0]}"'
            )
        else:
            near = table.near_codes(postal_code)
            hint = (
                "Codes postaux proches : "
                + " ; ".join(f"{code} ({_names(table.communes(code), 3)})" for code in near)
                + ". Un code CEDEX ne convient pas : donnez celui de la commune du lieu."
            )
        read.error(
            "postal_code",
            read.line("postal_code"),
            f"aucune commune du Grand Est n'a le code postal {postal_code}.",
            hint,
        )
        return ""
    if not city:
        return ""
    found = table.find(postal_code, city)
    if found is not None:
        return found.departement
    close = table.close_names(postal_code, city)
    if named:
        codes = sorted({c.postal_code for c in named})
        message = (
            f"la commune « {city} » n'a pas le code postal {postal_code} "
            f"(son code postal : {', '.join(codes)})."
        )
        hint = (
            f'Si le lieu est à {named[0].name}, écrivez postal_code: "{codes[0]}" ; '
            f"sinon, les communes du {postal_code} sont : {_names(communes)}."
        )
    else:
        message = f"« {city} » n'est pas une commune du code postal {postal_code}."
        if close:
            choices = " ou ".join(f'city: "{name}"' for name in close)
            hint = f"Vouliez-vous dire {choices} ?"
        else:
            hint = (
                f"Les communes du {postal_code} sont : {_names(communes)}. "
                "Écrivez le nom officiel de la commune, ou vérifiez le code postal."
            )
    read.error("city", read.line("city"), message, hint)
    return ""


def _coordinate(read: RecordReader, name: str) -> float | None:
    value = read.text(name)
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        read.error(
            name,
            read.line(name),
            f"« {value} » n'est pas un nombre décimal.",
            f"Exemple : {name}: {read.specs[name].example}",
        )
        return None


# Events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A slug an event points to, kept with its line for the cross-reference check."""

    field: str
    slug: str
    line: int


@dataclass(frozen=True)
class EventDraft:
    """An event checked on its own, with the references still to check.

    `event` is None when its dates could not be read: its other fields were still
    checked, and its references will be, so that every problem is reported at once.
    """

    event: Event | None
    path: str
    venue_ref: Reference | None
    partner_refs: tuple[Reference, ...]
    session_venue_refs: tuple[Reference, ...] = ()


def _when(read: RecordReader, name: str, value: Value, line: int) -> date | datetime | None:
    text = read.scalar(name, value, line)
    if not text:
        return None
    try:
        parsed = parse_when(text)
    except DateFormatError as exc:
        fixed = iso_suggestion(text)
        read.error(
            name,
            line,
            f"{exc}.",
            f'Écrivez : {name.rpartition(".")[2]}: "{fixed}"'
            if fixed
            else 'Formes acceptées : "2027-03-13" (journée) ou "2027-03-13 14:00" '
            "(heure de Paris).",
        )
        return None
    if parsed.ambiguous:
        read.warn(
            name,
            line,
            f"{text} existe deux fois cette nuit-là (passage à l'heure d'hiver) : "
            "la première occurrence (heure d'été) est retenue.",
            "Évitez si possible les horaires entre 2 h et 3 h ce jour-là.",
        )
    return parsed.value


def _end(
    read: RecordReader, name: str, value: Value, line: int, start: date | datetime | None
) -> date | datetime | None:
    text = read.scalar(name, value, line)
    if not text:
        return None
    # Convenience: `end: "16:30"` means the same day as a timed start.
    only_time = TIME_ONLY_RE.match(text)
    if only_time and isinstance(start, datetime):
        try:
            clock = time(int(only_time[1]), int(only_time[2]))
        except ValueError:
            read.error(
                name,
                line,
                f"l'heure « {text} » n'existe pas.",
                'Une heure s\'écrit de 00:00 à 23:59, par exemple end: "16:30".',
            )
            return None
        text = f"{start.date().isoformat()} {clock.strftime('%H:%M')}"
        value = Scalar(text, line)
    end = _when(read, name, value, line)
    if end is None or start is None:
        return end
    if isinstance(start, datetime) != isinstance(end, datetime):
        read.error(
            name,
            line,
            "début et fin doivent être de la même forme : deux dates, ou deux dates avec heure.",
            'Pour un événement à heure précise : end: "2027-03-13 16:30" ; '
            'pour une exposition : end: "2027-04-30".',
        )
        return None
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end <= start:
            read.error(
                name,
                line,
                f"la fin ({text}) n'est pas après le début.",
                "Vérifiez la date et l'heure de fin.",
            )
            return None
    elif end < start:
        read.error(
            name,
            line,
            f"le dernier jour ({text}) est avant le premier.",
            "Pour une exposition, end est son dernier jour d'ouverture.",
        )
        return None
    return end


@dataclass(frozen=True)
class SessionsRead:
    """The sessions of an event, with the venues they name (checked across records later)
    and the lines of the sessions that name none."""

    sessions: tuple[Session, ...] = ()
    venue_refs: tuple[Reference, ...] = ()
    without_venue: tuple[tuple[int, int], ...] = ()  # (position, line) of each


def _session_venue(read: RecordReader, item: Mapping) -> Reference | None:
    field = item.fields.get("venue")
    if field is None:
        return None
    slug = read.scalar("sessions.venue", field.value, field.line)
    return Reference("sessions.venue", slug, field.line) if slug else None


def _sessions(read: RecordReader) -> SessionsRead:
    has_start = read.field("start") is not None
    sessions_field = read.field("sessions")
    if sessions_field is not None and has_start:
        read.error(
            "sessions",
            sessions_field.line,
            "start et sessions sont tous deux remplis.",
            "Gardez start/end pour une seule date, ou sessions pour plusieurs.",
        )
        return SessionsRead()
    if sessions_field is None:
        start_field = read.field("start")
        if start_field is None or start_field.value == Scalar("", start_field.value.line):
            read.error(
                "start",
                read.line("start"),
                "il manque la date de l'événement.",
                'Ajoutez start: "2027-03-13 14:00", ou une liste sessions.',
            )
            return SessionsRead()
        start = _when(read, "start", start_field.value, start_field.line)
        end_field = read.field("end")
        end = _end(read, "end", end_field.value, end_field.line, start) if end_field else None
        return SessionsRead(
            (Session(start, end, "1"),) if start is not None else (),
            without_venue=((1, start_field.line),),
        )
    if read.field("end") is not None:
        read.error(
            "end",
            read.line("end"),
            "end est rempli à côté de sessions.",
            "Donnez la fin de chaque séance dans sessions.",
        )
    if not isinstance(sessions_field.value, Sequence) or not sessions_field.value.items:
        read.error(
            "sessions",
            sessions_field.line,
            "sessions doit être une liste de séances.",
            'Exemple : sessions: [{start: "2027-03-13 10:00", end: "2027-03-13 12:00"}]',
        )
        return SessionsRead()
    sessions: list[Session] = []
    venue_refs: list[Reference] = []
    without_venue: list[tuple[int, int]] = []
    seen_ids: dict[str, int] = {}
    allowed = {s.name for s in SESSION_FIELDS}
    for position, item in enumerate(sessions_field.value.items, start=1):
        if not isinstance(item, Mapping):
            read.error(
                "sessions",
                item.line,
                f"la séance n° {position} doit avoir start (et end).",
                'Exemple : - { start: "2027-03-13 10:00", end: "2027-03-13 12:00" }',
            )
            continue
        for name, sub in item.fields.items():
            if name not in allowed:
                read.warn(
                    f"sessions.{name}",
                    sub.line,
                    f"champ inconnu « {name} » (séance).",
                    suggest(name, allowed) or "Champs possibles : id, start, end, venue.",
                )
        venue_ref = _session_venue(read, item)
        if venue_ref is not None:
            venue_refs.append(venue_ref)
        else:
            without_venue.append((position, item.line))
        key = str(position)
        id_field = item.fields.get("id")
        if id_field is not None:
            session_id = read.scalar("sessions.id", id_field.value, id_field.line) or ""
            if not SLUG_RE.match(session_id):
                read.error(
                    "sessions.id",
                    id_field.line,
                    f"« {session_id} » : un id de séance s'écrit en minuscules, chiffres "
                    "et tirets.",
                    "Exemple : id: s1",
                )
            elif session_id in seen_ids:
                read.error(
                    "sessions.id",
                    id_field.line,
                    f"l'id « {session_id} » est déjà celui de la séance n° {seen_ids[session_id]}.",
                    "Chaque séance a son propre id.",
                )
            else:
                seen_ids[session_id] = position
                key = session_id
        start_field = item.fields.get("start")
        if start_field is None:
            read.error(
                "sessions.start",
                item.line,
                f"la séance n° {position} n'a pas de start.",
                'Ajoutez son début, par exemple start: "2027-03-13 10:00".',
            )
            continue
        start = _when(read, "sessions.start", start_field.value, start_field.line)
        end_field = item.fields.get("end")
        end = (
            _end(read, "sessions.end", end_field.value, end_field.line, start)
            if end_field
            else None
        )
        if start is not None:
            sessions.append(Session(start, end, key, venue_ref.slug if venue_ref else None))
    # Positions are keys only for sessions without id: an id must not collide with one.
    keys = [s.key for s in sessions]
    if len(set(keys)) != len(keys):
        read.error(
            "sessions.id",
            sessions_field.line,
            "un id de séance reprend le numéro d'une autre séance.",
            "Donnez à chaque séance un id qui n'est pas un simple chiffre, ex. s1, s2.",
        )
    return SessionsRead(
        tuple(sorted(sessions, key=lambda s: (s.sort_key, s.key))),
        tuple(venue_refs),
        tuple(without_venue),
    )


def parse_opening_hours(text: str) -> OpeningHours:
    """`mar-dim 14:00-18:00` or `mer,sam 10:00-12:00 14:00-18:00` → OpeningHours."""
    parts = text.split()
    if len(parts) < 2:
        raise ValueError("il faut des jours puis des horaires")
    days: list[int] = []
    for chunk in parts[0].lower().split(","):
        if "-" in chunk:
            first, _, last = chunk.partition("-")
            if first not in WEEKDAYS or last not in WEEKDAYS:
                raise ValueError(f"« {chunk} » n'est pas une plage de jours")
            day = WEEKDAYS[first]
            while True:
                days.append(day)
                if day == WEEKDAYS[last]:
                    break
                day = (day + 1) % 7
        elif chunk in WEEKDAYS:
            days.append(WEEKDAYS[chunk])
        else:
            raise ValueError(f"« {chunk} » n'est pas un jour (lun, mar, mer, jeu, ven, sam, dim)")
    slots = []
    for chunk in parts[1:]:
        match = re.match(r"^(\d{1,2})[:h](\d{2})-(\d{1,2})[:h](\d{2})$", chunk.strip(","))
        if not match:
            raise ValueError(f"« {chunk} » n'est pas une plage horaire comme 14:00-18:00")
        try:
            opens = time(int(match[1]), int(match[2]))
            closes = time(int(match[3]), int(match[4]))
        except ValueError:
            raise ValueError(f"« {chunk} » : une heure va de 00:00 à 23:59") from None
        if closes <= opens:
            raise ValueError(f"dans « {chunk} », la fermeture n'est pas après l'ouverture")
        slots.append((opens, closes))
    return OpeningHours(tuple(sorted(set(days))), tuple(slots), text)


def _opening_hours(read: RecordReader, sessions: tuple[Session, ...]) -> tuple[OpeningHours, ...]:
    items = read.items("opening_hours")
    if not items:
        return ()
    result = []
    for item in items:
        try:
            result.append(parse_opening_hours(item.text))
        except ValueError as exc:
            read.error(
                "opening_hours",
                item.line,
                f"{exc}.",
                'Exemple : opening_hours: "mar-dim 14:00-18:00" ou '
                '["mer,sam 10:00-12:00 14:00-18:00"]',
            )
        except Exception as exc:
            read.error(
                "opening_hours",
                item.line,
                f"horaire invalide ({exc}).",
                'Exemple : opening_hours: "mar-dim 14:00-18:00".',
            )
    if sessions and not (len(sessions) == 1 and sessions[0].all_day):
        read.error(
            "opening_hours",
            read.line("opening_hours"),
            "les horaires d'ouverture vont avec une exposition : start et end en dates sans heure.",
            'Exemple : start: "2027-01-10", end: "2027-02-28".',
        )
        return ()
    if sessions:
        days = (sessions[0].last_day - sessions[0].first_day).days + 1
        if days > OPENING_HOURS_MAX_DAYS:
            read.error(
                "opening_hours",
                read.line("opening_hours"),
                f"l'exposition dure {days} jours : avec des horaires d'ouverture, la limite "
                f"est de {OPENING_HOURS_MAX_DAYS} jours.",
                "Vérifiez l'année de end, ou retirez opening_hours et décrivez les horaires "
                "dans la description.",
            )
            return ()
    return tuple(result)


def _closed(read: RecordReader, sessions: tuple[Session, ...]) -> tuple[date, ...]:
    days: list[date] = []
    for item in read.items("closed"):
        try:
            parsed = parse_when(item.text).value
        except DateFormatError as exc:
            fixed = iso_suggestion(item.text)
            read.error(
                "closed",
                item.line,
                f"{exc}.",
                f'Écrivez « "{fixed}" » à la place.'
                if fixed
                else 'Exemple : closed: ["2027-01-01"]',
            )
            continue
        if isinstance(parsed, datetime):
            read.error(
                "closed",
                item.line,
                "un jour de fermeture est une date sans heure.",
                f'Écrivez "{parsed.date().isoformat()}".',
            )
            continue
        if sessions and not (sessions[0].first_day <= parsed <= sessions[-1].last_day):
            read.warn(
                "closed",
                item.line,
                f"le {parsed.isoformat()} est en dehors des dates de l'événement.",
            )
        days.append(parsed)
    if days and sessions and not (len(sessions) == 1 and sessions[0].all_day):
        read.error(
            "closed",
            read.line("closed"),
            "les jours de fermeture vont avec une exposition (start et end en dates).",
            'Retirez closed, ou donnez des dates sans heure : start: "2027-01-10", '
            'end: "2027-02-28".',
        )
        return ()
    return tuple(sorted(set(days)))


_OTHER_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "ftp:", "blob:")
_PHONE_LIKE_RE = re.compile(r"[+0-9 .()-]+")


def _registration(read: RecordReader) -> tuple[str, str]:
    """registration: a web address, an e-mail, a phone number, or plain text.

    Each kind that becomes a link is checked as strictly as its own field; plain text
    is never a link, and text that looks like another kind of link is refused.
    """
    value = read.text("registration")
    if not value:
        return "", ""
    line = read.line("registration")
    lower = value.lower()
    # A sentence may mention an address (« Sur place ; en ligne sur https://… »): it is
    # text. Only a value that *is* an address, or a lone word with `://`, is a link.
    lone_word = not any(c.isspace() for c in value)
    if lower.startswith(("http://", "https://")) or ("://" in value and lone_word):
        problem = web_url_problem(value)
        if problem:
            read.error(
                "registration",
                line,
                f"« {value} » n'est pas une adresse web valide : {problem}.",
                "Écrivez l'adresse complète de la page d'inscription, ex. "
                "https://www.example.org/inscription.",
            )
            return "", ""
        return value, "url"
    if lower.startswith("www."):
        read.error(
            "registration",
            line,
            f"« {value} » ressemble à une adresse web sans https://.",
            f'Écrivez : registration: "https://{value}"',
        )
        return "", ""
    if lower.startswith(_OTHER_SCHEMES):
        read.error(
            "registration",
            line,
            f"« {value} » n'est pas une adresse d'inscription acceptée.",
            "Donnez une adresse https://, un e-mail, un téléphone, ou un texte.",
        )
        return "", ""
    if lower.startswith("mailto:") or ("@" in value and not any(c.isspace() for c in value)):
        address = value[len("mailto:") :] if lower.startswith("mailto:") else value
        if email_problem(address):
            read.error(
                "registration",
                line,
                f"« {address} » n'est pas une adresse e-mail.",
                "Forme attendue : inscription@example.org (sans espace, guillemet ni chevron).",
            )
            return "", ""
        return address, "email"
    if lower.startswith("tel:") or _PHONE_LIKE_RE.fullmatch(value):
        number = value[len("tel:") :] if lower.startswith("tel:") else value
        if phone_problem(number):
            read.error(
                "registration",
                line,
                f"« {number} » n'est pas un numéro de téléphone.",
                'Forme attendue : "03 89 00 00 00" ou "+33 3 89 00 00 00".',
            )
            return "", ""
        return number, "phone"
    return value, "text"


def _references(read: RecordReader) -> tuple[Reference | None, tuple[Reference, ...]]:
    venue = read.field("venue")
    venue_ref = None
    if venue is not None:
        slug = read.scalar("venue", venue.value, venue.line)
        if slug:
            venue_ref = Reference("venue", slug, venue.line)
    refs: list[Reference] = []
    organizer = read.field("organizer")
    if organizer is not None:
        slug = read.scalar("organizer", organizer.value, organizer.line)
        if slug:
            refs.append(Reference("organizer", slug, organizer.line))
    refs.extend(Reference("partners", item.text, item.line) for item in read.items("partners"))
    return venue_ref, tuple(refs)


def validate_event(
    record: RawRecord, config: SiteConfig, root: Path, problems: list[Problem]
) -> EventDraft:
    """An event record → an EventDraft (references are checked later, across records)."""
    read = RecordReader(record, FIELDS_BY_KIND["event"], problems)
    sessions_read = _sessions(read)
    online = read.url("online")
    venue_ref, partner_refs = _references(read)
    online_written = bool(read.text("online"))  # an invalid URL is reported by read.url
    # A session without its own venue takes the event's; an event whose every session
    # names its venue (a touring exhibition) needs none of its own.
    default_venue = venue_ref.slug if venue_ref else None
    sessions = tuple(replace(s, venue=s.venue or default_venue) for s in sessions_read.sessions)
    if venue_ref is None and not online_written:
        if not sessions_read.venue_refs:
            read.error(
                "venue",
                read.line("venue"),
                "l'événement n'a ni lieu (venue) ni adresse en ligne (online).",
                'Ajoutez venue: <nom d\'un fichier de content/venues/>, ou online: "https://…" '
                "pour un événement en ligne.",
            )
        else:
            for position, line in sessions_read.without_venue:
                read.error(
                    "sessions.venue",
                    line,
                    f"la séance n° {position} n'a pas de lieu, et l'événement n'en donne pas.",
                    "Ajoutez venue: <nom d'un fichier de content/venues/> à cette séance, "
                    "ou un venue à l'événement (le lieu des séances qui n'en donnent pas).",
                )
    status = read.text("status") or "scheduled"
    if status not in STATUSES:
        read.error(
            "status",
            read.line("status"),
            f"« {status} » n'est pas un statut connu.",
            suggest(status, STATUSES) or f"Statuts possibles : {', '.join(STATUSES)}.",
        )
        status = "scheduled"
    previous_start = None
    previous_field = read.field("previous_start")
    if previous_field is not None:
        previous_start = _when(read, "previous_start", previous_field.value, previous_field.line)
        if status != "rescheduled":
            read.warn(
                "previous_start",
                previous_field.line,
                "previous_start ne sert qu'avec status: rescheduled.",
                "Retirez-le, ou indiquez status: rescheduled.",
            )
    if status == "rescheduled" and previous_field is None:
        read.error(
            "previous_start",
            read.line("status"),
            "un événement « rescheduled » doit dire son ancienne date.",
            'Ajoutez previous_start: "2027-03-06 14:00" (l\'ancienne date de début).',
        )
    if status == "moved-online" and not online_written:
        read.error(
            "online",
            read.line("status"),
            "un événement passé en ligne (moved-online) doit donner son adresse en ligne.",
            'Ajoutez online: "https://…".',
        )
    age_min = read.integer("age_min", 0, 120)
    age_max = read.integer("age_max", 0, 120)
    if age_min is not None and age_max is not None and age_min > age_max:
        read.error(
            "age_max",
            read.line("age_max"),
            f"l'âge maximum ({age_max}) est inférieur à l'âge minimum ({age_min}).",
            "Échangez les deux valeurs, ou corrigez l'une d'elles.",
        )
    image = read.image("image", root, config.image_max_bytes)
    image_alt = read.text("image_alt")
    if "image" in record.fields and not image_alt:
        read.error(
            "image_alt",
            read.line("image"),
            "une image doit avoir sa description (image_alt) pour qui ne la voit pas.",
            'Ajoutez image_alt: "ce que montre l\'image, en une phrase".',
        )
    registration, registration_kind = _registration(read)
    format_terms = read.terms("format", config.formats, reference_url(config))
    if len(format_terms) > 1:
        read.error(
            "format",
            read.line("format"),
            "un seul type d'activité est possible.",
            "Gardez le principal ; les autres peuvent aller dans tags.",
        )
    opening_hours = _opening_hours(read, sessions)
    closed = _closed(read, sessions)
    description_html = markdown_to_html(read.body())
    title = " ".join(read.text("title").split())
    summary = read.text("summary")
    for name, label, value, limit in (
        ("title", "le titre", title, TITLE_MAX),
        ("summary", "le résumé", summary, SUMMARY_MAX),
    ):
        if len(value) > limit:
            read.error(
                name,
                read.line(name),
                f"{label} fait {len(value)} caractères, plus que la limite de {limit}.",
                "Raccourcissez-le ; les détails vont dans la description, sous l'en-tête.",
            )
    themes = read.terms("themes", config.themes, reference_url(config))
    audience = read.terms("audience", config.audiences, reference_url(config))
    price = read.text("price")
    accessibility = read.terms("accessibility", config.accessibility, reference_url(config))
    accessibility_notes = read.text("accessibility_notes")
    image_credit = read.text("image_credit")
    tags = tuple(item.text for item in read.items("tags"))
    if not sessions:
        # Every field has been read and checked; references are checked later.
        return EventDraft(None, record.path, venue_ref, partner_refs, sessions_read.venue_refs)
    event = Event(
        slug=record.slug,
        path=record.path,
        title=title,
        organizer=partner_refs[0].slug
        if partner_refs and partner_refs[0].field == "organizer"
        else "",
        sessions=sessions,
        summary=summary,
        venue=venue_ref.slug if venue_ref else None,
        online=online,
        partners=tuple(r.slug for r in partner_refs if r.field == "partners"),
        opening_hours=opening_hours,
        closed=closed,
        themes=themes,
        format=format_terms[0] if format_terms else "",
        audience=audience,
        age_min=age_min,
        age_max=age_max,
        price=price,
        registration=registration,
        registration_kind=registration_kind,
        accessibility=accessibility,
        accessibility_notes=accessibility_notes,
        image=image,
        image_alt=image_alt,
        image_credit=image_credit,
        status=status,
        previous_start=previous_start,
        tags=tags,
        description_html=description_html,
        description_text=html_to_text(description_html),
    )
    return EventDraft(event, record.path, venue_ref, partner_refs, sessions_read.venue_refs)


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


def validate_all(
    records: list[RawRecord], config: SiteConfig, root: Path, problems: list[Problem]
) -> ValidContent:
    """Validate every record and every cross-reference; problems are appended."""
    partners: dict[str, Partner] = {}
    venues: dict[str, Venue] = {}
    drafts: list[EventDraft] = []
    first_path: dict[tuple[str, str], str] = {}
    for record in records:
        check_slug(record, problems)
        identity = (record.kind, record.slug)
        if identity in first_path:
            problems.append(
                Problem(
                    record.path,
                    0,
                    "",
                    f"un autre fichier porte déjà le nom « {record.slug} » : "
                    f"{first_path[identity]}.",
                    "Le nom du fichier est l'identité de la fiche : renommez l'un des deux.",
                )
            )
            continue
        first_path[identity] = record.path
        if record.kind == "partner":
            partners[record.slug] = validate_partner(record, config, root, problems)
        elif record.kind == "venue":
            venues[record.slug] = validate_venue(record, config, problems)
        else:
            drafts.append(validate_event(record, config, root, problems))
    for draft in drafts:
        if draft.venue_ref is not None:
            _check_reference(draft.path, draft.venue_ref, venues, "venues", problems)
        for ref in draft.session_venue_refs:
            _check_reference(draft.path, ref, venues, "venues", problems)
        for ref in draft.partner_refs:
            _check_reference(draft.path, ref, partners, "partners", problems)
    return ValidContent(
        partners=tuple(partners.values()),
        venues=tuple(venues.values()),
        events=tuple(d.event for d in drafts if d.event is not None),
    )
