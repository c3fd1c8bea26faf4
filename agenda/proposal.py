"""The issue form « Proposer un événement » → an event file, checked like a pull request.

GitHub writes the answers of an issue form into the issue body as Markdown sections:
``### <label>``, a blank line, then the answer (``_No response_`` when left empty; a
checkbox list as ``- [X] <label>`` / ``- [ ] <label>``). This module reads that body
with the form's own YAML (labels → field ids, so the form is the single source), builds
the event file (and the file of a new venue or partner when the proposal names one
absent from content/), validates them with `check_site` on a temporary copy of the
site, and writes the French comment the workflow posts on the issue.

Everything in the body is untrusted text, editable at will by whoever opened the issue.
Every value is written on one line between quotes (`agenda.yamlerrors.quoted`, after
line breaks and control characters are removed), list items and slugs included, so no
answer can open a new key, an anchor, a tag or a second ``---``: what the partner typed
can only ever be the text of a value. The description goes below the front matter,
where it is Markdown, cleaned like any description.

    python -m agenda.proposal --issue-body body.md --number 12 --out-comment comment.md
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from agenda.dates import PARIS
from agenda.errors import ContentError, Problem, format_text, summary_line
from agenda.pipeline import check_site
from agenda.schema import EVENT_FIELDS
from agenda.text import CONTROL_RE, LINE_BREAK_RE, XML_INVALID_RE, clean_text
from agenda.yamlerrors import quoted

FORM = Path(".github") / "ISSUE_TEMPLATE" / "proposer-un-evenement.yml"
NO_RESPONSE = "_No response_"
MAX_SLUG = 60
MAX_BODY = 60_000  # GitHub caps an issue body at 65 536 characters

# The form's answers that are not event fields.
VENUE_ANSWERS = {
    "venue_name": "name",
    "venue_address": "address",
    "venue_postal_code": "postal_code",
    "venue_city": "city",
    "venue_access": "access",
}
# A problem in the new venue's file → the form answer it came from.
VENUE_FIELD_ANSWERS = {key: form_id for form_id, key in VENUE_ANSWERS.items()}
NOT_WRITTEN = {"contact", "consent", "image", "image_alt", "image_credit"}
LIST_FIELDS = {"themes", "audience", "accessibility"}  # checkboxes « Libellé (slug) »
COMMA_LISTS = {"partners", "tags"}
LINE_LISTS = {"opening_hours", "closed"}

_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
_CHECKBOX = re.compile(r"^[ \t]*[-*][ \t]+\[([ xX])\][ \t]+(.*)$")
_OPTION = re.compile(r"^(.*) \(([a-z0-9-]+)\)$")
_FRENCH_DATE = re.compile(
    r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ \t]+(?:à[ \t]+)?(\d{1,2})[h:](\d{2})?)?$"
)
_TIME_ONLY = re.compile(r"^\d{1,2}[h:]\d{2}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SESSION = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})[ \t]+(?P<start>\d{1,2}[:h]\d{2})[ \t]*[-–—àa][ \t]*"
    r"(?:(?P<end_day>\d{4}-\d{2}-\d{2})[ \t]+)?(?P<end>\d{1,2}[:h]\d{2})$"
)
_SAFE_PATH = re.compile(
    r"content/(?:events/\d{4}/[a-z0-9]+(?:-[a-z0-9]+)*\.md"
    r"|(?:venues|partners)/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml)"
)
_YEAR = re.compile(r"\b(\d{4})-\d{2}-\d{2}\b")


@dataclass(frozen=True)
class FormField:
    """One answer of the form: its id (the event field), label and type."""

    id: str
    label: str
    type: str


@dataclass
class Proposal:
    """What the conversion produced: the files to add and the problems found."""

    number: int
    title: str
    files: dict[str, str] = field(default_factory=dict)  # repository path → text
    event_path: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the maintainers (PR body)
    labels: dict[str, str] = field(default_factory=dict)  # event field → form label

    @property
    def ok(self) -> bool:
        return bool(self.event_path) and not any(p.is_error for p in self.problems)


# --- reading the issue ------------------------------------------------------------------


def load_form(root: Path) -> list[FormField]:
    """The form's answers, in order, from its YAML (the labels GitHub writes as ###)."""
    data = yaml.safe_load((root / FORM).read_text(encoding="utf-8"))
    return [
        FormField(element["id"], element["attributes"]["label"].strip(), element["type"])
        for element in data["body"]
        if "id" in element
    ]


