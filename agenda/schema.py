"""The fields of each kind of record: one declaration that the validator, the `new`
skeletons, the contributor reference and the CMS configuration all read."""

from __future__ import annotations

from dataclasses import dataclass

from agenda.event_terms import EventStatus


@dataclass(frozen=True)
class FieldSpec:
    """One field a partner may write."""

    name: str
    kind: str  # text, markdown, url, email, phone, slug:<record>, slugs:<record>,
    # term:<vocabulary>, terms:<vocabulary>, when, sessions, opening_hours, dates,
    # integer, postal_code, departement, coordinate, status, image, list, contact
    required: bool
    help: str  # French, for partner staff
    example: str  # YAML value as a partner would write it


PARTNER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", True, "Nom de l'organisation.", '"Médiathèque de Sedan"'),
    FieldSpec(
        "url",
        "url",
        False,
        "Site web (adresse complète, avec https://).",
        '"https://www.example.org"',
    ),
    FieldSpec("email", "email", False, "Adresse de contact.", '"contact@example.org"'),
    FieldSpec(
        "logo",
        "image",
        False,
        "Logo : chemin d'une image dans assets/ ou content/.",
        '"assets/images/logo.png"',
    ),
    FieldSpec(
        "description",
        "text",
        False,
        "Quelques phrases de présentation.",
        '"Réseau de lecture publique…"',
    ),
)

VENUE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", True, "Nom du lieu.", '"Médiathèque Voyelles"'),
    FieldSpec("address", "text", True, "Numéro et rue.", '"2 place de la Gare"'),
    FieldSpec(
        "postal_code", "postal_code", True, "Code postal à 5 chiffres, entre guillemets.", '"08000"'
    ),
    FieldSpec("city", "text", True, "Commune.", '"Charleville-Mézières"'),
    FieldSpec(
        "departement",
        "departement",
        False,
        "Code du département (déduit du code postal si absent).",
        '"08"',
    ),
    FieldSpec("lat", "coordinate", False, "Latitude en degrés décimaux (carte).", "49.7629"),
    FieldSpec("lon", "coordinate", False, "Longitude en degrés décimaux (carte).", "4.7202"),
    FieldSpec(
        "access",
        "text",
        False,
        "Comment venir : bus, train, parking.",
        '"Bus ligne 1, arrêt Gare ; parking gratuit"',
    ),
    FieldSpec("url", "url", False, "Site web du lieu.", '"https://www.example.org"'),
    FieldSpec("phone", "phone", False, "Téléphone.", '"03 24 00 00 00"'),
    FieldSpec(
        "accessibility",
        "terms:accessibility",
        False,
        "Handicaps pris en compte par le lieu.",
        "[moteur, auditif]",
    ),
    FieldSpec(
        "description",
        "text",
        False,
        "Quelques phrases sur le lieu.",
        '"Une médiathèque au cœur de la ville."',
    ),
)

EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "Titre de l'événement.", '"Atelier robots"'),
    FieldSpec(
        "summary",
        "text",
        False,
        "Une phrase qui donne envie (affichée dans les listes).",
        '"Programmez votre premier robot."',
    ),
    FieldSpec(
        "venue",
        "slug:venue",
        False,
        "Lieu : le nom d'un fichier de content/venues/ (sans .yaml). Un lieu ou « online », ou les deux. Pour un événement itinérant, chaque séance peut donner son propre lieu (venue dans sessions) : celui-ci est alors le lieu des séances qui n'en donnent pas, et il n'est plus obligatoire si toutes en donnent un.",
        "bmi-epinal",
    ),
    FieldSpec(
        "online",
        "url",
        False,
        "Adresse de la diffusion en ligne (événement en ligne ou mixte).",
        '"https://www.example.org/direct"',
    ),
    FieldSpec(
        "organizer",
        "slug:partner",
        True,
        "Organisateur : le nom d'un fichier de content/partners/.",
        "universite-de-lorraine",
    ),
    FieldSpec(
        "partners",
        "slugs:partner",
        False,
        "Autres partenaires (noms de fichiers de content/partners/).",
        "[la-nef-des-sciences]",
    ),
    FieldSpec(
        "start",
        "when",
        False,
        "Début : « 2027-03-13 14:00 » (heure de Paris) ou « 2027-03-13 » (journée entière). Obligatoire sauf si « sessions » est rempli.",
        '"2027-03-13 14:00"',
    ),
    FieldSpec(
        "end",
        "when",
        False,
        "Fin : même forme que start. Pour une exposition, son dernier jour.",
        '"2027-03-13 16:30"',
    ),
    FieldSpec(
        "sessions",
        "sessions",
        False,
        "Pour un événement donné plusieurs fois : une liste de { start, end } (un « id » garde l'identité de la séance si sa date change ; un « venue » donne le lieu de la séance, pour un événement itinérant).",
        '[{id: s1, start: "2027-03-13 10:00", end: "2027-03-13 12:00", venue: bmi-epinal}]',
    ),
    FieldSpec(
        "opening_hours",
        "opening_hours",
        False,
        'Exposition : jours et heures d\'ouverture. Les jours : un jour (mar), une suite de jours (mar-dim) ou une liste (lun,mer,ven) ; jours possibles : lun, mar, mer, jeu, ven, sam, dim. Puis une plage horaire, ou deux pour la pause de midi (mar-ven 10:00-12:00 14:00-18:00). Des horaires différents selon les jours : une liste, une ligne par groupe de jours, ex. ["mar-ven 14:00-18:00", "sam,dim 10:00-18:00"]. Les jours non cités sont les jours de fermeture de chaque semaine ; closed sert aux fermetures exceptionnelles.',
        '"mar-dim 14:00-18:00"',
    ),
    FieldSpec(
        "closed",
        "dates",
        False,
        "Exposition : jours de fermeture exceptionnelle (jour férié, travaux), en dates. La fermeture de chaque semaine (le lundi, par exemple) ne s'écrit pas ici : il suffit de ne pas citer ce jour dans opening_hours.",
        '["2027-01-01"]',
    ),
    FieldSpec(
        "themes",
        "terms:themes",
        False,
        "Thématiques : une ou plusieurs valeurs de la liste de la référence des champs (docs/reference-des-champs.md).",
        "[astronomie-espace]",
    ),
    FieldSpec(
        "format",
        "term:formats",
        False,
        "Type d'activité : une valeur de la liste de la référence des champs (docs/reference-des-champs.md).",
        "atelier",
    ),
    FieldSpec(
        "audience",
        "terms:audiences",
        False,
        "Publics : une ou plusieurs valeurs de la liste de la référence des champs (docs/reference-des-champs.md).",
        "[familles, jeune-public]",
    ),
    FieldSpec("age_min", "integer", False, "Âge minimum conseillé.", "8"),
    FieldSpec("age_max", "integer", False, "Âge maximum conseillé.", "12"),
    FieldSpec("price", "text", False, "« gratuit » ou le tarif en clair.", "gratuit"),
    FieldSpec(
        "registration",
        "contact",
        False,
        "Inscription : adresse web, e-mail, téléphone ou texte.",
        '"https://www.example.org/inscription"',
    ),
    FieldSpec(
        "accessibility",
        "terms:accessibility",
        False,
        "Handicaps pris en compte.",
        "[moteur, auditif]",
    ),
    FieldSpec(
        "accessibility_notes",
        "text",
        False,
        "Précisions : LSF, boucle magnétique…",
        '"Traduit en LSF"',
    ),
    FieldSpec(
        "image",
        "image",
        False,
        "Image : chemin dans assets/ ou content/.",
        '"assets/images/robot.svg"',
    ),
    FieldSpec(
        "image_alt",
        "text",
        False,
        "Description de l'image pour qui ne la voit pas (obligatoire avec image).",
        '"Un petit robot sur roues"',
    ),
    FieldSpec("image_credit", "text", False, "Crédit de l'image.", '"© Médiathèque d\'Épinal"'),
    FieldSpec(
        "status",
        "status",
        False,
        "scheduled (par défaut), rescheduled, moved-online, postponed, full ou cancelled.",
        "scheduled",
    ),
    FieldSpec(
        "previous_start",
        "when",
        False,
        "Si status: rescheduled, l'ancienne date de début.",
        '"2027-03-06 14:00"',
    ),
    FieldSpec("tags", "list", False, "Mots-clés libres.", "[robotique]"),
)

SESSION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "slug", False, "Identifiant de la séance, à ne jamais changer.", "s1"),
    FieldSpec("start", "when", True, "Début de la séance.", '"2027-03-13 10:00"'),
    FieldSpec("end", "when", False, "Fin de la séance.", '"2027-03-13 12:00"'),
    FieldSpec(
        "venue",
        "slug:venue",
        False,
        "Lieu de la séance, pour un événement itinérant (exposition qui tourne, conférence donnée dans plusieurs villes) : le nom d'un fichier de content/venues/. Sans lui, la séance a lieu au lieu de l'événement (venue).",
        "bmi-epinal",
    ),
)

FIELDS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {
    "partner": PARTNER_FIELDS,
    "venue": VENUE_FIELDS,
    "event": EVENT_FIELDS,
}

# status: value → French label, for the reference, the CMS and the listing filters.
STATUSES: dict[str, str] = {status.value: status.label for status in EventStatus}
