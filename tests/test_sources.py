"""Reading content files: every value kept as written, with the file's own line numbers."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from agenda.errors import Problem, Severity
from agenda.pipeline import check_site
from agenda.sources import (
    Mapping,
    Scalar,
    Sequence,
    content_files,
    content_tree,
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
    assert "plus décalée vers la droite que la ligne 3" in problem.message
    assert "« organizer: »" in problem.hint
    assert problem.is_error


def test_malformed_yaml_in_a_venue_file(site):
    site.venue("v", 'name: "Salle\naddress: 1 rue\n')
    record, problems = read(site, "content/venues/v.yaml", "venue")
    assert record is None
    [problem] = problems
    assert problem.path == "content/venues/v.yaml"
    assert problem.line == 1
    assert "jamais fermé" in problem.message
    assert 'name: "Salle"' in problem.hint


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


def test_the_content_tree_lists_paths_from_the_root(site):
    site.partner("p")
    site.event("e", "title: E")
    site.write("content/events/2025/photo.svg", "<svg/>")
    site.write("content/.obsidian/notes.md", "x")
    site.write("content/lieux/salle.yaml", "name: S\n")
    tree = content_tree(site.root / "content", site.root)
    assert tree.files == {
        "partner": ["content/partners/p.yaml"],
        "venue": [],
        "event": ["content/events/e.md"],
    }
    # Every plain file, records or not: the SVGs among them are checked as published.
    assert "content/events/2025/photo.svg" in tree.listed
    assert "content/.obsidian/notes.md" in tree.listed
    [problem] = tree.problems
    assert problem.path == "content/lieux"
    assert "content/venues/" in problem.hint


def test_yml_extension_is_accepted_for_partners_and_venues(site):
    site.write("content/partners/p.yml", "name: P\n")
    site.event("e", "title: E")
    problems: list[Problem] = []
    records = read_all(site.root / "content", site.root, problems)
    assert [(r.kind, r.slug) for r in records] == [("partner", "p"), ("event", "e")]
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
def test_stray_files_are_errors(site, relative, renamed):
    # A partner's record silently left out is what we prevent: an error, not a warning.
    site.event("e", "title: E")
    site.write(relative, "title: x\n")
    problems: list[Problem] = []
    read_all(site.root / "content", site.root, problems)
    [problem] = problems
    assert problem.path == relative
    assert problem.is_error
    assert "ne serait pas publié" in problem.message
    assert renamed in problem.hint


def test_images_beside_events_are_not_stray(site):
    site.event("e", "title: E")
    site.write("content/events/2025/photo.JPG", "x")
    site.write("content/events/2025/schema.svg", "<svg/>")
    problems: list[Problem] = []
    read_all(site.root / "content", site.root, problems)
    assert problems == []


def test_stray_file_stops_the_check(site):
    site.write("content/events/notes.txt", "brouillon\n")
    result = check_site(site.root)
    assert not result.ok
    assert any(p.path == "content/events/notes.txt" and p.is_error for p in result.problems)


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


def test_missing_content_folder_is_an_error_not_a_crash(tmp_path: Path):
    problems: list[Problem] = []
    assert read_all(tmp_path / "content", tmp_path, problems) == []
    [problem] = problems
    assert (problem.path, problem.line) == ("content/events", 0)
    assert "aucun événement trouvé dans content/events/" in problem.message
    assert "rien n'a été publié" in problem.message
    assert problem.is_error


def test_hidden_files_are_not_warned_about(site):
    site.event("e", "title: E")
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


# Hostile YAML: bombs, anchors, tags, nesting ------------------------------------------

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    + "title: *i\n"
)


def parse(text: str, offset: int = 0) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    fields = parse_yaml_mapping(text, "x.yaml", problems, offset)
    return fields, problems


def timed(function, *args):
    """Wall time (s) and peak Python memory (bytes) of one call, and its result."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function(*args)
    finally:
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, seconds, peak


def test_billion_laughs_fails_fast_at_the_first_anchor(site):
    site.venue("bombe", BILLION_LAUGHS)
    (record, problems), seconds, peak = timed(read, site, "content/venues/bombe.yaml", "venue")
    print(f"billion laughs: {seconds * 1000:.1f} ms, peak {peak / 1024:.0f} KiB")
    assert record is None
    assert seconds < 1
    assert peak < 5_000_000
    first = problems[0]
    assert (first.path, first.line) == ("content/venues/bombe.yaml", 1)
    assert "ancres et alias YAML (&, *) ne sont pas acceptés" in first.message
    assert "en entier" in first.hint
    assert all(p.is_error for p in problems)
    assert len(problems) <= 20


