"""The commands people run: build, serve, check, new. Reads the clock once, here."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.dates import PARIS
from agenda.errors import (
    ContentError,
    Problem,
    format_github,
    format_github_summary,
    format_json,
    format_text,
)
from agenda.output import OutputError
from agenda.search import SearchError

if TYPE_CHECKING:
    from agenda.pipeline import BuildReport


def _now() -> datetime:
    # The only reading of the clock: "today" in Paris decides upcoming vs past.
    return datetime.now(tz=PARIS)


def _today(value: str | None) -> date:
    if value:
        return date.fromisoformat(value)
    return _now().date()


def _iso_date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {value} » n'est pas une date AAAA-MM-JJ") from None
    return value


def _year(value: str) -> int:
    from agenda.dates import YEAR_MAX, YEAR_MIN

    if not value.isdigit() or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise argparse.ArgumentTypeError(
            f"« {value} » n'est pas une année entre {YEAR_MIN} et {YEAR_MAX}"
        )
    return int(value)


def _add_common(parser: argparse.ArgumentParser, *, site: bool, top: bool) -> None:
    # Options may come before or after the command; under a command their default is
    # SUPPRESS so that it does not overwrite a value given before the command.
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--root",
        type=Path,
        default=default(Path.cwd()),
        help="dossier du dépôt (par défaut : le dossier courant)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="afficher la trace Python complète d'une erreur interne",
    )
    if site:
        parser.add_argument(
            "--today",
            type=_iso_date,
            default=default(None),
            help="date du jour AAAA-MM-JJ (par défaut : aujourd'hui à Paris)",
        )
        parser.add_argument(
            "--base-url",
            default=default(None),
            help="adresse publique (par défaut : base_url de site_config.yaml)",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=default(None),
            help="dossier de sortie (par défaut : output_dir de site_config.yaml)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default(0),
            help="processus de construction (par défaut : un par cœur)",
        )
        parser.add_argument(
            "--no-cache",
            action="store_true",
            default=default(False),
            help="tout refaire sans lire ni écrire le cache .cache/agenda/",
        )


def make_parser() -> argparse.ArgumentParser:
    """The command line: `build.py [build|serve|check|new]`, build being the default."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Agenda CSTI Grand Est : construit le site statique."
    )
    _add_common(parser, site=True, top=True)
    commands = parser.add_subparsers(dest="command", metavar="{build,serve,check,new,reference}")
    build = commands.add_parser("build", help="construire le site (par défaut)")
    _add_common(build, site=True, top=False)
    for parser_with_build in (parser, build):
        parser_with_build.add_argument(
            "--force",
            action="store_true",
            default=False if parser_with_build is parser else argparse.SUPPRESS,
            help="tout reconstruire, même quand rien n'a changé depuis la dernière construction",
        )
    serve = commands.add_parser(
        "serve", help="construire, servir et recharger à chaque modification"
    )
    _add_common(serve, site=True, top=False)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    check = commands.add_parser("check", help="vérifier le contenu sans rien publier")
    _add_common(check, site=False, top=False)
    check.add_argument(
        "--since",
        default=None,
        metavar="REF",
        help="comparer aussi à cette branche git (pull request) : fichiers supprimés ou "
        "renommés, images trop lourdes, champs conseillés",
    )
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default=None,
        help="text, github (annotations) ou json ; github dans GitHub Actions",
    )
    reference = commands.add_parser(
        "reference", help="réécrire docs/reference-des-champs.md depuis le schéma"
    )
    _add_common(reference, site=False, top=False)
    new = commands.add_parser("new", help="créer une fiche à remplir")
    _add_common(new, site=False, top=False)
    new.add_argument("kind", choices=("event", "venue", "partner"))
    new.add_argument(
        "slug", nargs="?", default=None, help="nom du fichier (minuscules, chiffres, tirets)"
    )
    when = new.add_mutually_exclusive_group()
    when.add_argument(
        "--year",
        type=_year,
        default=None,
        help="new event : l'année de l'événement, donc le dossier content/events/<année>/ "
        "(par défaut : l'année en cours)",
    )
    when.add_argument(
        "--date",
        type=_iso_date,
        default=None,
        help="new event : la date de l'événement (AAAA-MM-JJ), qui choisit le dossier de son année",
    )
    return parser


def print_problems(problems: list[Problem], output_format: str = "text") -> None:
    """Print problems in the chosen format; errors and warnings go to stderr for text."""
    if output_format == "json":
        print(format_json(problems))
        return
    if output_format == "github":
        print(format_github(problems))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with Path(summary_file).open("a", encoding="utf-8") as handle:
                handle.write(format_github_summary(problems))
        return
    print(format_text(problems), file=sys.stderr)


