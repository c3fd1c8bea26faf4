"""The Jinja2 environment: escaping always on, unknown variables are errors, links
follow the base path."""

from __future__ import annotations

import jinja2
import pytest

from agenda.config import load_config
from agenda.pages import EmptyContext, Page
from agenda.render import make_environment, render_page, site_view
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
