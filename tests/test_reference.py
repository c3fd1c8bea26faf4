"""The committed field reference is the one the schema writes: a field added to the
validator without regenerating docs/reference-des-champs.md fails here."""

from __future__ import annotations

from agenda.config import load_config
from agenda.reference import REFERENCE_FILE, reference_markdown
from agenda.schema import FIELDS_BY_KIND, SESSION_FIELDS
from tests.conftest import REPO


def test_committed_reference_matches_the_schema():
    committed = (REPO / REFERENCE_FILE).read_text(encoding="utf-8")
    expected = reference_markdown(load_config(REPO))
    assert committed == expected, "Lancez « python build.py reference » et committez le résultat."


def test_reference_lists_every_field_with_its_example():
    text = reference_markdown(load_config(REPO))
    for fields in (*FIELDS_BY_KIND.values(), SESSION_FIELDS):
        for spec in fields:
            assert f"| `{spec.name}` |" in text
            assert f"`{spec.name}: {spec.example}`".replace("|", "\\|") in text


def test_reference_lists_the_vocabularies_of_the_config():
    config = load_config(REPO)
    text = reference_markdown(config)
    for vocabulary in (config.themes, config.formats, config.audiences, config.accessibility):
        for term in vocabulary.terms:
            assert f"| `{term.slug}` |" in text
    for dep in config.departements:
        assert f"| `{dep.code}` | {dep.name} |" in text


def test_reference_command_writes_the_file(site):
    from agenda.cli import main

    assert main(["reference", "--root", str(site.root)]) == 0
    written = (site.root / REFERENCE_FILE).read_text(encoding="utf-8")
    assert written == reference_markdown(load_config(site.root))


def test_the_readme_minimal_event_passes_check(tmp_path):
    """The README's example must pass `check` against the repository's own records."""
    import re
    import shutil

    from agenda.pipeline import check_site
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"Un événement minimal :\n\n```yaml\n(.*?)```", readme, re.S)
    assert example, "the README has lost its minimal event"
    root = tmp_path / "site"
    for name in ("content", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    (root / "content/events/2027/exemple-du-readme.md").write_text(
        example.group(1), encoding="utf-8"
    )
    result = check_site(root)
    assert [p.as_text() for p in result.problems if p.is_error] == []


def test_the_readme_touring_sessions_pass_check(tmp_path):
    """The README's touring example names venues that exist: pasted into the minimal
    event in place of start/end, it passes `check`."""
    import re
    import shutil

    from agenda.pipeline import check_site

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    minimal = re.search(r"Un événement minimal :\n\n```yaml\n(.*?)```", readme, re.S)
    touring = re.search(r"\n( *)```yaml\n(\1sessions:\n.*?)\1```", readme, re.S)
    assert minimal and touring, "the README has lost its minimal or touring event"
    sessions = "\n".join(line[len(touring.group(1)) :] for line in touring.group(2).split("\n"))
    event = re.sub(r'start: ".*"\nend: ".*"\n', lambda _: sessions, minimal.group(1))
    assert "sessions:" in event
    root = tmp_path / "site"
    for name in ("content", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    (root / "content/events/2027/tournee-du-readme.md").write_text(event, encoding="utf-8")
    result = check_site(root)
    assert [p.as_text() for p in result.problems if p.is_error] == []
