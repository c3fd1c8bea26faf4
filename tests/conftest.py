"""Shared fixtures: a throw-away site tree in tmp_path, built from the real config and
templates, with helpers to write content files line by line."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (tests/test_properties.py): "ci" is the default, with a fixed seed
# so that a run is reproducible and a pull request is never failed by an input nobody
# touched; `pytest --hypothesis-profile=thorough` explores ten times as many, at random.
for _name, _examples in (("ci", 100), ("thorough", 1000)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        derandomize=_name == "ci",
        deadline=None,  # a build step takes milliseconds, more on a loaded CI machine
        suppress_health_check=[HealthCheck.too_slow],
        print_blob=True,
    )
settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"


@dataclass
class SiteTree:
    """A site folder under tmp_path: config, templates and assets, and a content/ to fill."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        """Write a file (dedented) under the site root and return its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def partner(self, slug: str, body: str = 'name: "Partenaire test"\n') -> Path:
        """content/partners/<slug>.yaml."""
        return self.write(f"content/partners/{slug}.yaml", body)

    def venue(self, slug: str, body: str | None = None) -> Path:
        """content/venues/<slug>.yaml, a valid venue in Épinal by default."""
        return self.write(
            f"content/venues/{slug}.yaml",
            body
            or """
            name: "Médiathèque d'Épinal"
            address: "48 rue Saint-Michel"
            postal_code: "88000"
            city: "Épinal"
            lat: 48.1725
            lon: 6.4497
            """,
        )

    def event(self, slug: str, front_matter: str, body: str = "Description.\n") -> Path:
        """content/events/<slug>.md with the given front matter."""
        text = "---\n" + textwrap.dedent(front_matter).strip("\n") + "\n---\n" + body
        path = self.root / "content" / "events" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


def _copy_project_frame(root: Path) -> None:
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "assets", root / "assets")
    for folder in ("partners", "venues", "events"):
        (root / "content" / folder).mkdir(parents=True, exist_ok=True)


def make_fixture_tree(root: Path) -> None:
    """Fill the empty folder `root` with the project's frame and tests/fixtures/site."""
    root.mkdir(parents=True, exist_ok=True)
    _copy_project_frame(root)
    shutil.rmtree(root / "content")
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    if (FIXTURE_SITE / "assets").is_dir():
        shutil.copytree(FIXTURE_SITE / "assets", root / "assets", dirs_exist_ok=True)


@pytest.fixture
def site(tmp_path: Path) -> SiteTree:
    """An empty site (real config, templates, assets; no content)."""
    root = tmp_path / "site"
    root.mkdir()
    _copy_project_frame(root)
    return SiteTree(root)


@pytest.fixture
def fixture_site(tmp_path: Path) -> SiteTree:
    """A copy of tests/fixtures/site: the content tree the end-to-end tests build."""
    root = tmp_path / "site"
    make_fixture_tree(root)
    return SiteTree(root)


FIXTURE_TODAY = "2026-11-25"
FIXTURE_BASE_URL = "https://agenda.example.org"


@dataclass(frozen=True)
class BuiltSite:
    """The fixture site, built once for the session: its source tree and output folder."""

    root: Path
    out: Path

    def read(self, url_path: str) -> str:
        """The text of the file that serves `url_path` ("/evenements/x/" → its index.html)."""
        relative = url_path.lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        return (self.out / relative).read_text(encoding="utf-8")


def build_fixture(root: Path, out: Path, base_url: str = FIXTURE_BASE_URL) -> None:
    """Build a site tree into `out` with the fixture date."""
    from datetime import date

    from agenda.pipeline import build_site

    build_site(root, date.fromisoformat(FIXTURE_TODAY), out, base_url)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """tests/fixtures/site built once (today = 2026-11-25, base URL at a domain root)."""
    root = tmp_path_factory.mktemp("built") / "site"
    make_fixture_tree(root)
    out = root / "_site"
    build_fixture(root, out)
    return BuiltSite(root, out)
