"""The contours of the départements of the Grand Est, to tell which one a point is in.

The table is agenda/data/departements-grand-est.json, extracted from IGN's Admin Express
contours (simplified, via gregoiredavid/france-geojson) by
scripts/extract-departements.py; it is read once, on first use. The contours are
simplified: near a border they can be off by a few hundred metres, so callers compare
with a tolerance (`distance_to_departement_km`) rather than trust a point that is just
across a line.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "departements-grand-est.json"

# Kilometres per degree: latitude everywhere, longitude at the equator (× cos(lat)).
KM_PER_DEGREE_LAT = 110.6
KM_PER_DEGREE_LON = 111.3
# Horizontal bands per polygon: a ray cast only looks at the edges of the point's band
# instead of all ~200 edges, which keeps `check` cheap at thousands of venues.
BANDS = 32

Point = tuple[float, float]  # (lon, lat), the GeoJSON order
Edge = tuple[float, float, float, float]  # lon1, lat1, lon2, lat2


@dataclass(frozen=True)
class Polygon:
    """An outer ring and its holes, with a bounding box and edges bucketed by latitude."""

    rings: tuple[tuple[Point, ...], ...]
    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float
    bands: tuple[tuple[Edge, ...], ...]

    @classmethod
    def from_rings(cls, rings: list[list[list[float]]]) -> Polygon:
        """A polygon from GeoJSON rings (outer first, then holes)."""
        points = tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in rings)
        outer = points[0]
        lon_min = min(p[0] for p in outer)
        lon_max = max(p[0] for p in outer)
        lat_min = min(p[1] for p in outer)
        lat_max = max(p[1] for p in outer)
        height = (lat_max - lat_min) / BANDS or 1.0
        bands: list[list[Edge]] = [[] for _ in range(BANDS)]
        for ring in points:
            for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
                low = _band(min(lat1, lat2), lat_min, height)
                high = _band(max(lat1, lat2), lat_min, height)
                for band in range(low, high + 1):
                    bands[band].append((lon1, lat1, lon2, lat2))
        return cls(points, lon_min, lat_min, lon_max, lat_max, tuple(map(tuple, bands)))

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point is inside (even-odd rule: a point in a hole is outside)."""
        if not (self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max):
            return False
        height = (self.lat_max - self.lat_min) / BANDS or 1.0
        inside = False
        for lon1, lat1, lon2, lat2 in self.bands[_band(lat, self.lat_min, height)]:
            if (lat1 > lat) != (lat2 > lat):
                crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
                if lon < crossing:
                    inside = not inside
        return inside

    def distance_km(self, lat: float, lon: float) -> float:
        """Approximate distance from the point to the nearest edge of any ring."""
        # A local flat projection around the point: plenty at the scale of a border.
        scale_lon = KM_PER_DEGREE_LON * math.cos(math.radians(lat))
        best = math.inf
        for ring in self.rings:
            for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
                x1, y1 = (lon1 - lon) * scale_lon, (lat1 - lat) * KM_PER_DEGREE_LAT
                x2, y2 = (lon2 - lon) * scale_lon, (lat2 - lat) * KM_PER_DEGREE_LAT
                best = min(best, _distance_to_segment(x1, y1, x2, y2))
        return best


@dataclass(frozen=True)
class DepartementContour:
    """One département: its name and polygons (a département may have several)."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]

    def contains(self, lat: float, lon: float) -> bool:
        return any(polygon.contains(lat, lon) for polygon in self.polygons)

    def distance_km(self, lat: float, lon: float) -> float:
        """0 inside; otherwise the approximate distance to the nearest border, in km."""
        if self.contains(lat, lon):
            return 0.0
        return min(polygon.distance_km(lat, lon) for polygon in self.polygons)


@dataclass(frozen=True)
class ContourTable:
    """The départements' contours, with the data's provenance."""

    departements: dict[str, DepartementContour]
    source: str = ""
    commit: str = ""
    licence: str = ""

    def departement_at(self, lat: float, lon: float, first: str = "") -> str | None:
        """The code of the département the point is in, or None when in none of them.

        `first` is tried before the others: the expected département, usually right.
        """
        expected = self.departements.get(first)
        if expected is not None and expected.contains(lat, lon):
            return first
        for code, contour in self.departements.items():
            if code != first and contour.contains(lat, lon):
                return code
        return None

    def distance_to_departement_km(self, lat: float, lon: float, code: str) -> float:
        """Approximate distance from the point to département `code` (0 inside it)."""
        return self.departements[code].distance_km(lat, lon)


def _band(lat: float, lat_min: float, height: float) -> int:
    return min(BANDS - 1, max(0, int((lat - lat_min) / height)))


def _distance_to_segment(x1: float, y1: float, x2: float, y2: float) -> float:
    """Distance from the origin to the segment (x1, y1)–(x2, y2)."""
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / length2))
    return math.hypot(x1 + t * dx, y1 + t * dy)


def load_contours(path: Path = DATA_FILE) -> ContourTable:
    """Read a contour file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return ContourTable(
        {
            code: DepartementContour(
                code,
                str(entry["name"]),
                tuple(Polygon.from_rings(rings) for rings in entry["polygons"]),
            )
            for code, entry in data["departements"].items()
        },
        source=str(data.get("source", "")),
        commit=str(data.get("commit", "")),
        licence=str(data.get("licence", "")),
    )


@cache
def grand_est_contours() -> ContourTable:
    """The shipped contours of the Grand Est, read once."""
    return load_contours()


def departement_at(lat: float, lon: float) -> str | None:
    """The Grand Est département a point is in, or None when in none of them."""
    return grand_est_contours().departement_at(lat, lon)


def distance_to_departement_km(lat: float, lon: float, code: str) -> float:
    """Approximate distance in km from a point to a Grand Est département (0 inside)."""
    return grand_est_contours().distance_to_departement_km(lat, lon, code)