EXIT_INTERNAL = 3  # a bug of the generator, not of the content
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status (0 ok, 1 content errors, 2 usage,
    3 internal error of the generator, 130 interrupted)."""
    args = make_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the ^C line; nothing more to say
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(
            f"Erreur interne du générateur : {type(exc).__name__}: {exc}\n"
            "Ce n'est pas une erreur de votre contenu. Signalez-la avec cette sortie : "
            "ouvrez un ticket sur le dépôt en y copiant ce message"
            + (
                " et la trace ci-dessus."
                if args.debug
                else " (et la trace complète, que donne la même commande suivie de --debug)."
            ),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root.resolve()
    command = args.command or "build"
    try:
        if command == "check":
            return run_check(root, args.format, args.since)
        if command == "new":
            from agenda.scaffold import write_skeleton

            if (args.year or args.date) and args.kind != "event":
                print(
                    "--year et --date ne servent qu'à « new event » : un lieu ou un partenaire "
                    "n'a pas de date.",
                    file=sys.stderr,
                )
                return 2
            day = _today(args.date)
            if args.year:
                day = day.replace(year=args.year, month=1, day=1)
            path = write_skeleton(root, args.kind, args.slug, day)
            print(
                f"Fiche créée : {path.relative_to(root)}. Remplissez-la, puis lancez "
                "« python build.py check »."
            )
            return 0
        if command == "reference":
            from agenda.config import load_config
            from agenda.reference import write_reference

            path = write_reference(root, load_config(root))
            print(f"Référence écrite : {path.relative_to(root)}")
            return 0
        if command == "serve":
            from agenda.devserver import ServeError
            from agenda.serve import Days, make_rebuilder, serve

            # Without --today, each rebuild asks the clock again: the date moves at midnight.
            fixed = date.fromisoformat(args.today) if args.today else None
            rebuilder = functools.partial(
                make_rebuilder, jobs=args.jobs, use_cache=not args.no_cache
            )
            try:
                serve(
                    root,
                    args.host,
                    args.port,
                    Days(fixed, _now),
                    args.base_url,
                    args.output,
                    make_rebuild=rebuilder,
                )
            except ServeError as exc:
                print(f"Impossible de servir le site : {exc}", file=sys.stderr)
                return 1
            return 0
        return run_build(
            root,
            _today(args.today),
            args.output,
            args.base_url,
            jobs=args.jobs,
            use_cache=not args.no_cache,
            if_changed=not (args.force or args.no_cache),
        )
    except ContentError as exc:
        print_problems(exc.problems)
        return 1
    except FileExistsError as exc:
        print(f"Rien n'a été écrit : {exc}", file=sys.stderr)
        return 1
    except (OutputError, SearchError) as exc:
        # The output folder is not one the build may replace, or Pagefind failed on the
        # written site: the previous one stays.
        print(f"Rien n'a été publié : {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # Disk full, no permission, a folder in the way: the machine, not the generator.
        where = f" « {exc.filename} »" if exc.filename else ""
        print(
            f"Impossible de lire ou d'écrire{where} : {exc.strerror or exc}. "
            "Vérifiez l'espace disque et les droits sur ce dossier, puis relancez.",
            file=sys.stderr,
        )
        return 1


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number <= 1 else many}"


def run_check(root: Path, output_format: str | None, since: str | None = None) -> int:
    """Validate content only (and the change since `since`); exit 1 on any error."""
    from agenda.pipeline import check_site
    from agenda.review import ReviewError, review_changes

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    from agenda.cache import open_cache

    result = check_site(root, store=open_cache(root))
    problems = list(result.problems)
    if since is not None:
        try:
            problems += review_changes(root, since, result.config, result.content, _today(None))
        except ReviewError as exc:
            print(f"Impossible de comparer avec « {since} » : {exc}", file=sys.stderr)
            return 2
    ok = not any(p.is_error for p in problems)
    if output_format != "text" or problems:
        print_problems(sorted(problems), output_format)
    if ok and output_format == "text" and result.content is not None:
        content = result.content
        print(
            f"Contenu valide : {_count(len(content.events), 'événement', 'événements')}, "
            f"{_count(len(content.venues), 'lieu', 'lieux')}, "
            f"{_count(len(content.partners), 'partenaire', 'partenaires')}."
        )
    return 0 if ok else 1


def run_build(
    root: Path,
    today: date,
    output: Path | None,
    base_url: str | None,
    *,
    jobs: int = 0,
    use_cache: bool = True,
    if_changed: bool = False,
) -> int:
    """Build once and say what was written (`if_changed`: nothing, when the published
    site was built from the same inputs)."""
    from agenda.pipeline import build_site
    from agenda.progress import Progress

    report = build_site(
        root,
        today,
        output,
        base_url,
        jobs=jobs,
        use_cache=use_cache,
        progress=Progress.for_terminal(),
        if_changed=if_changed,
    )
    if report.problems:
        print_problems(report.problems)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(summary_line(report))
    return 0


def summary_line(report: BuildReport) -> str:
    """The one line a build ends with: what it made, what it reused, how long it took."""
    if report.up_to_date:
        return (
            f"Site déjà à jour : rien n'a changé depuis sa construction ({report.pages} "
            f"pages, {report.events} événements), aucun fichier réécrit ; vérifié en "
            f"{report.seconds:.1f} s. « --force » reconstruit tout."
        )
    reused = report.cache_hits
    looked_up = report.cache_hits + report.cache_misses
    return (
        f"Site construit : {report.pages} pages, "
        f"{_count(report.feeds, 'calendrier', 'calendriers')}, {report.files} fichiers "
        f"({report.files - report.unchanged} écrits), {report.events} événements ; "
        f"cache : {reused}/{looked_up} repris ; en {report.seconds:.1f} s."
    )
