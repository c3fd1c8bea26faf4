"""Reading content files: every value kept as written, with the file's own line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.errors import Problem, Severity
from agenda.pipeline import check_site
from agenda.sources import (
    Mapping,
    Scalar,
    Sequence,
    content_files,
    parse_yaml_mapping,
    read_all,
    read_record,
    split_front_matter,
)


def read(site, relative: str, kind: str) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    record = read_record(kind, site.root / relative, site.root, problems)
    return record, problems


def scalar_text(record, name: str) -> str:
    value = record.fields[name].value
    assert isinstance(value, Scalar)
    return value.text


# Values are the text the partner wrote ------------------------------------------------


def test_postal_code_with_leading_zero_stays_text(site):
    site.venue(
        "salle-gap",
        """
        name: Salle
        address: 1 rue
        postal_code: 05100
        city: Briançon
        departement: 08
        """,
    )
    record, problems = read(site, "content/venues/salle-gap.yaml", "venue")
    assert problems == []
    assert scalar_text(record, "postal_code") == "05100"
    assert scalar_text(record, "departement") == "08"


def test_yes_no_words_and_dates_are_not_converted(site):
    path = site.event(
        "atelier",
        """
        title: Atelier
        price: no
        start: 2025-10-04
        end: 2025-10-05 14:00
        age_min: 08
        registration: yes
        tags: [on, off, 1.50]
        """,
    )
    record, problems = read(site, path.relative_to(site.root).as_posix(), "event")
    assert problems == []
    assert scalar_text(record, "price") == "no"
    assert scalar_text(record, "registration") == "yes"
    assert scalar_text(record, "start") == "2025-10-04"
    assert scalar_text(record, "end") == "2025-10-05 14:00"
    assert scalar_text(record, "age_min") == "08"
    tags = record.fields["tags"].value
    assert isinstance(tags, Sequence)
    assert [item.text for item in tags.items] == ["on", "off", "1.50"]


def test_sexagesimal_looking_time_stays_text():
    problems: list[Problem] = []
    fields = parse_yaml_mapping("end: 16:30\n", "x.yaml", problems)
    assert problems == []
    assert fields["end"].value == Scalar("16:30", 1)


def test_quoted_text_loses_its_quotes_but_keeps_spaces():
    problems: list[Problem] = []
    fields = parse_yaml_mapping('title: "  L\'atelier : robots  "\n', "x.yaml", problems)
    assert fields["title"].value.text == "  L'atelier : robots  "


def test_empty_null_quoted_empty_and_empty_list_all_mean_not_filled():
    # Decap CMS writes an emptied field as "" and an emptied list as []: not filled in.
    problems: list[Problem] = []
    blanks: dict[str, int] = {}
    fields = parse_yaml_mapping(
        'a:\nb: ~\nc: null\nd: ""\ne: []\nf: x\n', "x.yaml", problems, blanks=blanks
    )
    assert problems == []
    assert set(fields) == {"f"}
    assert blanks == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}


def test_nested_values_keep_their_shape_and_lines():
    problems: list[Problem] = []
    text = 'sessions:\n  - id: s1\n    start: "2025-10-04 10:00"\n  - start: x\n'
    fields = parse_yaml_mapping(text, "x.yaml", problems)
    sessions = fields["sessions"].value
    assert isinstance(sessions, Sequence)
    first, second = sessions.items
    assert isinstance(first, Mapping)
    assert first.fields["id"].line == 2
    assert first.fields["start"].line == 3
    assert first.fields["start"].value == Scalar("2025-10-04 10:00", 3)
    assert second.fields["start"].line == 4


# Line numbers ------------------------------------------------------------------------


def test_front_matter_lines_are_the_files_own_lines(site):
    path = site.event(
        "atelier",
        """
        title: Atelier
        organizer: p
        venue: v
        start: 2025-10-04 14:00
        end: 2025-10-04 16:00
        format: atelier
        themes:
          - mathematiques
        """,
        body="Ligne du corps.\n",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[6] == "format: atelier"  # file line 7
    record, problems = read(site, "content/events/atelier.md", "event")
    assert problems == []
    assert record.fields["title"].line == 2
    assert record.fields["format"].line == 7
    assert record.fields["format"].value.line == 7
    assert record.fields["themes"].value.items[0].line == 9
    assert record.body == "Ligne du corps.\n"
    assert record.body_line == 11


def test_yaml_file_lines_start_at_one(site):
    site.partner("p", '# commentaire\nname: "P"\nurl: "https://example.org"\n')
    record, problems = read(site, "content/partners/p.yaml", "partner")
    assert problems == []
    assert record.fields["name"].line == 2
    assert record.fields["url"].line == 3
    assert record.kind == "partner"
    assert record.slug == "p"
    assert record.path == "content/partners/p.yaml"


def test_event_validation_error_points_at_line_seven(site):
    """End to end: a field on line 7 of an event is reported at line 7."""
    site.partner("p")
    site.venue("v")
    site.event(
        "atelier",
        """
        title: Atelier
        organizer: p
        venue: v
        start: 2025-10-04 14:00
        end: 2025-10-04 16:00
        format: origami
        """,
    )
    problems = check_site(site.root).problems
    [problem] = problems
    assert (problem.path, problem.line, problem.field) == ("content/events/atelier.md", 7, "format")


# Repeated keys, malformed YAML, front matter ------------------------------------------


def test_repeated_key_in_yaml_file_is_reported_with_both_lines(site):
    site.venue("v", 'name: "Salle"\naddress: 1 rue\nname: "Autre"\n')
    record, problems = read(site, "content/venues/v.yaml", "venue")
    [problem] = problems
    assert (problem.path, problem.line, problem.field) == ("content/venues/v.yaml", 3, "name")
    assert "ligne 1" in problem.message
    assert problem.hint
    assert problem.is_error
    assert scalar_text(record, "name") == "Salle"


def test_repeated_key_in_front_matter_is_reported_with_both_lines(site):
    site.write(
        "content/events/atelier.md",
        """
        ---
        title: Atelier
        organizer: p
        title: Autre titre
        ---
        """,
    )
    record, problems = read(site, "content/events/atelier.md", "event")
    [problem] = problems
    assert problem.path == "content/events/atelier.md"
    assert problem.line == 4
    assert problem.field == "title"
    assert "ligne 2" in problem.message
    assert problem.hint
    assert problem.is_error
    # The first value is the one kept.
    assert scalar_text(record, "title") == "Atelier"


def test_repeated_key_inside_a_session_is_qualified(site):
    text = 'sessions:\n  - start: "2025-10-04 10:00"\n    start: "2025-10-04 11:00"\n'
    problems: list[Problem] = []
    parse_yaml_mapping(text, "x.yaml", problems)
    [problem] = problems
    assert problem.field == "sessions.start"
    assert problem.line == 3
    assert "ligne 2" in problem.message


def test_list_used_as_a_key_in_front_matter_is_reported_at_its_line(site):
    site.write("content/events/atelier.md", "---\ntitle: Atelier\n[a, b]: x\n---\n")
    _, problems = read(site, "content/events/atelier.md", "event")
    [problem] = problems
    assert "simple mot" in problem.message
    assert problem.line == 3


def test_malformed_yaml_is_reported_at_its_file_line(site):
    site.write(
        "content/events/atelier.md",
        """
        ---
        title: Atelier
        organizer: p
          venue: v
        ---
        """,
    )
    record, problems = read(site, "content/events/atelier.md", "event")
    assert record is None
    [problem] = problems
    assert problem.path == "content/events/atelier.md"
    assert problem.line == 4
    assert "YAML" in problem.message
    assert problem.hint
    assert problem.is_error


def test_malformed_yaml_in_a_venue_file(site):
    site.venue("v", 'name: "Salle\naddress: 1 rue\n')
    record, problems = read(site, "content/venues/v.yaml", "venue")
    assert record is None
    [problem] = problems
    assert problem.path == "content/venues/v.yaml"
    assert problem.line >= 1
    assert "YAML" in problem.message


def test_unclosed_flow_list_line(site):
    site.write(
        "content/events/atelier.md",
        """
        ---
        title: Atelier
        organizer: p
        themes: [mathematiques, physique-chimie
        ---
        """,
    )
    _, problems = read(site, "content/events/atelier.md", "event")
    [problem] = problems
    # The list opens on line 4; the parser notices at the end of the front matter.
    assert 4 <= problem.line <= 5


def test_missing_closing_dashes(site):
    site.write("content/events/atelier.md", "---\ntitle: Atelier\norganizer: p\n\nDescription.\n")
    record, problems = read(site, "content/events/atelier.md", "event")
    assert record is None
    [problem] = problems
    assert problem.line == 1
    assert "---" in problem.message
    assert "---" in problem.hint


def test_file_not_starting_with_dashes(site):
    site.write("content/events/atelier.md", "title: Atelier\n---\nDescription.\n")
    record, problems = read(site, "content/events/atelier.md", "event")
    assert record is None
    [problem] = problems
    assert (problem.path, problem.line) == ("content/events/atelier.md", 1)
    assert "ne commence pas" in problem.message
    assert problem.hint


def test_empty_event_file(site):
    site.write("content/events/vide.md", "")
    record, problems = read(site, "content/events/vide.md", "event")
    assert record is None
    assert len(problems) == 1


def test_front_matter_that_is_a_list(site):
    site.write("content/events/liste.md", "---\n- a\n- b\n---\n")
    record, problems = read(site, "content/events/liste.md", "event")
    assert record is None
    [problem] = problems
    assert problem.line == 2
    assert "nom: valeur" in problem.message


def test_split_front_matter_accepts_dots_as_closing_line():
    problems: list[Problem] = []
    parts = split_front_matter("---\ntitle: A\n...\nCorps\n", "x.md", problems)
    assert parts == ("title: A\n", 1, "Corps\n", 4)
    assert problems == []


def test_body_may_contain_a_horizontal_rule(site):
    site.write("content/events/a.md", "---\ntitle: A\n---\nUn\n\n---\n\nDeux\n")
    record, problems = read(site, "content/events/a.md", "event")
    assert problems == []
    assert record.body == "Un\n\n---\n\nDeux\n"


# Encodings ---------------------------------------------------------------------------


def test_non_utf8_file_is_an_error(site):
    path = site.root / "content/venues/latin.yaml"
    path.write_bytes("name: Médiathèque\n".encode("latin-1"))
    record, problems = read(site, "content/venues/latin.yaml", "venue")
    assert record is None
    [problem] = problems
    assert problem.path == "content/venues/latin.yaml"
    assert problem.is_error
    assert "UTF-8" in problem.message
    assert "UTF-8" in problem.hint


def test_bom_is_tolerated_in_markdown_and_yaml(site):
    (site.root / "content/events/bom.md").write_bytes(
        "\ufeff---\ntitle: Été\n---\nCorps\n".encode()
    )
    (site.root / "content/partners/bom.yaml").write_bytes("\ufeffname: Été\n".encode())
    event, problems = read(site, "content/events/bom.md", "event")
    assert problems == []
    assert scalar_text(event, "title") == "Été"
    assert event.fields["title"].line == 2
    partner, problems = read(site, "content/partners/bom.yaml", "partner")
    assert problems == []
    assert scalar_text(partner, "name") == "Été"
    assert "\ufeffname" not in partner.fields


def test_windows_line_endings(site):
    (site.root / "content/events/crlf.md").write_bytes(
        b"---\r\ntitle: Atelier\r\norganizer: p\r\n---\r\nCorps\r\n"
    )
    record, problems = read(site, "content/events/crlf.md", "event")
    assert problems == []
    assert scalar_text(record, "title") == "Atelier"
    assert record.fields["organizer"].line == 3


# Which files are read ----------------------------------------------------------------


def test_events_in_sub_folders_are_found_sorted(site):
    site.write("content/events/2026/b.md", "---\ntitle: B\n---\n")
    site.write("content/events/2025/z.md", "---\ntitle: Z\n---\n")
    site.write("content/events/a.md", "---\ntitle: A\n---\n")
    site.write("content/events/.cache.md", "---\ntitle: caché\n---\n")
    files = content_files(site.root / "content", "event")
    names = [f.relative_to(site.root).as_posix() for f in files]
    assert names == [
        "content/events/2025/z.md",
        "content/events/2026/b.md",
        "content/events/a.md",
    ]


def test_yml_extension_is_accepted_for_partners_and_venues(site):
    site.write("content/partners/p.yml", "name: P\n")
    problems: list[Problem] = []
    records = read_all(site.root / "content", site.root, problems)
    assert [(r.kind, r.slug) for r in records] == [("partner", "p")]
    assert problems == []


@pytest.mark.parametrize(
    ("relative", "renamed"),
    [
        ("content/events/atelier.txt", "atelier.md"),
        ("content/events/2025/atelier.markdown", "atelier.md"),
        ("content/venues/salle.json", "salle.yaml"),
        ("content/partners/p.txt", "p.yaml"),
    ],
)
def test_stray_files_are_warnings(site, relative, renamed):
    site.write(relative, "title: x\n")
    problems: list[Problem] = []
    records = read_all(site.root / "content", site.root, problems)
    assert records == []
    [problem] = problems
    assert problem.path == relative
    assert problem.severity is Severity.WARNING
    assert "ignoré" in problem.message
    assert renamed in problem.hint


def test_images_beside_events_are_not_stray(site):
    site.write("content/events/2025/photo.JPG", "x")
    site.write("content/events/2025/schema.svg", "<svg/>")
    problems: list[Problem] = []
    read_all(site.root / "content", site.root, problems)
    assert problems == []


def test_stray_file_does_not_stop_the_check(site):
    site.write("content/events/notes.txt", "brouillon\n")
    result = check_site(site.root)
    assert result.ok
    [problem] = result.problems
    assert problem.severity is Severity.WARNING


def test_read_all_reads_every_kind(site):
    site.partner("p")
    site.venue("v")
    site.event("e", "title: E")
    problems: list[Problem] = []
    records = read_all(site.root / "content", site.root, problems)
    assert [(r.kind, r.slug, r.path) for r in records] == [
        ("partner", "p", "content/partners/p.yaml"),
        ("venue", "v", "content/venues/v.yaml"),
        ("event", "e", "content/events/e.md"),
    ]


def test_missing_content_folder_is_no_crash(tmp_path: Path):
    problems: list[Problem] = []
    assert read_all(tmp_path / "content", tmp_path, problems) == []
    assert problems == []


def test_hidden_files_are_not_warned_about(site):
    site.write("content/events/.DS_Store", "x")
    site.write("content/venues/.gitkeep", "")
    problems: list[Problem] = []
    read_all(site.root / "content", site.root, problems)
    assert problems == []


def test_venue_in_a_sub_folder_is_not_silently_ignored(site):
    site.write("content/venues/vosges/salle.yaml", 'name: "Salle"\n')
    problems: list[Problem] = []
    records = read_all(site.root / "content", site.root, problems)
    assert records or any(p.path == "content/venues/vosges/salle.yaml" for p in problems)
