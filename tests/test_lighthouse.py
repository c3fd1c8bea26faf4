"""Lighthouse (pinned in tests/js, run by node with Debian's chromium) scores the home
page, a département page and an event page at its mobile default: performance,
accessibility, best practices and SEO all at 95 or more. Slow (about 15 s a page), so
kept to these three pages, under the `lighthouse` marker that `make test` runs.

`pytest -s` prints the scores table; the JSON reports land in tests/output/lighthouse/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.conftest import BuiltSite
from tests.test_browser import chromium_path
from tests.test_quality import (  # noqa: F401 — quality_site is a fixture
    EVERY_FEATURE_SLUG,
    JS_DIR,
    OUTPUT,
    GzipHandler,
    _serve,
    quality_site,
)

pytestmark = pytest.mark.lighthouse

LIGHTHOUSE = JS_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = OUTPUT / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95
PAGES = [
    ("accueil", "/"),
    ("departement", "/departements/haut-rhin/"),
    ("evenement", f"/evenements/{EVERY_FEATURE_SLUG}/"),
]
SCORES: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def lighthouse_command() -> list[str]:
    node = shutil.which("node")
    chromium = chromium_path()
    missing = [
        name
        for name, ready in (
            ("node", node is not None),
            ("lighthouse", LIGHTHOUSE.is_file()),
            ("chromium", chromium is not None),
        )
        if not ready
    ]
    if missing:
        message = f"{', '.join(missing)} missing: run scripts/install-test-tools.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [str(node), str(LIGHTHOUSE)]


@pytest.fixture(scope="module")
def served(quality_site: BuiltSite) -> Iterator[str]:
    # Compressed as the real host does: Lighthouse's performance audits count bytes.
    httpd, url = _serve(quality_site.out, GzipHandler)
    yield url
    httpd.shutdown()


def _table() -> str:
    header = f"{'page':<12}" + "".join(f"{name:>16}" for name in CATEGORIES)
    rows = [
        f"{page:<12}" + "".join(f"{scores[name]:>16}" for name in CATEGORIES)
        for page, scores in SCORES.items()
    ]
    return "\n".join([header, *rows])


def _run(command: list[str], url: str, report) -> dict:
    result = subprocess.run(
        [
            *command,
            url,
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env={**os.environ, "CHROME_PATH": str(chromium_path())},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(report.read_text(encoding="utf-8"))


def _scores(data: dict) -> dict[str, int]:
    return {
        category: round((data["categories"][category]["score"] or 0) * 100)
        for category in CATEGORIES
    }


def _lost_points(data: dict) -> list[str]:
    """The audits that lost points, to fix them without opening the report."""
    return [
        f"{category}: {ref['id']} {audit['score']} {audit.get('displayValue', '')}"
        for category in CATEGORIES
        for ref in data["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        for audit in [data["audits"][ref["id"]]]
        if audit["score"] is not None and audit["score"] < 1
    ]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_lighthouse_scores_at_least_95(lighthouse_command, served, name: str, path: str):
    """One run; when a score is short, two more and the median of the three, as Lighthouse
    advises: its performance score moves with the load of the machine (CI shares it)."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []
    while True:
        report = REPORTS / f"{name}-{len(runs) + 1}.json" if runs else REPORTS / f"{name}.json"
        runs.append(_run(lighthouse_command, served + path, report))
        scores = {
            category: sorted(_scores(data)[category] for data in runs)[len(runs) // 2]
            for category in CATEGORIES
        }
        if len(runs) == 3 or min(scores.values()) >= MINIMUM:
            break
    SCORES[name] = scores
    (REPORTS / "scores.txt").write_text(_table() + "\n", encoding="utf-8")
    print(f"\n{_table()}\n({len(runs)} run(s) of {path}, median)")
    low = {category: score for category, score in scores.items() if score < MINIMUM}
    assert low == {}, f"{path}: {low}\n" + "\n".join(_lost_points(runs[0]))
