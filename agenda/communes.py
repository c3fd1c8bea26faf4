"""The communes of the Grand Est and their postal codes, to check what a venue says.

The table is agenda/data/communes-grand-est.json, extracted from the state's open data
(INSEE, La Poste) by scripts/extract-communes.py; it is read once, on first use.
Names are compared without accents, case, hyphens or apostrophes: « Epinal »,
« ÉPINAL » and « épinal » all name Épinal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes-grand-est.json"


@dataclass(frozen=True)
class Commune:
    """One commune served by a postal code."""

    name: str
    departement: str
    postal_code: str


@dataclass(frozen=True)
class CommuneTable:
    """Postal code → the communes it serves, with the data's provenance."""

    by_postal_code: dict[str, tuple[Commune, ...]]
    departements: frozenset[str] = frozenset()
    version: str = ""
    source: str = ""

    def communes(self, postal_code: str) -> tuple[Commune, ...]:
        """The communes of a postal code; () for a code the table does not know."""
        return self.by_postal_code.get(postal_code, ())

    def find(self, postal_code: str, city: str) -> Commune | None:
        """The commune of `postal_code` that `city` names, compared loosely."""
        wanted = name_key(city)
        return next((c for c in self.communes(postal_code) if name_key(c.name) == wanted), None)

    def named(self, city: str) -> tuple[Commune, ...]:
        """Every (commune, postal code) pair whose name is `city`, compared loosely."""
        return self._by_name_key.get(name_key(city), ())

    @cached_property
    def _by_name_key(self) -> dict[str, tuple[Commune, ...]]:
        # Built once: a scan of the 5,000 communes per venue made `check` quadratic.
        index: dict[str, list[Commune]] = {}
        for communes in self.by_postal_code.values():
            for commune in communes:
                index.setdefault(name_key(commune.name), []).append(commune)
        return {key: tuple(found) for key, found in index.items()}

    def close_names(self, postal_code: str, city: str, count: int = 3) -> list[str]:
        """The names of `postal_code`'s communes closest to `city` (best first)."""
        import difflib

        names = {name_key(c.name): c.name for c in self.communes(postal_code)}
        close = difflib.get_close_matches(name_key(city), list(names), n=count, cutoff=0.5)
        return [names[key] for key in close]

    def near_codes(self, postal_code: str, count: int = 3) -> list[str]:
        """Known postal codes of the same département closest in number to `postal_code`."""
        if not postal_code.isdigit():
            return []
        same = [c for c in self.by_postal_code if c[:2] == postal_code[:2]]
        same.sort(key=lambda c: (abs(int(c) - int(postal_code)), c))
        return same[:count]


def name_key(name: str) -> str:
    """A commune name without accents, case, ligatures, hyphens nor apostrophes."""
    text = name.casefold().replace("œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"\bst\b\.?", "saint", text)
    text = re.sub(r"\bste\b\.?", "sainte", text)
    return " ".join(re.split(r"[\s\-'’.]+", text)).strip()


def load_table(path: Path = DATA_FILE) -> CommuneTable:
    """Read a commune table file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return CommuneTable(
        {
            code: tuple(Commune(name, dep, code) for name, dep in entries)
            for code, entries in data["postal_codes"].items()
        },
        departements=frozenset(data["departements"]),
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
    )


@cache
def grand_est() -> CommuneTable:
    """The shipped table of the Grand Est, read once."""
    return load_table()