def parse_issue_body(body: str, form: list[FormField]) -> dict[str, str | list[str]]:
    """``### Label`` sections → {field id: answer}; checkboxes → the checked labels.

    A section starts only at the label of a *later* answer of the form, so a
    description that holds a ``### Titre`` heading of its own stays one answer.
    """
    by_label = {f.label: index for index, f in enumerate(form)}
    raw: dict[int, list[str]] = {}
    current = -1
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading and by_label.get(heading[1], -1) > current:
            current = by_label[heading[1]]
            raw[current] = []
        elif current >= 0:
            raw[current].append(line)
    answers: dict[str, str | list[str]] = {}
    for index, lines in raw.items():
        spec = form[index]
        text = "\n".join(lines).strip()
        if spec.type == "checkboxes":
            answers[spec.id] = [
                m[2].strip() for m in map(_CHECKBOX.match, lines) if m and m[1] in "xX"
            ]
        elif text and text != NO_RESPONSE:
            answers[spec.id] = text
    return answers


# --- writing YAML safely ------------------------------------------------------------------


def one_line(text: str) -> str:
    """The text on one line, without control or non-XML characters, spaces collapsed."""
    text = LINE_BREAK_RE.sub(" ", text).replace("\t", " ")
    text = XML_INVALID_RE.sub("", CONTROL_RE.sub("", text))
    return " ".join(text.split())


def yaml_value(text: str) -> str:
    """A quoted one-line YAML scalar: whatever `text` holds, it stays a string value."""
    return quoted(one_line(text))


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """« Atelier robots : l'été ! » → atelier-robots-l-ete."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "-".join(words)[:limit].strip("-")


def _french_date(text: str) -> str:
    """« 13/03/2027 14h30 » → « 2027-03-13 14:30 »; anything else is kept for `check`."""
    match = _FRENCH_DATE.match(text)
    if not match:
        return text
    day, month, year, hour, minute = match.groups()
    value = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        value += f" {int(hour):02d}:{minute or '00'}"
    return value


def _clock(text: str) -> str:
    hour, minute = re.split("[:h]", text)
    return f"{int(hour):02d}:{minute}"


# --- names → slugs --------------------------------------------------------------------------


def _names(folder: Path) -> dict[str, str]:
    """{slug: name} of the records of one content folder (unreadable ones: slug only)."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        name = data.get("name") if isinstance(data, dict) else None
        found[path.stem] = name if isinstance(name, str) else ""
    return found


def resolve(answer: str, records: dict[str, str]) -> str | None:
    """The slug of the record the answer names (by slug or by name), or None."""
    wanted = slugify(answer, limit=200)
    if answer.strip() in records:
        return answer.strip()
    matches = [slug for slug, name in records.items() if name and slugify(name, 200) == wanted]
    if len(matches) == 1:
        return matches[0]
    return wanted if wanted in records else None


def _unique(slug: str, taken: Iterable[str]) -> str:
    used = set(taken)
    candidate, counter = slug, 2
    while candidate in used:
        candidate = f"{slug}-{counter}"
        counter += 1
    return candidate


# --- the conversion ------------------------------------------------------------------------


def _slug_list(values: list[str]) -> list[str]:
    """Checked options « Libellé (slug) » → their slugs (an odd label is kept as text)."""
    slugs = []
    for value in values:
        match = _OPTION.match(value)
        slugs.append(match[2] if match else value)
    return slugs


def _lines(key: str, value: str | list[str]) -> list[str]:
    if isinstance(value, list):
        return [f"{key}:", *(f"  - {yaml_value(item)}" for item in value)]
    return [f"{key}: {value}"]


