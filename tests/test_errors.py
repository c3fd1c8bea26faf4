"""How problems are printed: text for people, annotations for GitHub, JSON for tools."""

from __future__ import annotations

import json

import pytest

from agenda.errors import (
    ContentError,
    Problem,
    Severity,
    format_github,
    format_github_summary,
    format_json,
    format_text,
    sorted_problems,
    summary_line,
)

POSTAL = Problem(
    "content/venues/planetarium-epinal.yaml",
    4,
    "postal_code",
    "« 8800 » n'est pas un code postal à 5 chiffres.",
    'Écrivez-le entre guillemets : postal_code: "88000".',
)
VENUE = Problem(
    "content/events/2026/nuit-des-etoiles.md",
    6,
    "venue",
    "aucun lieu « planetarium » dans content/venues/.",
    "Vouliez-vous dire « planetarium-epinal » ?",
)
WARNING = Problem(
    "content/events/2026/nuit-des-etoiles.md",
    3,
    "titel",
    "champ inconnu « titel », il sera ignoré.",
    "Vouliez-vous dire « title » ?",
    Severity.WARNING,
)


# Text --------------------------------------------------------------------------------


def test_as_text_is_path_line_field_message_hint():
    assert POSTAL.as_text() == (
        "content/venues/planetarium-epinal.yaml:4: postal_code — « 8800 » n'est pas un code "
        'postal à 5 chiffres. Écrivez-le entre guillemets : postal_code: "88000".'
    )


def test_as_text_without_line_field_or_hint():
    problem = Problem("content/events/Atelier.md", 0, "", "nom de fichier invalide.")
    assert problem.as_text() == "content/events/Atelier.md: nom de fichier invalide."


def test_as_text_labels_warnings_and_notices():
    assert WARNING.as_text() == (
        "content/events/2026/nuit-des-etoiles.md:3: [avertissement] titel — champ inconnu "
        "« titel », il sera ignoré. Vouliez-vous dire « title » ?"
    )
    notice = Problem("a.md", 1, "f", "m.", severity=Severity.NOTICE)
    assert notice.as_text() == "a.md:1: [suggestion] f — m."


def test_format_text_matches_the_style_guide():
    assert format_text([POSTAL, VENUE]).splitlines() == [
        "content/events/2026/nuit-des-etoiles.md:6: venue — aucun lieu « planetarium » dans "
        "content/venues/. Vouliez-vous dire « planetarium-epinal » ?",
        "content/venues/planetarium-epinal.yaml:4: postal_code — « 8800 » n'est pas un code "
        'postal à 5 chiffres. Écrivez-le entre guillemets : postal_code: "88000".',
        "2 erreurs dans 2 fichiers : rien n'a été publié.",
    ]


def test_problems_sort_by_file_then_line():
    a = Problem("b.md", 10, "x", "m")
    b = Problem("b.md", 2, "y", "m")
    c = Problem("a.md", 30, "z", "m")
    assert sorted_problems([a, b, c]) == [c, b, a]


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ([], "Aucune erreur."),
        ([POSTAL], "1 erreur dans 1 fichier : rien n'a été publié."),
        ([POSTAL, VENUE], "2 erreurs dans 2 fichiers : rien n'a été publié."),
        (
            [VENUE, VENUE.__class__(VENUE.path, 9, "start", "m")],
            "2 erreurs dans 1 fichier : rien n'a été publié.",
        ),
        ([WARNING], "Aucune erreur. (1 avertissement)"),
        (
            [POSTAL, WARNING, WARNING],
            "1 erreur dans 1 fichier : rien n'a été publié. (2 avertissements)",
        ),
    ],
)
def test_summary_line(problems, expected):
    assert summary_line(problems) == expected


def test_warnings_are_not_counted_as_files_with_errors():
    assert summary_line([POSTAL, WARNING]).startswith("1 erreur dans 1 fichier")


def test_is_error():
    assert POSTAL.is_error
    assert not WARNING.is_error


def test_content_error_sorts_and_summarises():
    error = ContentError([POSTAL, VENUE])
    assert error.problems == [VENUE, POSTAL]
    assert str(error) == "2 erreurs dans 2 fichiers : rien n'a été publié."


# GitHub annotations ------------------------------------------------------------------


def test_github_annotations():
    lines = format_github([POSTAL, WARNING]).splitlines()
    assert lines == [
        "::warning file=content/events/2026/nuit-des-etoiles.md,line=3,title=titel::"
        "champ inconnu « titel », il sera ignoré. Vouliez-vous dire « title » ?",
        "::error file=content/venues/planetarium-epinal.yaml,line=4,title=postal_code::"
        "« 8800 » n'est pas un code postal à 5 chiffres. "
        'Écrivez-le entre guillemets : postal_code: "88000".',
        "1 erreur dans 1 fichier : rien n'a été publié. (1 avertissement)",
    ]


