"""The commands people run (CONTRACT §4): check, new, build's refusal, usage errors."""

from __future__ import annotations

import json

import pytest

from agenda.cli import main


@pytest.fixture(autouse=True)
def outside_github(monkeypatch):
    """Tests run the same inside and outside GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def valid_content(site) -> None:
    site.partner("la-nef-des-sciences")
    site.venue("mediatheque-epinal")
    site.event(
        "atelier",
        """
        title: Atelier robots
        organizer: la-nef-des-sciences
        venue: mediatheque-epinal
        start: 2025-10-04 14:00
        """,
    )


def broken_content(site) -> None:
    valid_content(site)
    site.venue(
        "salle",
        """
        name: Salle
        address: 1 rue
        postal_code: 8800
        city: Épinal
        """,
    )
    site.event(
        "nuit",
        """
        title: Nuit des étoiles
        organizer: la-nef-des-sciences
        venue: planetarium
        start: 2026-08-08 21:00
        """,
    )


def run(site, *args: str) -> int:
    return main(["--root", str(site.root), *args])


# check -------------------------------------------------------------------------------


def test_check_valid_content_exits_0(site, capsys):
    valid_content(site)
    assert run(site, "check") == 0
    out, err = capsys.readouterr()
    assert out.startswith("Contenu valide : ")
    assert err == ""


def test_check_counts_records(site, capsys):
    valid_content(site)
    site.partner("universite-de-lorraine")
    site.venue("salle")
    site.event(
        "conference",
        "title: Conférence\norganizer: universite-de-lorraine\nvenue: salle\nstart: 2025-10-05",
    )
    assert run(site, "check") == 0
    out = capsys.readouterr().out
    assert out.strip() == "Contenu valide : 2 événements, 2 lieux, 2 partenaires."


def test_check_counts_in_the_singular(site, capsys):
    valid_content(site)
    assert run(site, "check") == 0
    out = capsys.readouterr().out
    assert out.strip() == "Contenu valide : 1 événement, 1 lieu, 1 partenaire."


def test_check_with_errors_exits_1_and_prints_path_line(site, capsys):
    broken_content(site)
    assert run(site, "check") == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("content/events/nuit.md:4: venue — aucun lieu « planetarium »")
    assert "content/venues/planetarium.yaml" in lines[0]
    assert lines[1].startswith("content/venues/salle.yaml:3: postal_code — « 8800 »")
    assert 'postal_code: "08800"' in lines[1]
    assert lines[2] == "2 erreurs dans 2 fichiers : rien n'a été publié."


def test_root_option_after_the_command(site, capsys):
    broken_content(site)
    assert main(["check", "--root", str(site.root)]) == 1
    assert "content/venues/salle.yaml:3:" in capsys.readouterr().err


def test_check_with_warnings_only_exits_0(site, capsys):
    valid_content(site)
    # A `#` in an unquoted value cuts it: published, but the partner is warned.
    site.event(
        "herbier",
        """
        title: Atelier herbier #1
        organizer: la-nef-des-sciences
        venue: mediatheque-epinal
        start: 2025-10-05 14:00
        """,
    )
    assert run(site, "check") == 0
    out, err = capsys.readouterr()
    assert "Contenu valide" in out
    assert "content/events/herbier.md:2: [avertissement] title" in err
    assert "Aucune erreur. (1 avertissement)" in err


def test_check_json(site, capsys):
    broken_content(site)
    assert run(site, "check", "--format", "json") == 1
    out, _ = capsys.readouterr()
    items = json.loads(out)
    assert [(i["file"], i["line"], i["field"], i["severity"]) for i in items] == [
        ("content/events/nuit.md", 4, "venue", "error"),
        ("content/venues/salle.yaml", 3, "postal_code", "error"),
    ]
    assert all(i["message"] and i["hint"] for i in items)


def test_check_json_on_valid_content_is_an_empty_list(site, capsys):
    valid_content(site)
    assert run(site, "check", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_check_github_format(site, capsys):
    broken_content(site)
    assert run(site, "check", "--format", "github") == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("::error file=content/events/nuit.md,line=4,title=venue::")
    assert lines[1].startswith(
        "::error file=content/venues/salle.yaml,line=3,title=postal_code::« 8800 »"
    )
    assert lines[2] == "2 erreurs dans 2 fichiers : rien n'a été publié."


def test_github_actions_chooses_github_format_and_writes_the_summary(
    site, capsys, monkeypatch, tmp_path
):
    summary = tmp_path / "summary.md"
    summary.write_text("## Étape précédente\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    broken_content(site)
    assert run(site, "check") == 1
    out, err = capsys.readouterr()
    assert out.startswith("::error file=content/events/nuit.md,line=4,title=venue::")
    assert err == ""
    text = summary.read_text(encoding="utf-8")
    # Appended, not overwritten.
    assert text.startswith("## Étape précédente\n### Vérification du contenu")
    assert "| `content/venues/salle.yaml` | 3 | postal_code | erreur |" in text


def test_github_actions_valid_content_summary(site, capsys, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    valid_content(site)
    assert run(site, "check") == 0
    assert capsys.readouterr().out.strip() == "Aucune erreur."
    assert "Aucun problème trouvé" in summary.read_text(encoding="utf-8")


def test_explicit_format_wins_over_github_actions(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    broken_content(site)
    assert run(site, "check", "--format", "text") == 1
    out, err = capsys.readouterr()
    assert "::error" not in out + err
    assert "content/venues/salle.yaml:3: postal_code" in err


def test_broken_config_exits_1(site, capsys):
    (site.root / "site_config.yaml").write_text("departements: []\n", encoding="utf-8")
    assert run(site, "check") == 1
    err = capsys.readouterr().err
    assert "site_config.yaml:1: departements — la liste est vide." in err


def test_check_on_a_folder_without_config(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert "site_config.yaml: fichier introuvable." in capsys.readouterr().err


# new ---------------------------------------------------------------------------------


def test_new_event_creates_the_file(site, capsys):
    assert run(site, "new", "event", "atelier-robots") == 0
    [path] = (site.root / "content/events").rglob("atelier-robots.md")
    assert path.parent.parent == site.root / "content/events"
    assert path.parent.name.isdigit()
    assert path.read_text(encoding="utf-8").startswith("---\n# Un événement.")
    out = capsys.readouterr().out
    assert f"Fiche créée : content/events/{path.parent.name}/atelier-robots.md" in out
    assert "check" in out


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("venue", "content/venues/salle.yaml"), ("partner", "content/partners/salle.yaml")],
)
def test_new_venue_and_partner(site, kind, expected):
    assert run(site, "new", kind, "salle") == 0
    assert (site.root / expected).is_file()


def test_new_refuses_to_overwrite(site, capsys):
    site.venue("salle")
    before = (site.root / "content/venues/salle.yaml").read_bytes()
    assert run(site, "new", "venue", "salle") == 1
    assert "Rien n'a été écrit" in capsys.readouterr().err
    assert (site.root / "content/venues/salle.yaml").read_bytes() == before


def test_new_refuses_an_invalid_slug(site, capsys):
    assert run(site, "new", "event", "Atelier Robots") == 2
    assert "minuscules" in capsys.readouterr().err
    assert list((site.root / "content/events").rglob("*")) == []


def test_new_unknown_kind_is_a_usage_error(site, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(site, "new", "lieu")
    assert exit_info.value.code == 2


# build -------------------------------------------------------------------------------


def test_build_with_content_errors_exits_1_and_writes_nothing(site, capsys, tmp_path):
    broken_content(site)
    out_dir = tmp_path / "public"
    assert run(site, "build", "--today", "2025-10-01", "--output", str(out_dir)) == 1
    err = capsys.readouterr().err
    assert "content/venues/salle.yaml:3: postal_code" in err
    assert "rien n'a été publié" in err
    assert not out_dir.exists()
    assert not (site.root / "_site").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public.")]


def test_build_is_the_default_command(site, capsys):
    broken_content(site)
    assert run(site, "--today", "2025-10-01") == 1
    assert not (site.root / "_site").exists()


def test_build_keeps_the_previous_site_on_errors(site, capsys):
    published = site.write("_site/index.html", "<h1>Site en ligne</h1>")
    broken_content(site)
    assert run(site, "build", "--today", "2025-10-01") == 1
    assert published.read_text(encoding="utf-8") == "<h1>Site en ligne</h1>"
    assert sorted(p.name for p in (site.root / "_site").iterdir()) == ["index.html"]


@pytest.mark.parametrize("today", ["2025-13-01", "04/10/2025", "demain"])
def test_invalid_today_is_a_usage_error(site, capsys, today):
    valid_content(site)
    with pytest.raises(SystemExit) as exit_info:
        run(site, "build", "--today", today)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"« {today} » n'est pas une date AAAA-MM-JJ" in err
    assert not (site.root / "_site").exists()


def test_unknown_format_is_a_usage_error(site, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(site, "check", "--format", "xml")
    assert exit_info.value.code == 2


# Errors a user can cause: no traceback -----------------------------------------------


def test_config_word_for_a_number_is_a_french_error_with_its_line(site, capsys):
    valid_content(site)
    config = site.root / "site_config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "feed_past_months: 6", 'feed_past_months: "six"'
        ),
        encoding="utf-8",
    )
    line = next(
        i
        for i, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("feed_past_months")
    )
    assert run(site, "build", "--today", "2025-10-01") == 1
    err = capsys.readouterr().err
    assert f"site_config.yaml:{line}: feed_past_months — doit être un nombre entier" in err
    assert "invalid literal" not in err and "Traceback" not in err
    assert not (site.root / "_site").exists()


def test_template_error_is_reported_in_french_and_nothing_is_published(site, capsys):
    valid_content(site)
    published = site.write("_site/index.html", "<h1>Site en ligne</h1>")
    site.write("_site/.nojekyll", "")  # a site built earlier
    template = site.root / "templates" / "event.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[20] += " {{ page.nope.nope }}"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(site, "build", "--today", "2025-10-01") == 1
    err = capsys.readouterr().err
    assert "templates/event.html:21: erreur de gabarit — « nope » n'existe pas" in err
    assert "Traceback" not in err
    assert published.read_text(encoding="utf-8") == "<h1>Site en ligne</h1>"


def test_template_syntax_error_names_the_file_and_line(site, capsys):
    valid_content(site)
    (site.root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n',
        encoding="utf-8",
    )
    assert run(site, "build", "--today", "2025-10-01") == 1
    err = capsys.readouterr().err
    assert "templates/404.html:3: erreur de gabarit — syntaxe incorrecte" in err
    assert not (site.root / "_site").exists()


def explode(*args, **kwargs):
    raise RuntimeError("boum")


def test_unexpected_error_is_short_french_and_exits_3(site, capsys, monkeypatch):
    valid_content(site)
    monkeypatch.setattr("agenda.pipeline.build_site", explode)
    assert run(site, "build", "--today", "2025-10-01") == 3
    err = capsys.readouterr().err
    assert "Erreur interne du générateur : RuntimeError: boum" in err
    assert "Signalez-la avec cette sortie" in err and "--debug" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(site, capsys, monkeypatch, where):
    valid_content(site)
    monkeypatch.setattr("agenda.pipeline.build_site", explode)
    args = ["--debug", "build"] if where == "before" else ["build", "--debug"]
    assert run(site, *args, "--today", "2025-10-01") == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError: boum" in err


def test_interrupt_exits_quietly_with_130(site, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("agenda.pipeline.check_site", interrupted)
    assert run(site, "check") == 130
    assert "Traceback" not in capsys.readouterr().err


def test_unwritable_output_is_a_plain_message(site, capsys, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", "/srv/_site")

    valid_content(site)
    monkeypatch.setattr("agenda.pipeline.build_site", disk_full)
    assert run(site, "build", "--today", "2025-10-01") == 1
    err = capsys.readouterr().err
    assert "Impossible de lire ou d'écrire « /srv/_site »" in err and "Traceback" not in err


def test_an_output_folder_not_built_here_is_refused_in_french(site, capsys, tmp_path):
    valid_content(site)
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "rapport.txt").write_text("à garder", encoding="utf-8")
    assert run(site, "build", "--today", "2025-10-01", "--output", str(precious)) == 1
    err = capsys.readouterr().err
    assert "Rien n'a été publié" in err and "n'a pas été construit par ce générateur" in err
    assert "Traceback" not in err and "Erreur interne" not in err
    assert sorted(p.name for p in precious.iterdir()) == ["rapport.txt"]


def test_build_py_outside_the_environment_says_how_to_set_it_up():
    """`python build.py` with a Python that lacks the packages: advice, not a traceback."""
    import subprocess
    import sys

    from tests.conftest import REPO

    # -S: no site-packages, as with a system Python where nothing was installed.
    done = subprocess.run(
        [sys.executable, "-S", str(REPO / "build.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Il manque le module Python" in done.stderr
    assert "make site" in done.stderr and ".venv/bin/python build.py" in done.stderr


@pytest.mark.parametrize(
    "options", [("--year", "2027"), ("--date", "2027-03-12"), ("--year=2027",)]
)
def test_new_event_goes_into_the_folder_of_its_year(site, capsys, options):
    assert run(site, "new", "event", "atelier-robots", *options) == 0
    assert (site.root / "content/events/2027/atelier-robots.md").is_file()
    assert "Fiche créée : content/events/2027/atelier-robots.md" in capsys.readouterr().out


@pytest.mark.parametrize("options", [("--year", "27"), ("--date", "12/03/2027")])
def test_new_event_refuses_a_year_or_date_it_cannot_read(site, capsys, options):
    with pytest.raises(SystemExit) as exit_info:
        run(site, "new", "event", "atelier-robots", *options)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "n'est pas une année entre 2000 et 2100" in err or "n'est pas une date AAAA-MM-JJ" in err


def test_new_venue_refuses_a_year(site, capsys):
    assert run(site, "new", "venue", "salle", "--year", "2027") == 2
    assert "--year et --date ne servent qu'à « new event »" in capsys.readouterr().err
    assert not (site.root / "content/venues/salle.yaml").exists()