class _Builder:
    def __init__(self, root: Path, number: int, answers: dict[str, str | list[str]]) -> None:
        self.root = root
        self.number = number
        self.answers = answers
        self.proposal = Proposal(number, self.text("title"))
        self.venues = _names(root / "content" / "venues")
        self.partners = _names(root / "content" / "partners")

    def text(self, key: str) -> str:
        value = self.answers.get(key, "")
        return value if isinstance(value, str) else ""

    def items(self, key: str) -> list[str]:
        value = self.answers.get(key, [])
        if isinstance(value, list):
            return value
        if key in COMMA_LISTS:
            return [v for v in (one_line(p) for p in re.split(r"[,;]", value)) if v]
        return [v for v in (one_line(line).lstrip("-• ") for line in value.split("\n")) if v]

    def partner(self, answer: str) -> str:
        """The slug of a partner named in the form; a new partner file if it has none."""
        found = resolve(answer, self.partners)
        if found:
            return found
        slug = slugify(answer) or f"partenaire-proposition-{self.number}"
        path = f"content/partners/{slug}.yaml"
        if path not in self.proposal.files:
            self.proposal.files[path] = f"name: {yaml_value(answer)}\n"
            self.proposal.notes.append(
                f"Nouveau partenaire `{path}` : vérifier qu'il n'existe pas déjà sous un "
                "autre nom, et compléter son site web ou son e-mail."
            )
        return slug

    def venue(self) -> str | None:
        answer = self.text("venue")
        if answer:
            found = resolve(answer, self.venues)
            # An unknown name is written as a slug: `check` says « aucun lieu … », with the
            # closest existing one.
            return found or slugify(answer) or answer
        details = {key: self.text(form_id) for form_id, key in VENUE_ANSWERS.items()}
        if not any(details.values()):
            return None
        slug = _unique(
            slugify(f"{details['name']} {details['city']}") or f"lieu-proposition-{self.number}",
            self.venues,
        )
        lines = [f"{key}: {yaml_value(value)}" for key, value in details.items() if value]
        path = f"content/venues/{slug}.yaml"
        self.proposal.files[path] = "\n".join(lines) + "\n"
        self.proposal.notes.append(
            f"Nouveau lieu `{path}` : vérifier qu'il n'existe pas déjà, et ajouter ses "
            "coordonnées (`lat`, `lon`) pour la carte."
        )
        return slug

    def when(self, key: str) -> str | None:
        value = _french_date(one_line(self.text(key)))
        start_day = _french_date(one_line(self.text("start")))[:10]
        if key == "end" and _TIME_ONLY.match(value) and _ISO_DAY.match(start_day):
            # « Fin : 16h30 » on the day of the start: the form asks for a date, people
            # often give only the hour.
            value = f"{start_day} {_clock(value)}"
        return yaml_value(value) if value else None

    def sessions(self) -> list[str]:
        lines = []
        for item in self.items("sessions"):
            match = _SESSION.match(item)
            if not match:
                # Written as it is: `check` names the line and the expected form.
                lines += [f"  - start: {yaml_value(_french_date(item))}"]
                continue
            end_day = match["end_day"] or match["day"]
            lines += [
                f"  - start: {yaml_value(match['day'] + ' ' + _clock(match['start']))}",
                f"    end: {yaml_value(end_day + ' ' + _clock(match['end']))}",
            ]
        return ["sessions:", *lines] if lines else []

    def front_matter(self) -> list[str]:
        out: list[str] = []
        for spec in EVENT_FIELDS:
            name = spec.name
            if name in NOT_WRITTEN:
                continue
            if name == "venue":
                slug = self.venue()
                if slug is not None:
                    out.append(f"venue: {yaml_value(slug)}")
            elif name == "organizer":
                if self.text("organizer"):
                    out.append(f"organizer: {yaml_value(self.partner(self.text('organizer')))}")
            elif name == "partners":
                slugs = [self.partner(p) for p in self.items("partners")]
                if slugs:
                    out += _lines("partners", slugs)
            elif name in ("start", "end", "previous_start"):
                value = self.when(name)
                if value:
                    out.append(f"{name}: {value}")
            elif name == "sessions":
                out += self.sessions()
            elif name in LIST_FIELDS:
                slugs = _slug_list(self.items(name))
                if slugs:
                    out += _lines(name, slugs)
            elif name == "format":
                [slug] = _slug_list([self.text("format")]) if self.text("format") else [""]
                if slug:
                    out.append(f"format: {yaml_value(slug)}")
            elif name in COMMA_LISTS or name in LINE_LISTS:
                values = [_french_date(v) if name == "closed" else v for v in self.items(name)]
                if values:
                    out += _lines(name, values)
            elif name in ("age_min", "age_max"):
                value = one_line(self.text(name)).removesuffix(" ans").strip()
                if value:
                    # A plain number is written bare; anything else quoted, for `check`.
                    out.append(f"{name}: {value if value.isdigit() else yaml_value(value)}")
            else:
                value = one_line(self.text(name))
                if value:
                    out.append(f"{name}: {yaml_value(value)}")
        return out

    def event_year(self) -> int:
        for key in ("start", "sessions"):
            match = _YEAR.search(_french_date(one_line(self.text(key))))
            if match and 2000 <= int(match[1]) <= 2100:
                return int(match[1])
        return datetime.now(tz=PARIS).year

    def build(self) -> Proposal:
        proposal = self.proposal
        if not self.answers.get("consent"):
            proposal.problems.append(
                Problem(
                    "formulaire",
                    0,
                    "consent",
                    "l'accord de publication n'est pas coché.",
                    "Cochez la case « Accord » en bas du formulaire.",
                )
            )
            return proposal
        lines = self.front_matter()
        description = clean_text(self.text("description"))[:MAX_BODY].strip()
        slug = slugify(self.text("title")) or f"proposition-{self.number}"
        existing = [p.stem for p in (self.root / "content" / "events").rglob("*.md")]
        slug = _unique(slug, existing)
        proposal.event_path = f"content/events/{self.event_year()}/{slug}.md"
        proposal.files[proposal.event_path] = (
            "---\n" + "\n".join(lines) + "\n---\n" + (description + "\n" if description else "")
        )
        if self.text("image"):
            proposal.notes.append(
                "Image proposée (à télécharger dans `assets/images/`, puis à indiquer dans "
                "`image`, avec `image_alt` et `image_credit`) : voir la demande."
            )
        return proposal


