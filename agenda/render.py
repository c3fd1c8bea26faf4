"""The Jinja2 environment: autoescaping, strict undefined variables, and the filters
templates use to turn site paths into links; template errors as plain French problems;
the Content-Security-Policy every page carries."""

from __future__ import annotations

import hashlib
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from agenda import urls
from agenda.config import SiteConfig
from agenda.errors import ContentError, Problem
from agenda.listing_index import FilterChoices, filter_choices
from agenda.page import FeedLinks, NamedLink, Page, feed_links
from agenda.programmes import ProgrammeLink
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
    consortium: tuple[str, ...] = ()  # named in every page's footer
    csp: str = ""  # the Content-Security-Policy <meta> of every page
    # The search module (versioned site path), or "" when the site is built without search:
    # the header then keeps its links to the départements and themes.
    search_script: str = ""
    referrer: str = ""  # the Referrer-Policy <meta> of every page
    filters: FilterChoices = field(default_factory=FilterChoices)  # listing filter options
    # The printable programmes (PDF) each page offers, by the page's URL; a page with no
    # event in the coming months has none.
    programmes: Mapping[str, tuple[ProgrammeLink, ...]] = field(default_factory=dict)


# Everything the public pages use (stylesheet, images, scripts, the JSON indexes they
# read) comes from the site itself, except the map tiles; `default-src 'none'` blocks
# the rest (frames, fonts, anything from elsewhere).
# `script-src 'self'`: our ES modules (assets/js/: filters, search, maps) and the
# vendored Leaflet, files of the site only — never an inline script, never a CDN;
# `'wasm-unsafe-eval'` lets Pagefind compile its WebAssembly search index (it allows no
# JavaScript eval). `connect-src 'self'`: those scripts fetch the events' index
# (/donnees/) and the search index (/pagefind/). `img-src https://tile.openstreetmap.org`:
# the map tiles, the one request to another server (stated in
# templates/_privacy_map.html). Leaflet positions its panes and tiles through the CSSOM
# (element.style), which `style-src 'self'` allows. `base-uri 'none'` stops an injected
# <base> from re-pointing relative links; `form-action 'self'`: the header's search form
# goes to /recherche/ (the filter form is never submitted); `object-src 'none'`: no
# plugins.
# `frame-src 'self'`: /integrer/ previews the <iframe> a partner may paste, which shows a
# page of the site itself (/integrer/cadre/…); no other frame.
# (`frame-ancestors` is ignored in a <meta>: it needs an HTTP header the host sets.)
# Search (Pagefind) needs exactly three more things, all from the site itself:
# - `script-src 'self'`: the search module (assets/js/recherche.js) and Pagefind's
#   pagefind.js, both files of the site; never an inline script, never eval;
# - `'wasm-unsafe-eval'`: Pagefind searches with WebAssembly (pagefind/wasm.*.pagefind),
#   which browsers only compile with this keyword; it allows no JavaScript eval;
# - `connect-src 'self'`: pagefind.js fetches its index files (pagefind/*.pf_*);
# - `form-action 'self'`: the header search form goes to /recherche/ on the site.
# Results are built with DOM methods and styled by site.css: `style-src` stays 'self'.
# The JSON-LD <script type="application/ld+json"> is a data block, never executed, so
# script-src does not allow or block it.
SITE_CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "style-src 'self'; img-src 'self' https://tile.openstreetmap.org; base-uri 'none'; "
    "form-action 'self'; object-src 'none'; frame-src 'self'"
)
# Links to partners' sites send only the agenda's origin (never the page's path), and
# nothing over a downgrade to http: partners can still see visitors come from the
# agenda, which matters to them, while the browsing path stays private.
REFERRER_POLICY = "strict-origin-when-cross-origin"


def site_view(
    config: SiteConfig,
    links: Links,
    stylesheet: str,
    search_script: str = "",
    programmes: Mapping[str, tuple[ProgrammeLink, ...]] | None = None,
) -> SiteView:
    """Build the site-wide template variables once (`programmes`: the PDFs by page URL)."""
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
        search_script=search_script,
        consortium=config.consortium,
        csp=SITE_CSP,
        referrer=REFERRER_POLICY,
        filters=filter_choices(config),
        programmes=programmes or {},
    )


