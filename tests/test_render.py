"""The Jinja2 environment: escaping always on, unknown variables are errors, links
follow the base path."""

from __future__ import annotations

import jinja2
import pytest

from agenda.config import load_config
from agenda.errors import ContentError
from agenda.page import EmptyContext, Page
from agenda.render import SITE_CSP, make_environment, render_page, site_view
from agenda.urls import Links
from tests.conftest import REPO


def env_with(tmp_path, templates: dict[str, str], base_url: str = "https://x.org/agenda"):
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return make_environment(tmp_path, Links(base_url))


def test_autoescape_is_on(tmp_path):
    env = env_with(tmp_path, {"t.html": "<p>{{ value }}</p>"})
    assert (
        env.get_template("t.html").render(value="<script>x</script>")
        == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_unknown_variable_is_an_error(tmp_path):
    env = env_with(tmp_path, {"t.html": "{{ missing }}"})
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("t.html").render()


def test_href_and_absolute_filters_follow_the_base_path(tmp_path):
    env = env_with(
        tmp_path,
        {"t.html": "{{ '/lieux/x/'|href }} {{ '/lieux/x/'|absolute }} {{ 'https://o.fr'|href }}"},
    )
    assert (
        env.get_template("t.html").render()
        == "/agenda/lieux/x/ https://x.org/agenda/lieux/x/ https://o.fr"
    )


def test_tojson_keeps_a_title_inside_its_script(tmp_path):
    env = env_with(
        tmp_path, {"t.html": '<script type="application/ld+json">{{ data|tojson }}</script>'}
    )
    out = env.get_template("t.html").render(data={"name": "</script><script>alert(1)</script>"})
    assert out.count("</script>") == 1


def test_render_page_with_the_real_templates():
    config = load_config(REPO)
    links = Links(config.base_url)
    env = make_environment(REPO / "templates", links)
    site = site_view(config, links, "/assets/css/site.css")
    page = Page("/404.html", "404.html", EmptyContext(), "Page introuvable", noindex=True)
    html = render_page(env, page, site).decode("utf-8")
    assert '<html lang="fr">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Accessibilité : non conforme" in html


# Template errors: French, with the template and its line -----------------------------


def render_problem(tmp_path, templates: dict[str, str], name: str = "page.html"):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    env = env_with(folder, templates)
    config = load_config(REPO)
    site = site_view(config, Links(config.base_url), "/assets/css/site.css")
    page = Page("/x/", name, EmptyContext(), "Titre")
    with pytest.raises(ContentError) as caught:
        render_page(env, page, site)
    [problem] = caught.value.problems
    return problem


def test_syntax_error_names_template_and_line(tmp_path):
    problem = render_problem(tmp_path, {"page.html": "<p>\n<p>\n{% if page.title %}\n<p>x</p>\n"})
    assert problem.path == "templates/page.html"
    assert problem.line >= 3
    assert problem.field == "erreur de gabarit"
    assert problem.as_text().startswith(f"templates/page.html:{problem.line}: erreur de gabarit — ")
    assert "syntaxe" in problem.message and problem.hint


def test_syntax_error_in_an_include_names_the_include(tmp_path):
    problem = render_problem(
        tmp_path,
        {"page.html": "a\n{% include '_part.html' %}\n", "_part.html": "x\n{{ page.title }\n"},
    )
    assert problem.path == "templates/_part.html" and problem.line == 2


def test_undefined_variable_names_template_line_and_variable(tmp_path):
    problem = render_problem(
        tmp_path,
        {
            "base.html": "<h1>\n{% block content %}{% endblock %}\n",
            "page.html": "{% extends 'base.html' %}\n{% block content %}\nok\n{{ tilte }}\n"
            "{% endblock %}\n",
        },
    )
    assert (problem.path, problem.line) == ("templates/page.html", 4)
    assert "la variable « tilte » n'existe pas" in problem.message


def test_missing_attribute_is_named(tmp_path):
    problem = render_problem(tmp_path, {"page.html": "\n\n{{ page.titre.upper() }}\n"})
    assert problem.line == 3
    assert "« titre »" in problem.message


def test_missing_include_names_the_including_line(tmp_path):
    problem = render_problem(tmp_path, {"page.html": "a\nb\n{% include '_absent.html' %}\n"})
    assert (problem.path, problem.line) == ("templates/page.html", 3)
    assert "« _absent.html » est introuvable" in problem.message


def test_missing_page_template(tmp_path):
    problem = render_problem(tmp_path, {}, name="absent.html")
    assert problem.path == "templates/absent.html"
    assert "introuvable" in problem.message


def test_template_symlink_out_of_the_repository_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "templates").mkdir(parents=True)
    (repo / "templates" / "page.html").write_text("{% include '_lien.html' %}", encoding="utf-8")
    (repo / "templates" / "_lien.html").symlink_to(secret)
    problem = render_problem(repo, {})
    assert problem.path == "templates/_lien.html"
    assert "lien symbolique" in problem.message


