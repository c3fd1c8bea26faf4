"""The Jinja2 environment: autoescaping, strict undefined variables, and the filters
templates use to turn site paths into links."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from agenda import urls
from agenda.config import SiteConfig
from agenda.pages import FeedLinks, NamedLink, Page, feed_links
from agenda.urls import Links


@dataclass(frozen=True)
class SiteView:
    """The site-wide variables every template may read, as `site`."""

    title: str
    description: str
    departements: tuple[NamedLink, ...]
    themes: tuple[NamedLink, ...]
    feed: FeedLinks
    accessibility_status: str
    accessibility_statement_url: str
    licence_name: str
    licence_url: str
    stylesheet: str


def site_view(config: SiteConfig, links: Links, stylesheet: str) -> SiteView:
    """Build the site-wide template variables once."""
    return SiteView(
        title=config.title,
        description=config.description,
        departements=tuple(
            NamedLink(d.name, urls.departement(d.slug)) for d in config.departements
        ),
        themes=tuple(NamedLink(t.label, urls.theme(t.slug)) for t in config.themes.terms),
        feed=feed_links(config.title, urls.region_feed(), links),
        accessibility_status=config.accessibility_status,
        accessibility_statement_url=config.accessibility_statement_url,
        licence_name=config.licence_name,
        licence_url=config.licence_url,
        stylesheet=stylesheet,
    )


def make_environment(templates_dir: Path, links: Links) -> jinja2.Environment:
    """A Jinja2 environment reading `templates_dir`, with autoescaping always on."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["href"] = links.href
    env.filters["absolute"] = links.absolute
    env.globals["urls"] = urls
    env.globals["links"] = links
    return env


def render_page(env: jinja2.Environment, page: Page, site: SiteView) -> bytes:
    """Render one page to UTF-8 bytes."""
    template = env.get_template(page.template)
    return template.render(site=site, page=page, ctx=page.context).encode("utf-8")