class TemplateRefused(jinja2.TemplateError):
    """A template file that resolves outside templates/ (a symbolic link going out)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class RepositoryLoader(jinja2.FileSystemLoader):
    """Reads templates only from inside the templates folder of the repository: a
    symbolic link leading anywhere else (another folder, another disk) is refused."""

    def __init__(self, templates_dir: Path) -> None:
        super().__init__(templates_dir)
        self.folder = templates_dir.resolve()
        self.repository = templates_dir.absolute().parent.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = Path(self.folder, *split_template_path(template))
        unsafe = not self.folder.is_relative_to(self.repository)
        if path.exists() or path.is_symlink():
            unsafe = unsafe or not path.resolve().is_relative_to(self.folder)
        if unsafe:
            raise TemplateRefused(template)
        return super().get_source(environment, template)


class AssetVersions:
    """The `versioned` filter: "/assets/js/carte.js" → "/assets/js/carte.js?v=<sha256[:10]>",
    so a browser fetches a file of assets/ again as soon as it changes (like the stylesheet).
    Only files of assets/ are read; any other path is returned as it is."""

    def __init__(self, root: Path) -> None:
        self.assets = (root / "assets").resolve()
        self.cache: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        if path not in self.cache:
            file = (self.assets.parent / path.lstrip("/")).resolve()
            version = ""
            if file.is_relative_to(self.assets) and file.is_file():
                version = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
            self.cache[path] = f"{path}?v={version}" if version else path
        return self.cache[path]


def make_environment(templates_dir: Path, links: Links) -> jinja2.Environment:
    """A Jinja2 environment reading `templates_dir`, with autoescaping always on."""
    env = jinja2.Environment(
        loader=RepositoryLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["href"] = links.href
    env.filters["absolute"] = links.absolute
    env.filters["versioned"] = AssetVersions(templates_dir.absolute().parent)
    env.globals["urls"] = urls
    env.globals["links"] = links
    env.globals["versioned"] = _versioner(templates_dir.parent)
    return env


def _versioner(root: Path) -> Callable[[str], str]:
    """`versioned("assets/js/filtres.js")` → "/assets/js/filtres.js?v=<hash of the file>",
    so a browser never runs an old script (or style) with a new page."""
    cache: dict[str, str] = {}

    def versioned(path: str) -> str:
        if path not in cache:
            file = root / path
            inside = path.startswith("assets/") and file.resolve().is_relative_to(
                (root / "assets").resolve()
            )
            readable = inside and file.is_file() and not file.is_symlink()
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if readable else "0"
            cache[path] = f"{urls.asset(path)}?v={digest}"
        return cache[path]

    return versioned


def render_page(env: jinja2.Environment, page: Page, site: SiteView) -> bytes:
    """Render one page to UTF-8 bytes; a template error becomes a ContentError naming
    the template file and line, in French."""
    try:
        template = env.get_template(page.template)
        return template.render(site=site, page=page, ctx=page.context).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise ContentError([template_problem(exc, page.template)]) from None


TEMPLATE_HINT = (
    "Corrigez le gabarit : chaque {{ … }} et {% … %} doit être fermé, chaque {% if %} "
    "avoir son {% endif %}, et n'utiliser que site, page, ctx, urls et links."
)


def _where(exc: BaseException, default: str) -> tuple[str, int]:
    """The template and line an error was raised from: the innermost template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.name:
        return exc.name, exc.lineno
    if isinstance(exc, TemplateRefused):
        return exc.name, 0  # the link itself is what to fix
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = Path(frame.filename).parts
        if "templates" in parts and frame.filename.endswith((".html", ".xml", ".txt")):
            index = len(parts) - 1 - parts[::-1].index("templates")
            return "/".join(parts[index + 1 :]), frame.lineno or 0
    return default, 0


def _explain(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, TemplateRefused):
        return (
            f"le gabarit « {exc.name} » est un lien symbolique qui mène hors de templates/ : "
            "refusé."
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"le gabarit « {exc.name} » est introuvable dans templates/."
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntaxe incorrecte ({exc.message})."
    if isinstance(exc, jinja2.UndefinedError):
        text = exc.message or ""
        missing = re.fullmatch(r"'(.+)' is undefined", text)
        if missing:
            return f"la variable « {missing.group(1)} » n'existe pas."
        attribute = re.fullmatch(r"'(.+)' (?:object )?has no attribute '(.+)'", text)
        if attribute:
            return f"« {attribute.group(2)} » n'existe pas dans « {attribute.group(1)} »."
        return f"valeur non définie ({text})."
    return f"{exc.message or type(exc).__name__}."


def template_problem(exc: jinja2.TemplateError, default: str) -> Problem:
    """« templates/event.html:12: erreur de gabarit — … » for any template error."""
    name, line = _where(exc, default)
    hint = TEMPLATE_HINT
    if isinstance(exc, TemplateRefused):
        hint = "Remplacez le lien par un vrai fichier dans templates/."
    elif isinstance(exc, jinja2.TemplateNotFound):
        hint = "Vérifiez le nom dans {% extends %} ou {% include %}, ou créez ce fichier."
    return Problem(f"templates/{name}", line, "erreur de gabarit", _explain(exc), hint)
