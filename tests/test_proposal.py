"""The issue form « Proposer un événement » → an event file that `check` accepts.

Issue bodies are written here as GitHub writes them, from the form's own YAML (its
labels and options), so a renamed label or a new answer is tested as it will arrive.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from agenda import proposal
from agenda.pipeline import check_site
from tests.conftest import REPO

FORM = yaml.safe_load((REPO / proposal.FORM).read_text(encoding="utf-8"))
CONSENT = FORM["body"][-1]["attributes"]["options"][0]["label"]


def option(element_id: str, slug: str) -> str:
    """The form's option « Libellé (slug) » of one answer."""
    [element] = [e for e in FORM["body"] if e.get("id") == element_id]
    options = element["attributes"]["options"]
    texts = [o["label"] if isinstance(o, dict) else o for o in options]
    [found] = [t for t in texts if t.endswith(f"({slug})")]
    return found


def issue_body(answers: dict[str, Any]) -> str:
    """The body GitHub writes for an issue form: ### label, blank line, answer."""
    parts = []
    for element in FORM["body"]:
        if "id" not in element:
            continue
        label = element["attributes"]["label"]
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            chosen = value or []
            lines = [
                f"- [{'X' if o['label'] in chosen else ' '}] {o['label']}"
                for o in element["attributes"]["options"]
            ]
            text = "\n".join(lines)
        else:
            text = value if value else "_No response_"
        parts.append(f"### {label}\n\n{text}")
    return "\n\n".join(parts)


GOOD = {
    "title": "Atelier robots : programme ton premier robot",
    "summary": "Un atelier pour découvrir la programmation.",
    "organizer": "Les Étoiles vosgiennes, club d'astronomie",
    "partners": "la-nef-des-sciences",
    "venue": "bmi-epinal",
    "start": "2027-03-13 14:00",
    "end": "2027-03-13 16:30",
    "themes": [option("themes", "numerique-robotique"), option("themes", "mathematiques")],
    "format": option("format", "atelier"),
    "audience": [option("audience", "familles")],
    "age_min": "8",
    "age_max": "12",
    "price": "gratuit",
    "registration": "https://www.example.org/inscription",
    "accessibility": [option("accessibility", "moteur")],
    "accessibility_notes": "Traduit en LSF",
    "description": "Les enfants **assemblent** un petit robot.\n\nSur inscription.",
    "tags": "robotique, programmation",
    "contact": "personne@example.org",
    "consent": [CONSENT],
}


def convert(**changes: Any) -> proposal.Proposal:
    return proposal.convert(REPO, issue_body({**GOOD, **changes}), 42)


def front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def errors(result: proposal.Proposal) -> set[str]:
    return {p.field for p in result.problems if p.is_error}


# --- reading the body -----------------------------------------------------------------------


def test_body_sections_map_to_the_form_ids():
    form = proposal.load_form(REPO)
    answers = proposal.parse_issue_body(issue_body(GOOD), form)
    assert answers["title"] == GOOD["title"]
    assert answers["themes"] == GOOD["themes"]
    assert answers["consent"] == [CONSENT]
    assert "online" not in answers  # _No response_
    assert answers["description"] == GOOD["description"]


def test_a_heading_inside_the_description_stays_in_the_description():
    description = "Intro.\n\n### Titre de l'événement\n\nUn faux titre.\n\n### Programme\n\nx"
    answers = proposal.parse_issue_body(
        issue_body({**GOOD, "description": description}), proposal.load_form(REPO)
    )
    assert answers["title"] == GOOD["title"]
    assert answers["description"] == description


# --- a good proposal ----------------------------------------------------------------------------


def test_a_good_proposal_passes_check(tmp_path: Path):
    result = convert()
    assert result.ok, proposal.comment(result)
    assert result.event_path == (
        "content/events/2027/atelier-robots-programme-ton-premier-robot.md"
    )
    text = result.files[result.event_path]
    assert front_matter(text) == {
        "title": GOOD["title"],
        "summary": GOOD["summary"],
        "venue": "bmi-epinal",
        "organizer": "etoiles-vosgiennes",  # found by its name
        "partners": ["la-nef-des-sciences"],
        "start": "2027-03-13 14:00",
        "end": "2027-03-13 16:30",
        "themes": ["numerique-robotique", "mathematiques"],
        "format": "atelier",
        "audience": ["familles"],
        "age_min": 8,
        "age_max": 12,
        "price": "gratuit",
        "registration": "https://www.example.org/inscription",
        "accessibility": ["moteur"],
        "accessibility_notes": "Traduit en LSF",
        "tags": ["robotique", "programmation"],
    }
    assert text.endswith("---\n" + GOOD["description"] + "\n")
    assert "personne@example.org" not in text  # the contact is never published
    # Independently of proposal.check_files: the repository with the file added.
    site = tmp_path / "site"
    for name in ("content", "assets"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "site_config.yaml", site / "site_config.yaml")
    (site / result.event_path).write_text(text, encoding="utf-8")
    checked = check_site(site)
    assert [p for p in checked.problems if p.is_error] == []
    assert checked.content is not None
    [event] = [e for e in checked.content.events if e.slug == Path(result.event_path).stem]
    assert event.start.isoformat() == "2027-03-13T14:00:00+01:00"
    assert "<strong>assemblent</strong>" in event.description_html