def test_recursive_anchor_is_refused_without_recursion_error():
    (fields, problems), seconds, _ = timed(parse, "title: Atelier\ntags: &a [x, *a]\n")
    assert fields is None
    assert seconds < 1
    [problem] = problems  # one problem per line
    assert problem.line == 2
    assert "ancres et alias" in problem.message


def test_alias_alone_is_refused_at_its_line():
    _, problems = parse("title: Atelier\nvenue: *salle\n", offset=1)
    [problem] = problems
    assert problem.line == 3
    assert "ancres et alias" in problem.message


@pytest.mark.parametrize("levels", [500, 5000])
def test_deep_nesting_stops_at_the_line_of_the_level_too_many(levels):
    text = "title: A\n" + "tags: " + "[" * levels + "]" * levels + "\n"
    (fields, problems), seconds, peak = timed(parse, text)
    print(f"deep nesting ({levels}): {seconds * 1000:.1f} ms, peak {peak / 1024:.0f} KiB")
    assert fields is None
    assert seconds < 1
    [problem] = problems
    assert problem.line == 2
    assert "plus de 20 niveaux" in problem.message
    assert problem.hint


def test_deep_block_nesting_is_reported_at_its_own_line():
    lines = ["title: A", "a:"] + [f"{'  ' * i}b{i}:" for i in range(1, 25)]
    _, problems = parse("\n".join(lines) + " x\n")
    [problem] = problems
    # Level 1 is the record itself, level 2 `a:`'s mapping on line 3: level 21 on line 22.
    assert problem.line == 22
    assert "niveaux" in problem.message


def test_twenty_levels_are_still_accepted():
    text = "tags: " + "[" * 19 + "x" + "]" * 19 + "\n"
    fields, problems = parse(text)
    assert problems == []
    assert fields is not None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object:os.system x", "!!python/object:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!str 05100", "!!str"),
        ("!perso x", "!perso"),
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
    ],
)
def test_tags_are_refused_with_their_own_message(site, value, shown):
    site.event("atelier", f"title: Atelier\nsummary: {value}\n")
    record, problems = read(site, "content/events/atelier.md", "event")
    assert record is None
    [problem] = problems
    assert problem.line == 3
    assert f"l'étiquette YAML « {shown} » n'est pas acceptée" in problem.message
    assert "seulement la valeur" in problem.hint
    assert "liste" not in problem.message


def test_merge_key_is_refused_with_its_own_message():
    _, problems = parse("title: A\nsessions:\n  - <<: {start: x}\n    end: y\n")
    [problem] = problems
    assert problem.line == 3
    assert "clé de fusion YAML « <<: »" in problem.message
    assert "sans « <<: »" in problem.hint


def test_a_value_written_as_two_angle_brackets_is_still_text():
    fields, problems = parse('title: "<<"\nsummary: <<\n')
    assert problems == []
    assert fields["summary"].value.text == "<<"


def test_second_document_in_a_yaml_file(site):
    site.venue("v", "name: Salle\n---\nname: Autre\n")
    record, problems = read(site, "content/venues/v.yaml", "venue")
    assert record is None
    [problem] = problems
    assert problem.line == 2
    assert "deuxième ligne « --- »" in problem.message


# File size --------------------------------------------------------------------------


def test_oversize_file_is_refused_before_it_is_read(site):
    path = site.event("enorme", "title: Atelier", body="x" * 1_200_000)
    size = path.stat().st_size
    (record, problems), seconds, peak = timed(read, site, "content/events/enorme.md", "event")
    print(f"oversize: {seconds * 1000:.1f} ms, peak {peak / 1024:.0f} KiB")
    assert record is None
    assert peak < 100_000  # nothing of it was read
    [problem] = problems
    assert (problem.path, problem.line) == ("content/events/enorme.md", 0)
    assert f"{size:,} octets".replace(",", " ") in problem.message
    assert "limite de 1 000 000 octets" in problem.message
    assert problem.hint


def test_size_limit_is_a_parameter(site):
    site.partner("p", "name: Partenaire\n")
    problems: list[Problem] = []
    assert read_record("partner", site.root / "content/partners/p.yaml", site.root, problems)
    assert read_all(site.root / "content", site.root, problems, max_bytes=10) == []
    assert any("limite de 10 octets" in p.message for p in problems)