def convert(root: Path, body: str, number: int) -> Proposal:
    """The issue body → the files of a proposal, validated against the site at `root`."""
    form = load_form(root)
    answers = parse_issue_body(body, form)
    proposal = _Builder(root, number, answers).build()
    proposal.labels = {f.id: f.label for f in form}
    if proposal.event_path:
        venue = answers.get("venue", "")
        venue_answer = one_line(venue) if isinstance(venue, str) else ""
        proposal.problems += [
            _unknown_venue_hint(problem, venue_answer, proposal.event_path)
            for problem in check_files(root, proposal.files)
        ]
    return proposal


def _unknown_venue_hint(problem: Problem, answer: str, event_path: str) -> Problem:
    """An unknown « Lieu déjà sur l'agenda », answered in the form's words.

    `check` speaks of content/venues/ and suggests the closest file name, which may be a
    venue in another town: say also how a venue absent from the agenda is given.
    """
    if not answer or problem.path != event_path or problem.field != "venue":
        return problem
    hint = (
        f"« {answer} » n'est pas un lieu de l'agenda (page « Lieux ») : recopiez son nom tel "
        "qu'il y figure, ou laissez « Lieu déjà sur l'agenda » vide et remplissez les "
        "réponses « Nouveau lieu » (nom, rue, code postal, commune)."
    )
    return replace(problem, hint=f"{hint} {problem.hint}".strip())


def check_files(root: Path, files: dict[str, str]) -> list[Problem]:
    """`check` on a copy of the site with `files` added: the problems of those files."""
    with tempfile.TemporaryDirectory(prefix="proposition-") as tmp:
        copy = Path(tmp) / "site"
        copy.mkdir()
        for name in ("content", "assets"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, symlinks=True)
        shutil.copy2(root / "site_config.yaml", copy / "site_config.yaml")
        for path, text in files.items():
            target = copy / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            result = check_site(copy)
        except ContentError as error:  # the site's own configuration is broken
            return list(error.problems)
    return [p for p in result.problems if p.path in files]


# --- the comment --------------------------------------------------------------------------


def _fence(text: str) -> str:
    ticks = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, ticks + 1)
    return f"{fence}text\n{text}\n{fence}"


def _answer_id(proposal: Proposal, problem: Problem) -> str:
    """The form answer a problem comes from ("" when no single answer made it).

    Field names repeat across files (`name`, `postal_code`…): the file says which answer.
    A new partner's file is made from « Organisateur » or « Autres partenaires »: no
    single answer to point to.
    """
    if problem.path.startswith("content/venues/"):
        return VENUE_FIELD_ANSWERS.get(problem.field, "")
    if problem.path in (proposal.event_path, "formulaire"):
        return problem.field
    return ""


