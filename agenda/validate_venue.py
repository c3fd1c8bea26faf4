"""Venue records: address, postal code and commune, département, coordinates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from agenda.communes import Commune, grand_est, name_key
from agenda.config import SiteConfig
from agenda.contours import grand_est_contours
from agenda.errors import Problem
from agenda.fields import RecordReader
from agenda.model import Venue
from agenda.reference import reference_url
from agenda.schema import FIELDS_BY_KIND
from agenda.sources import RawRecord

POSTAL_CODE_RE = re.compile(r"^\d{5}$")
# The shipped contours are simplified: measured against IGN's finer contours they stray
# up to 2.8 km from the border, so a point this close to the postal code's département
# is given the benefit of the doubt.
BORDER_TOLERANCE_KM = 3.5


def validate_venue(record: RawRecord, config: SiteConfig, problems: list[Problem]) -> Venue:
    """A venue record → Venue, with its département derived from the postal code."""
    read = RecordReader(record, FIELDS_BY_KIND["venue"], problems)
    postal_code = read.text("postal_code")
    city = read.text("city")
    # A city already reported (line break, invisible character) is not compared again.
    city_checked = any(p.path == record.path and p.field == "city" for p in problems)
    departement = ""
    if postal_code:
        if not POSTAL_CODE_RE.match(postal_code):
            _postal_code_form(read, postal_code)
        else:
            departement = postal_code[:2]
            if config.departement_by_code(departement) is None:
                codes = ", ".join(d.code for d in config.departements)
                read.error(
                    "postal_code",
                    read.line("postal_code"),
                    f"le code postal {postal_code} n'est pas dans la région "
                    f"(départements {codes}).",
                    "Vérifiez le code postal : le site couvre le Grand Est.",
                )
                departement = ""
            else:
                departement = (
                    _commune(read, postal_code, "" if city_checked else city) or departement
                )
    # The département the postal code (and the commune table) gives, before `departement:`.
    postal_departement = departement
    written = read.text("departement")
    if written:
        written = written.zfill(2) if written.isdigit() else written
        if config.departement_by_code(written) is None:
            read.error(
                "departement",
                read.line("departement"),
                f"« {written} » n'est pas un département de la région.",
                "Codes possibles : " + ", ".join(d.code for d in config.departements) + ".",
            )
        elif departement and written != departement:
            read.error(
                "departement",
                read.line("departement"),
                f"le département {written} ne correspond pas au code postal "
                f"{postal_code} (département {departement}).",
                "Corrigez l'un des deux, ou retirez la ligne departement : "
                "il est déduit du code postal.",
            )
        elif not departement:
            departement = written
    lat = _coordinate(read, "lat")
    lon = _coordinate(read, "lon")
    if ("lat" in record.fields) != ("lon" in record.fields):
        missing, given = ("lon", "lat") if "lat" in record.fields else ("lat", "lon")
        read.error(
            missing,
            read.line(given),
            f"{given} est donné sans {missing}.",
            "Donnez les deux coordonnées, ou aucune.",
        )
    if lat is not None and lon is not None and not config.region_bounds.contains(lat, lon):
        bounds = config.region_bounds
        hint = (
            f"La région s'étend de {bounds.lat_min} à {bounds.lat_max} en latitude et de "
            f"{bounds.lon_min} à {bounds.lon_max} en longitude."
        )
        if config.region_bounds.contains(lon, lat):
            hint = "Latitude et longitude semblent inversées : échangez les deux valeurs."
        read.error("lat", read.line("lat"), f"le point ({lat}, {lon}) est hors du Grand Est.", hint)
        lat = lon = None
    if lat is not None and lon is not None and postal_departement:
        _coordinates_in_departement(read, config, lat, lon, postal_code, postal_departement)
    return Venue(
        slug=record.slug,
        path=record.path,
        name=read.text("name"),
        address=read.text("address"),
        postal_code=postal_code,
        city=city,
        departement=departement,
        lat=lat,
        lon=lon,
        access=read.text("access"),
        url=read.url("url"),
        phone=read.phone("phone"),
        accessibility=read.terms("accessibility", config.accessibility, reference_url(config)),
        description=read.text("description"),
    )


def _postal_code_form(read: RecordReader, postal_code: str) -> None:
    """A postal code that is not 5 digits: the fixed value when it can be read."""
    digits = re.sub(r"[\s.\u00a0\u202f-]", "", postal_code)
    if POSTAL_CODE_RE.match(digits):
        message = (
            f"« {postal_code} » n'est pas un code postal à 5 chiffres : il contient "
            "une espace ou un signe."
        )
        hint = f'Écrivez les 5 chiffres attachés, entre guillemets : postal_code: "{digits}"'
    elif postal_code.isdigit() and len(postal_code) == 4:
        message = f"« {postal_code} » n'est pas un code postal à 5 chiffres."
        hint = (
            "Le zéro initial a-t-il disparu ? Écrivez-le entre guillemets : "
            f'postal_code: "0{postal_code}".'
        )
    else:
        message = f"« {postal_code} » n'est pas un code postal à 5 chiffres."
        hint = (
            "Écrivez les 5 chiffres du code postal, entre guillemets, par exemple : "
            'postal_code: "88000".'
        )
    read.error("postal_code", read.line("postal_code"), message, hint)


def _names(communes: Iterable[Commune], limit: int = 6) -> str:
    names = sorted({c.name for c in communes}, key=name_key)
    shown = ", ".join(names[:limit])
    return f"{shown}…" if len(names) > limit else shown


def _commune(read: RecordReader, postal_code: str, city: str) -> str:
    """Check the postal code and the city against the state's list of communes.

    Returns the département of the commune found ("" when none): a postal code may serve
    communes of two départements (52100 serves Saint-Dizier and two villages of the Marne).
    """
    table = grand_est()
    if postal_code[:2] not in table.departements:
        return ""  # a site configured for other départements: nothing to compare with
    communes = table.communes(postal_code)
    named = table.named(city) if city else ()
    if not communes:
        if named:
            codes = sorted({c.postal_code for c in named})
            hint = (
                f"Le code postal de {named[0].name} est {' ou '.join(codes)} : "
                f'postal_code: "{codes[0]}"'
            )
        else:
            near = table.near_codes(postal_code)
            hint = (
                "Codes postaux proches : "
                + " ; ".join(f"{code} ({_names(table.communes(code), 3)})" for code in near)
                + ". Un code CEDEX ne convient pas : donnez celui de la commune du lieu."
            )
        read.error(
            "postal_code",
            read.line("postal_code"),
            f"aucune commune du Grand Est n'a le code postal {postal_code}.",
            hint,
        )
        return ""
    if not city:
        return ""
    found = table.find(postal_code, city)
    if found is not None:
        return found.departement
    close = table.close_names(postal_code, city)
    if named:
        codes = sorted({c.postal_code for c in named})
        message = (
            f"la commune « {city} » n'a pas le code postal {postal_code} "
            f"(son code postal : {', '.join(codes)})."
        )
        hint = (
            f'Si le lieu est à {named[0].name}, écrivez postal_code: "{codes[0]}" ; '
            f"sinon, les communes du {postal_code} sont : {_names(communes)}."
        )
    else:
        message = f"« {city} » n'est pas une commune du code postal {postal_code}."
        if close:
            choices = " ou ".join(f'city: "{name}"' for name in close)
            hint = f"Vouliez-vous dire {choices} ?"
        else:
            hint = (
                f"Les communes du {postal_code} sont : {_names(communes)}. "
                "Écrivez le nom officiel de la commune, ou vérifiez le code postal."
            )
    read.error("city", read.line("city"), message, hint)
    return ""


def _coordinates_in_departement(
    read: RecordReader,
    config: SiteConfig,
    lat: float,
    lon: float,
    postal_code: str,
    expected_code: str,
) -> None:
    """Coordinates in another département than the postal code's: the venue (its pages,
    maps and feeds) would be filed under the wrong one, so one of the two is mistyped."""
    contours = grand_est_contours()
    expected = config.departement_by_code(expected_code)
    if expected is None or expected_code not in contours.departements:
        return  # a site configured for other départements: nothing to compare with
    found_code = contours.departement_at(lat, lon, first=expected_code)
    if found_code == expected_code:
        return
    if contours.distance_to_departement_km(lat, lon, expected_code) <= BORDER_TOLERANCE_KM:
        return  # close to the border: within what the simplified contours can be off
    point = f"({_decimal(lat)} ; {_decimal(lon)})"
    postal = f"le code postal {postal_code} place le lieu {expected.in_phrase} ({expected_code})"
    hint = (
        "Vérifiez lat et lon (sur openstreetmap.org, clic droit sur le lieu → "
        "« Afficher l'adresse » donne ses coordonnées) ou le code postal."
    )
    found = config.departement_by_code(found_code) if found_code else None
    if found is None:
        read.warn(
            "lat",
            read.line("lat"),
            f"les coordonnées {point} ne tombent dans aucun département du Grand Est, "
            f"alors que {postal}.",
            hint,
        )
        return
    read.error(
        "lat",
        read.line("lat"),
        f"les coordonnées {point} tombent {found.in_phrase} ({found.code}), mais {postal} : "
        "il serait classé dans le mauvais département.",
        hint,
    )


def _decimal(value: float) -> str:
    """A coordinate written the French way, with a decimal comma."""
    return repr(value).replace(".", ",")


def _coordinate(read: RecordReader, name: str) -> float | None:
    value = read.text(name)
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        read.error(
            name,
            read.line(name),
            f"« {value} » n'est pas un nombre décimal.",
            f"Exemple : {name}: {read.specs[name].example}",
        )
        return None