# Parser errors in plain French, at the line to fix -------------------------------------

ENGLISH = ("found", "expected", "mapping", "scanning", "while", "token", "document")


def assert_plain_french(problem: Problem) -> None:
    text = f"{problem.message} {problem.hint}".lower()
    assert not [word for word in ENGLISH if word in text.split()], text
    assert problem.hint


def test_tab_used_for_indentation_is_named_at_its_line(site):
    site.write("content/events/tab.md", "---\ntitle: A\nsessions:\n\t- start: x\n---\n")
    _, problems = read(site, "content/events/tab.md", "event")
    [problem] = problems
    assert problem.line == 4
    assert "tabulation" in problem.message
    assert "remplacez la tabulation par des espaces" in problem.hint.lower()
    assert_plain_french(problem)


def test_tab_after_a_field_is_named_at_its_line():
    _, problems = parse("title: A\n\torganizer: p\nvenue: v\n")
    [problem] = problems
    assert problem.line == 2
    assert "tabulation" in problem.message


def test_indented_first_field_is_reported_at_its_own_line(site):
    site.write("content/events/a.md", "---\n  title: Atelier\norganizer: p\n---\n")
    _, problems = read(site, "content/events/a.md", "event")
    [problem] = problems
    assert problem.line == 2
    assert "décalée vers la droite" in problem.message
    assert "« title: Atelier »" in problem.hint
    assert_plain_french(problem)


def test_misaligned_field_names_the_line():
    _, problems = parse("a:\n  b: 1\n c: 2\n")
    [problem] = problems
    assert problem.line == 3
    assert "ne correspond à aucun champ au-dessus" in problem.message
    assert "ligne 2" in problem.hint
    assert_plain_french(problem)


def test_list_attached_to_no_field():
    _, problems = parse("title: A\n- x\n")
    [problem] = problems
    assert problem.line == 2
    assert "liste" in problem.message
    assert_plain_french(problem)


def test_unclosed_quote_names_the_line_where_it_opens(site):
    site.write(
        "content/events/q.md",
        '---\ntitle: "Atelier herbier\norganizer: p\nvenue: v\n---\n',
    )
    _, problems = read(site, "content/events/q.md", "event")
    [problem] = problems
    assert problem.line == 2
    assert "jamais fermé" in problem.message
    assert 'title: "Atelier herbier"' in problem.hint
    assert_plain_french(problem)


def test_unclosed_quote_swallowing_the_next_quoted_value():
    _, problems = parse('name: "Salle\naddress: "1 rue"\ncity: Metz\n')
    [problem] = problems
    assert problem.line == 1
    assert "guillemet" in problem.message


def test_apostrophe_inside_single_quotes():
    _, problems = parse("title: A\nname: 'L'atelier'\n")
    [problem] = problems
    assert problem.line == 2
    assert "après le guillemet" in problem.message
    assert 'name: "L\'atelier"' in problem.hint
    assert "guillemets doubles" in problem.hint


def test_colon_inside_an_unquoted_value_shows_the_quoted_form(site):
    site.write("content/events/c.md", "---\norganizer: p\ntitle: Atelier : robots\n---\n")
    _, problems = read(site, "content/events/c.md", "event")
    [problem] = problems
    assert (problem.line, problem.field) == (3, "title")
    assert "contient « : »" in problem.message
    assert 'title: "Atelier : robots"' in problem.hint
    assert_plain_french(problem)


def test_colon_in_a_list_item_value():
    _, problems = parse("sessions:\n  - start: 2025-10-04 : matin\n")
    [problem] = problems
    assert problem.line == 2
    assert '- start: "2025-10-04 : matin"' in problem.hint


def test_missing_colon_after_a_field_name_is_reported_on_that_line():
    _, problems = parse("title Atelier\norganizer: p\n")
    [problem] = problems
    assert problem.line == 1
    assert "il manque « : »" in problem.message


def test_unclosed_flow_list_names_the_line_where_it_opens():
    _, problems = parse("title: A\nthemes: [astronomie, physique\norganizer: p\n")
    [problem] = problems
    assert problem.line == 2
    assert "« [ »" in problem.message
    assert_plain_french(problem)


def test_reserved_character_at_the_start_of_a_value():
    _, problems = parse("title: A\nsummary: @robots au musée\n")
    [problem] = problems
    assert problem.line == 2
    assert "« @ »" in problem.message
    assert 'summary: "@robots au musée"' in problem.hint