def test_github_annotation_escapes_message_data():
    problem = Problem("a.md", 2, "f", "100 % sûr\r\nligne 2", "a: b, c")
    [line, _] = format_github([problem]).splitlines()
    # In the message, % CR LF are escaped; ':' and ',' stay as they are.
    assert line == "::error file=a.md,line=2,title=f::100 %25 sûr%0D%0Aligne 2 a: b, c"


def test_github_annotation_escapes_properties():
    problem = Problem("content/events/a,b:c%.md", 0, "sessions.id", "m")
    [line, _] = format_github([problem]).splitlines()
    assert line.startswith("::error file=content/events/a%2Cb%3Ac%25.md,title=sessions.id::")
    # No line property when the problem is about the whole file.
    assert "line=" not in line


def test_github_annotation_title_escaped_and_default():
    titled = Problem("a.md", 1, "x,y:z", "m")
    untitled = Problem("a.md", 1, "", "m")
    assert ",title=x%2Cy%3Az::m" in format_github([titled])
    assert ",title=contenu::m" in format_github([untitled])


def test_github_notice_level():
    notice = Problem("a.md", 1, "f", "m", severity=Severity.NOTICE)
    assert format_github([notice]).startswith("::notice file=a.md,line=1,title=f::m")


def test_github_multi_line_hint_stays_on_one_annotation_line():
    problem = Problem("a.md", 5, "sessions", "pas une liste.", "Exemple :\n  sessions:\n    - x")
    lines = format_github([problem]).splitlines()
    assert len(lines) == 2
    assert "Exemple :%0A  sessions:%0A    - x" in lines[0]


# JSON --------------------------------------------------------------------------------


def test_json_output():
    items = json.loads(format_json([POSTAL, WARNING]))
    assert items == [
        {
            "file": "content/events/2026/nuit-des-etoiles.md",
            "line": 3,
            "field": "titel",
            "message": "champ inconnu « titel », il sera ignoré.",
            "hint": "Vouliez-vous dire « title » ?",
            "severity": "warning",
        },
        {
            "file": "content/venues/planetarium-epinal.yaml",
            "line": 4,
            "field": "postal_code",
            "message": "« 8800 » n'est pas un code postal à 5 chiffres.",
            "hint": 'Écrivez-le entre guillemets : postal_code: "88000".',
            "severity": "error",
        },
    ]


def test_json_output_keeps_non_ascii_and_empty_list():
    assert "«" in format_json([POSTAL])
    assert json.loads(format_json([])) == []


# GitHub step summary -----------------------------------------------------------------


def test_summary_markdown_table():
    text = format_github_summary([POSTAL, WARNING])
    lines = text.splitlines()
    assert lines[0] == "### Vérification du contenu"
    assert "1 erreur dans 1 fichier : rien n'a été publié. (1 avertissement)" in lines
    header = lines.index("| fichier | ligne | champ | gravité | problème |")
    assert lines[header + 1] == "|---|---|---|---|---|"
    assert lines[header + 2] == (
        "| `content/events/2026/nuit-des-etoiles.md` | 3 | titel | avertissement | "
        "champ inconnu « titel », il sera ignoré. Vouliez-vous dire « title » ? |"
    )
    assert lines[header + 3].startswith("| `content/venues/planetarium-epinal.yaml` | 4 |")
    assert lines[header + 3].endswith(
        " | postal_code | erreur | " + POSTAL.message + " " + POSTAL.hint + " |"
    )
    assert text.endswith("\n")


def test_summary_without_problems():
    assert "Aucun problème" in format_github_summary([])


def test_summary_escapes_pipes():
    problem = Problem("a.md", 0, "f", "a | b")
    row = format_github_summary([problem]).splitlines()[-1]
    assert row == "| `a.md` |  | f | erreur | a \\| b |"


def test_summary_row_with_multi_line_hint_stays_one_row():
    problem = Problem("a.md", 5, "sessions", "pas une liste.", "Exemple :\n  sessions:\n    - x")
    rows = [line for line in format_github_summary([problem]).splitlines() if "a.md" in line]
    assert len(rows) == 1
    assert rows[0].endswith("|")
    assert rows[0].count("|") == 6


def test_text_output_is_one_line_per_problem_even_with_a_multi_line_hint():
    problem = Problem("a.md", 5, "sessions", "pas une liste.", "Exemple :\n  sessions:\n    - x")
    lines = format_text([problem]).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("a.md:5: sessions — ")


def test_a_content_error_survives_the_trip_from_a_worker_process() -> None:
    import pickle

    error = ContentError([Problem("templates/base.html", 3, "", "erreur", "corrigez")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    assert str(again) == str(error)