def test_the_comment_says_it_passed():
    result = convert()
    text = proposal.comment(result)
    assert text.startswith("✅ ")
    assert f"`{result.event_path}`" in text and "`proposition/42`" in text
    body = proposal.pull_request_body(result)
    assert "Closes #42" in body and result.event_path in body
    assert proposal.pull_request_title(result) == f"Proposition #42 : {GOOD['title']}"


def test_the_file_goes_under_the_year_of_the_event_with_a_unique_name():
    result = convert(start="2028-01-05 10:00", end="")
    assert result.event_path.startswith("content/events/2028/")
    existing = next((REPO / "content" / "events").rglob("*.md"))
    title = front_matter(existing.read_text(encoding="utf-8"))["title"]
    if proposal.slugify(title) == existing.stem:
        assert convert(title=title).event_path.endswith(f"/{existing.stem}-2.md")


def test_a_french_date_is_rewritten_and_sessions_are_read():
    result = convert(start="13/03/2027 14h00", end="13/03/2027 16h30")
    assert result.ok, proposal.comment(result)
    assert front_matter(result.files[result.event_path])["start"] == "2027-03-13 14:00"
    result = convert(
        start="", end="", sessions="2027-03-13 10:00 – 12:00\n2027-03-20 10h00 - 12h00"
    )
    assert result.ok, proposal.comment(result)
    assert result.event_path.startswith("content/events/2027/")
    assert front_matter(result.files[result.event_path])["sessions"] == [
        {"start": "2027-03-13 10:00", "end": "2027-03-13 12:00"},
        {"start": "2027-03-20 10:00", "end": "2027-03-20 12:00"},
    ]


def test_a_new_venue_and_a_new_partner_get_their_own_files():
    result = convert(
        venue="",
        venue_name="Salle des fêtes",
        venue_address="1 rue de la Mairie",
        venue_postal_code="08090",
        venue_city="Montcy-Notre-Dame",
        venue_access="Bus ligne 3",
        partners="La Nef des sciences, Association Nouvelle",
    )
    assert result.ok, proposal.comment(result)
    venue = "content/venues/salle-des-fetes-montcy-notre-dame.yaml"
    assert yaml.safe_load(result.files[venue]) == {
        "name": "Salle des fêtes",
        "address": "1 rue de la Mairie",
        "postal_code": "08090",  # a string: quoted
        "city": "Montcy-Notre-Dame",
        "access": "Bus ligne 3",
    }
    assert yaml.safe_load(result.files["content/partners/association-nouvelle.yaml"]) == {
        "name": "Association Nouvelle"
    }
    matter = front_matter(result.files[result.event_path])
    assert matter["venue"] == "salle-des-fetes-montcy-notre-dame"
    assert matter["partners"] == ["la-nef-des-sciences", "association-nouvelle"]
    assert any("Nouveau lieu" in note for note in result.notes)


# --- bad input ------------------------------------------------------------------------------------


def test_a_missing_title_is_reported_on_the_title():
    result = convert(title="")
    assert not result.ok
    assert "title" in errors(result)
    assert result.event_path == "content/events/2027/proposition-42.md"
    text = proposal.comment(result)
    assert text.startswith("❌ ")
    assert "« Titre de l'événement »" in text
    assert "title — " in text  # the line `check` prints: file:line: field — message


def test_a_date_in_another_form_is_reported_with_the_expected_form():
    result = convert(start="samedi 13 mars 2027 à 14 h", end="")
    assert not result.ok
    assert errors(result) == {"start"}
    text = proposal.comment(result)
    assert "« Début »" in text and "2027-03-13" in text


def test_an_unknown_venue_is_reported_with_a_suggestion():
    result = convert(venue="bmi-epinall")
    assert errors(result) == {"venue"}
    assert "bmi-epinal" in proposal.comment(result)


def test_an_end_given_as_an_hour_is_on_the_day_of_the_start():
    result = convert(start="13/03/2027 14h", end="16h30")
    assert result.ok
    head = front_matter(result.files[result.event_path])
    assert (head["start"], head["end"]) == ("2027-03-13 14:00", "2027-03-13 16:30")


def test_a_venue_absent_from_the_agenda_points_to_the_new_venue_answers():
    result = convert(venue="Médiathèque de Bruyère")
    assert errors(result) == {"venue"}
    [problem] = result.problems
    assert problem.hint.startswith("« Médiathèque de Bruyère » n'est pas un lieu de l'agenda")
    assert "« Nouveau lieu »" in proposal.comment(result)


