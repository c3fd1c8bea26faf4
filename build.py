"""Agenda CSTI Grand Est: `python build.py [build|serve|check|new]` (see README.md)."""

import sys

try:
    from agenda.cli import main
except ModuleNotFoundError as missing:
    # Run with a Python that lacks the project's packages: say how to set it up rather
    # than print a traceback.
    sys.exit(
        f"Il manque le module Python « {missing.name} » : l'environnement du projet n'est "
        "pas installé, ou ce n'est pas lui qui lance la commande.\n"
        "Depuis la racine du dépôt : « make site » l'installe et construit le site ; "
        "ensuite, lancez « .venv/bin/python build.py … » (par exemple "
        "« .venv/bin/python build.py check »)."
    )

if __name__ == "__main__":
    sys.exit(main())
