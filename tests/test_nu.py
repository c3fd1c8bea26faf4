"""The Nu HTML checker (vnu.jar from the pinned npm package vnu-jar, run with java) finds
no error in any built page of the fixture site (with its event that has every feature),
at the domain root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BuiltSite
from tests.test_quality import quality_site  # noqa: F401 — a fixture

VNU = (
    Path(__file__).resolve().parent
    / "js"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        missing = "java" if java is None else "vnu-jar"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is missing: run scripts/install-test-tools.sh")
        pytest.skip(f"{missing} is missing (run scripts/install-test-tools.sh)")
    return [java, "-jar", str(VNU)]


def test_every_built_page_is_valid_html(quality_site: BuiltSite):
    built_site = quality_site
    pages = list(built_site.out.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run(
        [*_vnu_command(), "--skip-non-html", "--format", "json", str(built_site.out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The checker writes its JSON report on stderr; its exit status is 1 when it found errors.
    report = json.loads(result.stderr)
    errors = [
        f"{message['url'].removeprefix(built_site.out.as_uri())}:{message.get('lastLine', '?')}: "
        f"{message['message']} | {message.get('extract', '').strip()[:120]}"
        for message in report["messages"]
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]