def test_bad_escape_in_double_quotes():
    _, problems = parse('title: A\nsummary: "C:\\dossier"\n')
    [problem] = problems
    assert problem.line == 2
    assert "barre oblique" in problem.message
    assert_plain_french(problem)


def test_invisible_control_character_names_its_line():
    _, problems = parse("title: A\nsummary: un\x07deux\n", offset=1)
    [problem] = problems
    assert problem.line == 3
    assert "U+0007" in problem.message


def test_hash_cutting_an_unquoted_value_is_a_warning_with_the_quoted_form(site):
    site.event("h", "title: Atelier herbier #1\norganizer: p")
    record, problems = read(site, "content/events/h.md", "event")
    [problem] = problems
    assert problem.severity is Severity.WARNING
    assert (problem.line, problem.field) == (2, "title")
    assert "la valeur lue est « Atelier herbier »" in problem.message
    assert 'title: "Atelier herbier #1"' in problem.hint
    assert scalar_text(record, "title") == "Atelier herbier"


def test_deliberate_comment_after_a_value_is_not_warned_about():
    fields, problems = parse("format: atelier  # voir la liste\ntitle: 'Club #3'\n")
    assert problems == []
    assert fields["title"].value.text == "Club #3"


def test_non_utf8_file_names_the_line_of_the_bad_byte(site):
    path = site.root / "content/venues/latin.yaml"
    path.write_bytes("name: Salle\naddress: 1 rue\ncity: Épinal\n".encode("latin-1"))
    _, problems = read(site, "content/venues/latin.yaml", "venue")
    [problem] = problems
    assert problem.line == 3
    assert "UTF-8" in problem.message


# Files in unexpected places ----------------------------------------------------------


def check_problems(site) -> list[Problem]:
    site.event("present", "title: E")  # so « no event » does not hide the point
    problems: list[Problem] = []
    read_all(site.root / "content", site.root, problems)
    return problems


def test_file_at_the_root_of_content(site):
    site.write("content/atelier.md", "---\ntitle: A\n---\n")
    [problem] = check_problems(site)
    assert problem.path == "content/atelier.md"
    assert problem.is_error
    assert "directement dans content/" in problem.message
    assert "content/events/atelier.md" in problem.hint


def test_unknown_folder_under_content_is_one_error_with_a_guess(site):
    site.write("content/lieux/salle.yaml", "name: Salle\n")
    site.write("content/lieux/autre.yaml", "name: Autre\n")
    [problem] = check_problems(site)
    assert problem.path == "content/lieux"
    assert problem.is_error
    assert "le dossier content/lieux/ n'est pas lu" in problem.message
    assert "content/venues/" in problem.hint


def test_images_may_sit_in_any_content_folder(site):
    site.write("content/images/affiche.jpg", "x")
    site.write("content/logo.png", "x")
    assert check_problems(site) == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (".md", "pas de nom"),
        ("..md", "commence par un point"),
        (".brouillon.md", "commence par un point"),
    ],
)
def test_hidden_or_nameless_record_files_are_errors(site, name, words):
    site.write(f"content/events/{name}", "---\ntitle: A\n---\n")
    [problem] = check_problems(site)
    assert problem.path == f"content/events/{name}"
    assert problem.is_error
    assert words in problem.message
    assert problem.hint


def test_bad_slug_is_left_to_validate_check_slug(site):
    site.partner("p")
    site.venue("v")
    site.event("Atelier Été", "title: A\norganizer: p\nvenue: v\nstart: 2025-10-04")
    problems = check_site(site.root).problems
    [problem] = [p for p in problems if "nom du fichier" in p.message]
    assert "atelier-ete" in problem.hint
    assert len([p for p in problems if p.path.endswith("Atelier Été.md")]) == 1


def test_partners_without_events_is_an_error(site):
    site.partner("p")
    result = check_site(site.root)
    assert not result.ok
    assert any("aucun événement trouvé" in p.message for p in result.problems)


def test_value_on_the_line_below_its_name():
    _, problems = parse('name: "Planétarium"\ncity:\n"Épinal"\npostal_code: "88000"\n')
    [problem] = problems
    assert problem.line == 3
    assert "« city: » à la ligne 2" in problem.message
    assert 'city: "Épinal"' in problem.hint


def test_double_quote_inside_double_quotes():
    _, problems = parse('address: "Place Che"vert"\n')
    [problem] = problems
    assert problem.line == 1
    assert "guillemets simples" in problem.hint
    assert "address: 'Place Che\"vert'" in problem.hint