def test_template_symlink_inside_templates_is_accepted(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "vrai.html").write_text("ok", encoding="utf-8")
    (folder / "alias.html").symlink_to(folder / "vrai.html")
    env = make_environment(folder, Links("https://x.org"))
    assert env.get_template("alias.html").render() == "ok"


# Content-Security-Policy ---------------------------------------------------------------


def test_every_page_carries_the_policy_and_referrer_meta():
    config = load_config(REPO)
    links = Links(config.base_url)
    env = make_environment(REPO / "templates", links)
    site = site_view(config, links, "/assets/css/site.css")
    html = render_page(env, Page("/404.html", "404.html", EmptyContext(), "x"), site).decode()
    assert html.count('http-equiv="Content-Security-Policy"') == 1
    assert f'<meta http-equiv="Content-Security-Policy" content="{SITE_CSP}">' in html.replace(
        "&#39;", "'"
    )
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html
    # The policy comes before anything it governs.
    assert html.index("Content-Security-Policy") < html.index("<link")


def test_site_policy_is_strict():
    directives = dict(d.strip().split(" ", 1) for d in SITE_CSP.split(";"))
    assert directives["default-src"] == "'none'"
    # Scripts only from the site (filters, search, maps): no inline script, no eval;
    # WebAssembly (Pagefind) is the one thing 'wasm-unsafe-eval' lets the browser compile.
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "unsafe" not in SITE_CSP.replace("'wasm-unsafe-eval'", "")
    assert directives["connect-src"] == directives["style-src"] == "'self'"
    assert directives["form-action"] == "'self'"
    # Images of the site, plus the map tiles: the one other server the pages reach.
    assert directives["img-src"] == "'self' https://tile.openstreetmap.org"
    assert "data:" not in SITE_CSP and "*" not in SITE_CSP
    assert directives["object-src"] == directives["base-uri"] == "'none'"


def test_every_built_html_file_has_one_policy_and_one_referrer(built_site):
    import html
    import re

    from agenda.cms import admin_csp

    config = load_config(built_site.root)
    files = sorted(built_site.out.rglob("*.html"))
    assert len(files) > 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        policies = re.findall(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text
        )
        assert len(policies) == 1, file
        assert text.count("Content-Security-Policy") == 1, file
        assert head.count('<meta name="referrer" content="strict-origin-when-cross-origin">') == 1
        # The policy is the first thing after the charset: it governs all that follows.
        assert head.index("Content-Security-Policy") < head.index("<title>"), file
        expected = admin_csp(config) if file.parent.name == "admin" else SITE_CSP
        assert html.unescape(policies[0]) == expected, file
        # Nothing the site policy would block: no inline style or script.
        if file.parent.name != "admin":
            assert " style=" not in text and "<style" not in text, file
            scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>(.*?)</script>", text)
            assert all(body == "" for body in scripts), file  # no inline script
            for tag in re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", text):
                assert re.fullmatch(
                    r'<script type="module" src="/assets/js/[\w-]+\.js\?v=\w+">', tag
                )