def test_a_mistake_in_the_new_venue_names_the_venue_answer():
    result = convert(
        venue="",
        venue_name="Médiathèque de Bruyères",
        venue_address="4 rue Joseph Claudel",
        venue_postal_code="88 600",
        venue_city="Bruyères",
    )
    assert errors(result) == {"postal_code"}
    text = proposal.comment(result)
    assert "Réponses à corriger : « Nouveau lieu — code postal »." in text


def test_without_consent_no_file_is_written():
    result = convert(consent=[])
    assert result.files == {} and not result.ok
    assert errors(result) == {"consent"}
    assert "« Accord »" in proposal.comment(result)


@pytest.mark.parametrize(
    "hostile",
    [
        '"\n---\nevil: 1',
        "x\n---\nevil: 1\n---",
        "&a",
        "*a",
        "!!python/object:os.system",
        "!!python/object/apply:os.system ['echo']",
        "Atelier : robots # dès 8 ans",
        "{evil: 1}",
        "[1, 2]",
        "- evil",
        "'quoted' \"both\" \\ backslash",
        "tab\there\u2028line\x85next\x00nul\ufeff",
        "no",
        "~",
        "% directive",
        "@mention `code`",
    ],
)
def test_no_answer_can_change_the_structure_of_the_file(hostile):
    result = convert(
        title=hostile,
        summary=hostile,
        price=hostile,
        accessibility_notes=hostile,
        registration=hostile,
        tags=hostile,
        age_min=hostile,
        description=hostile,
    )
    text = result.files[result.event_path]
    matter = front_matter(text)
    assert set(matter) <= {spec.name for spec in proposal.EVENT_FIELDS}
    assert "evil" not in matter
    expected = proposal.one_line(hostile)
    for key in ("title", "summary", "price", "accessibility_notes", "registration"):
        if expected:
            assert matter[key] == expected, key
    assert all(isinstance(tag, str) for tag in matter.get("tags", []))
    # The front matter is exactly the lines written: one per value, nothing else.
    head = text[4:].partition("\n---\n")[0]
    assert all(re.match(r"^(?:[a-z_]+:(?: .*)?|  - .*)$", line) for line in head.split("\n"))
    # The description is below the front matter, whatever it holds.
    assert text.count("\n---\n") >= 1 and text.index("\n---\n") == len(head) + 4
    # `check` reads it without any YAML error (only field rules may complain).
    problems = proposal.check_files(REPO, result.files)
    assert not [p for p in problems if "YAML" in p.message or p.field == ""], problems


def test_the_comment_cannot_be_broken_out_of_its_code_block():
    result = convert(venue="```\n@everyone", start="``` x", end="")
    text = proposal.comment(result)
    fence = re.search(r"^(`{3,})text$", text, flags=re.MULTILINE)
    assert fence is not None
    block = text[fence.end() :]
    assert block.count("\n" + fence[1] + "\n") + block.endswith(fence[1] + "\n") >= 1
    inner = block.split("\n" + fence[1])[0]
    assert fence[1] not in inner


def test_the_slug_is_safe_whatever_the_title():
    assert proposal.slugify("Atelier robots : l'été ! #1") == "atelier-robots-l-ete-1"
    assert proposal.slugify("../../etc/passwd") == "etc-passwd"
    assert proposal.slugify("日本語") == ""
    long = proposal.slugify("mot " * 40)
    assert len(long) <= proposal.MAX_SLUG and not long.endswith("-")
    assert convert(title="日本語").event_path == "content/events/2027/proposition-42.md"


# --- command line ----------------------------------------------------------------------------------


def test_command_line_with_an_issue_body(tmp_path: Path, capsys):
    body = tmp_path / "body.md"
    body.write_text(issue_body(GOOD), encoding="utf-8")
    out_comment = tmp_path / "comment.md"
    code = proposal.main(
        [
            "--issue-body",
            str(body),
            "--number",
            "42",
            "--root",
            str(REPO),
            "--out-comment",
            str(out_comment),
        ]
    )
    assert code == 0
    assert out_comment.read_text(encoding="utf-8").startswith("✅ ")
    assert capsys.readouterr().out.startswith("✅ ")


def test_command_line_with_the_github_event(tmp_path: Path):
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"issue": {"number": 7, "body": issue_body({**GOOD, "title": ""})}}),
        encoding="utf-8",
    )
    output = tmp_path / "github_output"
    out = tmp_path / "proposition"
    arguments = ["--event", str(event), "--root", str(REPO), "--out", str(out)]
    code = proposal.main([*arguments, "--github-output", str(output)])
    assert code == 0  # a proposal to fix is an answer, not a failed workflow
    assert output.read_text(encoding="utf-8") == "ok=false\n"
    assert (out / "comment.md").read_text(encoding="utf-8").startswith("❌ ")
    assert (out / "files" / "content/events/2027/proposition-7.md").is_file()
    assert (out / "pr-title.txt").read_text(encoding="utf-8") == "Proposition #7"