def comment(proposal: Proposal) -> str:
    """The French Markdown comment posted on the issue."""
    branch = f"proposition/{proposal.number}"
    errors = [p for p in proposal.problems if p.is_error]
    if proposal.ok:
        text = [
            "✅ **Proposition reçue et vérifiée.** La fiche "
            f"`{proposal.event_path}` passe la vérification de l'agenda.",
            "",
            f"Elle attend la relecture de l'équipe de l'agenda dans une pull request "
            f"(branche `{branch}`), liée à cette demande ; celle-ci sera fermée à la "
            "publication. Pour changer une réponse, modifiez cette demande : la fiche sera "
            "refaite.",
        ]
        warnings = [p for p in proposal.problems if not p.is_error]
        if warnings:
            text += ["", "Remarques, sans empêcher la publication :", ""]
            text.append(_fence(format_text(warnings)))
        return "\n".join(text) + "\n"
    answers = []
    for problem in errors:
        label = proposal.labels.get(_answer_id(proposal, problem), "")
        if label and f"« {label} »" not in answers:
            answers.append(f"« {label} »")
    text = [
        "❌ **La proposition ne peut pas encore être publiée** : "
        + summary_line(proposal.problems).split(" : ")[0]
        + ".",
        "",
    ]
    if answers:
        text += ["Réponses à corriger : " + ", ".join(answers) + ".", ""]
    text += [
        "Modifiez cette demande (menu « ··· » en haut à droite → « Edit ») : la fiche sera "
        "refaite et vérifiée de nouveau. Le détail, tel que le donne la vérification "
        "(fichier:ligne: champ — problème. correction) :",
        "",
        _fence(format_text(proposal.problems)),
    ]
    return "\n".join(text) + "\n"


def pull_request_body(proposal: Proposal) -> str:
    """The pull request's description, for the maintainers."""
    lines = [
        f"Fiche créée depuis la demande #{proposal.number} (formulaire « Proposer un "
        "événement »), vérifiée par `agenda/proposal.py`.",
        "",
        f"Closes #{proposal.number}",
        "",
        "Fichiers :",
        *(f"- `{path}`" for path in proposal.files),
    ]
    if proposal.notes:
        lines += ["", "À faire avant de fusionner :", *(f"- {note}" for note in proposal.notes)]
    lines += [
        "",
        "Une pull request ouverte par le robot du dépôt ne déclenche pas la vérification "
        "habituelle : fermez-la puis rouvrez-la (ou poussez un commit) pour la lancer.",
    ]
    return "\n".join(lines) + "\n"


def pull_request_title(proposal: Proposal) -> str:
    title = one_line(proposal.title)
    return (f"Proposition #{proposal.number}" + (f" : {title}" if title else ""))[:200]


# --- command line ---------------------------------------------------------------------------


def write_outputs(proposal: Proposal, out: Path) -> None:
    """The files (under out/files/), comment.md, pr-title.txt and pr-body.md."""
    for path, text in proposal.files.items():
        # The paths are built from slugs; checked again before anything is written.
        if not _SAFE_PATH.fullmatch(path):
            raise ValueError(f"chemin inattendu : {path}")
        target = out / "files" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / "comment.md").write_text(comment(proposal), encoding="utf-8")
    (out / "pr-title.txt").write_text(pull_request_title(proposal), encoding="utf-8")
    (out / "pr-body.md").write_text(pull_request_body(proposal), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m agenda.proposal",
        description="Transforme une demande « Proposer un événement » en fiche vérifiée.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--issue-body", type=Path, help="le texte de la demande (Markdown)")
    source.add_argument("--event", type=Path, help="l'événement GitHub ($GITHUB_EVENT_PATH)")
    parser.add_argument("--number", type=int, help="le numéro de la demande")
    parser.add_argument("--root", type=Path, default=Path(), help="la racine du site")
    parser.add_argument("--out-comment", type=Path, help="où écrire le commentaire")
    parser.add_argument("--out", type=Path, help="dossier des fichiers, du titre et du texte")
    parser.add_argument("--github-output", type=Path, help="$GITHUB_OUTPUT : ok=true|false")
    args = parser.parse_args(argv)
    if args.event:
        issue: dict[str, Any] = json.loads(args.event.read_text(encoding="utf-8"))["issue"]
        body, number = issue.get("body") or "", int(issue["number"])
    else:
        body, number = args.issue_body.read_text(encoding="utf-8"), args.number
        if number is None:
            parser.error("--number est obligatoire avec --issue-body")
    proposal = convert(args.root, body, number)
    if args.out:
        write_outputs(proposal, args.out)
    text = comment(proposal)
    if args.out_comment:
        args.out_comment.write_text(text, encoding="utf-8")
    if args.github_output:
        with args.github_output.open("a", encoding="utf-8") as output:
            output.write(f"ok={'true' if proposal.ok else 'false'}\n")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
