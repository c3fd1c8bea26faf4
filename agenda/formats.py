"""Shapes of a slug, web address, e-mail and phone number, and the checks of each."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from agenda.text import char_name, forbidden_character

# The image formats an event or a partner may point to (browsers show them all).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg", ".gif", ".avif")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# URL_RE, EMAIL_RE and PHONE_RE are also the CMS's patterns (JavaScript regular
# expressions): keep them to the syntax both languages share. The validator checks URLs
# further with urllib (`web_url_problem`).
_URL_CHAR = r"[^\s\"'<>\\`]"
URL_RE = re.compile(
    rf"^https?://[^\s\"'<>\\`/$.?#@]{_URL_CHAR}*\.{_URL_CHAR}*$|^https?://localhost(?:[:/?#]{_URL_CHAR}*)?$"
)
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(
    rf"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:{_DOMAIN_LABEL}\.)+[A-Za-z]{{2,63}}$"
)
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{10,20}$")
_HOST_LABEL_RE = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")
WEB_SCHEMES = ("http", "https")


def web_url_problem(value: str) -> str:
    """Why `value` is not a web address a page can link to, or "" when it is one.

    http(s) only, a real host name, and none of the characters that could end an HTML
    attribute, a CSV cell or a calendar line: spaces, quotes, angle brackets,
    backslashes, backquotes, control characters.
    """
    for char in value:
        if char.isspace() or forbidden_character(char, allow_tab=False):
            return f"contient un caractère invisible ou une espace ({char_name(char)})"
        if char in "\"'<>\\`":
            return f"contient le caractère « {char} », interdit dans une adresse web"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "n'est pas une adresse web lisible (crochets ou numéro de port invalides)"
    if parts.scheme.lower() not in WEB_SCHEMES or not value.lower().startswith(
        tuple(f"{scheme}://" for scheme in WEB_SCHEMES)
    ):
        return "ne commence pas par https:// (ou http://)"
    if parts.username is not None or parts.password is not None:
        return "contient un « @ » avant le nom du site (identifiant dans l'adresse)"
    host = parts.hostname or ""
    if port == 0:
        return "a un numéro de port invalide"
    if host == "localhost":
        return ""
    labels = host.rstrip(".").split(".")
    if (
        len(labels) < 2
        or not all(_HOST_LABEL_RE.match(label) for label in labels)
        or not (labels[-1].isalpha() or labels[-1].startswith("xn--"))
    ):
        return f"n'a pas de nom de site valide (« {host} »)" if host else "n'a pas de nom de site"
    return ""


def email_problem(value: str) -> str:
    """Why `value` is not a plain e-mail address (local@domain.tld), or ""."""
    if EMAIL_RE.fullmatch(value) and len(value) <= 254:
        return ""
    return "n'est pas une adresse e-mail (forme attendue : contact@example.org)"


def phone_problem(value: str) -> str:
    """Why `value` is not a phone number (digits, spaces, + . ( ) -), or ""."""
    if PHONE_RE.fullmatch(value) and 8 <= sum(c.isdigit() for c in value) <= 15:
        return ""
    return "n'est pas un numéro de téléphone (chiffres, espaces, + . ( ) - seulement)"
