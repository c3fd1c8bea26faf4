"""`python build.py serve`: build, serve on localhost, rebuild and reload the browser
when content, templates, assets or the configuration change (livereload)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from agenda.config import load_config
from agenda.errors import ContentError, format_text

WATCHED = ("content", "templates", "assets", "site_config.yaml")


def make_rebuilder(root: Path, today: date, out_dir: Path, base_url: str) -> Callable[[], bool]:
    """A callback that rebuilds the site; on error it prints and keeps the last good site."""
    from agenda.pipeline import build_site

    def rebuild() -> bool:
        try:
            report = build_site(root, today, out_dir, base_url)
        except ContentError as exc:
            print(format_text(exc.problems), file=sys.stderr)
            print("Le site précédent reste en ligne ; corrigez puis enregistrez.", file=sys.stderr)
            return False
        except Exception as exc:  # a template typo must not stop the server
            print(f"La construction a échoué : {exc}", file=sys.stderr)
            return False
        print(f"Site reconstruit : {report.pages} pages en {report.seconds:.1f} s.")
        return True

    return rebuild


def serve(
    root: Path,
    host: str,
    port: int,
    today: date,
    base_url: str | None,
    output: Path | None,
) -> None:
    """Serve the site until interrupted."""
    from livereload import Server

    config = load_config(root)
    out_dir = output if output is not None else root / config.output_dir
    # Links must point at this local server, whatever base_url the config publishes to.
    local_url = base_url or f"http://{host}:{port}"
    rebuild = make_rebuilder(root, today, out_dir, local_url)
    if not rebuild() and not out_dir.is_dir():
        out_dir.mkdir(parents=True)
    server = Server()
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path), rebuild)
    print(f"Site servi sur http://{host}:{port}/ (Ctrl+C pour arrêter).")
    server.serve(host=host, port=port, root=str(out_dir), restart_delay=0)
