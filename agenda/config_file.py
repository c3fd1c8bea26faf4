"""site_config.yaml opened and composed: inside the repository, UTF-8, no anchors or aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agenda.errors import ContentError, Problem
from agenda.yamlerrors import syntax_problem

CONFIG_FILE = "site_config.yaml"


class _AliasRefused(yaml.YAMLError):
    """An anchor (&name) or alias (*name) in the config: refused (alias bombs)."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(text)
        self.line = line
        self.text = text


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases as it composes nodes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            raise _AliasRefused(line, f"alias « *{event.anchor} » refusé")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _AliasRefused(line, f"ancre « &{anchor} » refusée")
        return super().compose_node(parent, index)


def read_config_file(root: Path) -> tuple[yaml.MappingNode, dict[str, Any]]:
    """The config's composed root node and its values; raise ContentError when unreadable."""
    path = root / CONFIG_FILE
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "ce fichier est un lien symbolique qui mène hors du dépôt : refusé.",
                    "Remplacez le lien par le fichier lui-même.",
                )
            ]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "fichier introuvable.",
                    "Lancez la commande depuis la racine du dépôt.",
                )
            ]
        ) from None
    except UnicodeDecodeError:
        raise ContentError(
            [Problem(CONFIG_FILE, 0, "", "n'est pas écrit en UTF-8.", "Enregistrez-le en UTF-8.")]
        ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else {}
    except _AliasRefused as exc:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    exc.line,
                    "",
                    f"{exc.text} : les ancres et alias YAML ne sont pas acceptés ici.",
                    "Recopiez la valeur à chaque endroit où elle sert.",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        # The same plain-French reading of parser errors as for content files.
        raise ContentError([syntax_problem(exc, text, CONFIG_FILE, 0)]) from None
    except yaml.YAMLError:
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    "",
                    "ce fichier n'a pas pu être lu.",
                    "Vérifiez les guillemets, les deux-points et l'indentation de chaque ligne.",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", []), {}
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        raise ContentError(
            [
                Problem(
                    CONFIG_FILE,
                    1,
                    "",
                    "doit être une liste de champs.",
                    'Écrivez un champ par ligne : title: "Agenda CSTI Grand Est".',
                )
            ]
        )
    return node, values
