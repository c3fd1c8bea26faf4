"""French text for the benchmark corpus: event titles and Markdown descriptions built
from a bank of subjects and sentences, so that pages weigh what real ones weigh.

Every function takes the caller's seeded `random.Random`: the same seed gives the
same words, which keeps the corpus byte-identical from one run to the next.
"""

from __future__ import annotations

import random
import re

# (theme slug, subject as it reads after « autour de », a few matching nouns)
SUBJECTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("astronomie-espace", "les étoiles et les planètes", ("télescope", "comète", "galaxie")),
    ("astronomie-espace", "la conquête spatiale", ("fusée", "satellite", "orbite")),
    ("biodiversite-nature", "les abeilles sauvages", ("pollinisateur", "ruche", "prairie")),
    ("biodiversite-nature", "les oiseaux des étangs", ("héron", "roselière", "migration")),
    ("biodiversite-nature", "la forêt vosgienne", ("sapin", "champignon", "lichen")),
    ("climat-energie", "l'hydrogène et les énergies nouvelles", ("électrolyse", "pile", "réseau")),
    ("climat-energie", "le climat de demain", ("sécheresse", "glacier", "modèle")),
    (
        "numerique-robotique",
        "les robots et l'intelligence artificielle",
        ("capteur", "algorithme", "moteur"),
    ),
    ("numerique-robotique", "la programmation créative", ("microcontrôleur", "boucle", "variable")),
    ("sante-corps-humain", "le cerveau et le sommeil", ("neurone", "rêve", "mémoire")),
    ("sante-corps-humain", "le microbiote intestinal", ("bactérie", "digestion", "immunité")),
    ("mathematiques", "les mathématiques des jeux", ("probabilité", "stratégie", "dé")),
    ("mathematiques", "les pavages et les symétries", ("polygone", "frise", "rosace")),
    ("physique-chimie", "la chimie des couleurs", ("pigment", "molécule", "réaction")),
    ("physique-chimie", "la lumière et les ondes", ("laser", "prisme", "fréquence")),
    ("terre-geologie", "les fossiles du Jurassique", ("ammonite", "sédiment", "strate")),
    ("terre-geologie", "les minéraux des Vosges", ("quartz", "filon", "cristal")),
    ("patrimoine-industriel", "la sidérurgie lorraine", ("haut fourneau", "fonte", "laminoir")),
    ("patrimoine-industriel", "le textile des vallées", ("filature", "métier à tisser", "coton")),
    ("sciences-societe", "la science ouverte", ("donnée", "publication", "citoyen")),
    ("sciences-societe", "les métiers de la recherche", ("laboratoire", "doctorant", "expérience")),
)

TITLE_FORMS: dict[str, tuple[str, ...]] = {
    "atelier": ("Atelier : {s}", "Atelier en famille autour de {s}", "Les petits curieux et {s}"),
    "conference": (
        "Conférence : {s}",
        "Ce que l'on sait vraiment sur {s}",
        "Regards croisés sur {s}",
    ),
    "exposition": ("Exposition : {s}", "Exposition « À la découverte de {s} »"),
    "visite": ("Visite guidée : {s}", "Dans les coulisses : {s}"),
    "spectacle": ("Spectacle scientifique sur {s}", "Théâtre et science : {s}"),
    "projection": ("Projection-débat : {s}", "Ciné-sciences : {s}"),
    "village-des-sciences": ("Village des sciences : {s}",),
    "cafe-des-sciences": ("Café des sciences : {s}", "Un café pour parler de {s}"),
    "sortie-nature": ("Sortie nature : {s}", "Balade commentée autour de {s}"),
    "jeu": ("Escape game : {s}", "Grand jeu d'enquête sur {s}"),
}

OPENINGS = (
    "Venez découvrir {s} avec les médiateurs de {o}.",
    "{O} vous invite à explorer {s}, en toute simplicité et sans prérequis.",
    "Que savons-nous vraiment de {s} ? Cette rencontre fait le point avec des chercheurs.",
    "Pendant une après-midi, {s} n'auront plus de secrets pour vous.",
)
SENTENCES = (
    "On y parle de {n1}, de {n2} et de tout ce qui les relie.",
    "Les participants manipulent eux-mêmes un {n1} et comparent leurs observations.",
    "Une chercheuse de l'Université de Lorraine présente ses travaux sur le {n1} "
    "et répond aux questions du public.",
    "Les plus jeunes repartent avec un carnet d'expériences à refaire à la maison.",
    "La séance commence par une courte présentation, puis chacun passe à la pratique.",
    "Le matériel est fourni ; prévoyez simplement des vêtements adaptés à la météo.",
    "Un temps d'échange autour d'un verre clôt la rencontre.",
    "Des maquettes, des vidéos et des jeux permettent de comprendre le rôle du {n2}.",
    "L'animation s'appuie sur des collections rarement montrées au public.",
    "On apprend à distinguer un {n1} d'un {n2}, ce qui est moins simple qu'il n'y paraît.",
    "Les questions du public guident la seconde partie de la soirée.",
    "Cette activité a été conçue avec des enseignants "
    "et testée dans plusieurs classes du Grand Est.",
    "Chaque groupe réalise une petite expérience et présente son résultat aux autres.",
    "Un livret en français facile à lire est disponible à l'accueil.",
    "Le parcours est ponctué de défis à relever en équipe, du plus simple au plus corsé.",
    "La médiatrice raconte l'histoire du {n1} dans la région, "
    "des premières découvertes à aujourd'hui.",
    "Les observations réalisées ce jour-là rejoignent un programme de sciences participatives.",
    "Il est conseillé d'arriver dix minutes avant le début pour s'installer.",
)
HEADINGS = (
    "Au programme",
    "Pour qui ?",
    "Le mot des organisateurs",
    "Pratique",
    "Pour aller plus loin",
    "Déroulement",
)
LIST_ITEMS = (
    "une démonstration commentée du {n1}",
    "un atelier de manipulation en petits groupes",
    "un quiz pour tester ses connaissances",
    "une rencontre avec des étudiants en master",
    "la présentation d'objets de collection",
    "un temps de questions-réponses",
    "une observation guidée du {n2}",
    "la fabrication d'un {n1} en carton",
)
EMPHASES = ("*entrée libre*", "**sur réservation**", "*à partir de 8 ans*", "**places limitées**")


def title(rng: random.Random, format_slug: str, subject: str) -> str:
    """An event title for this kind of activity and subject."""
    return rng.choice(TITLE_FORMS[format_slug]).format(s=subject)


def _sentence(rng: random.Random, template: str, subject: str, nouns: tuple[str, ...]) -> str:
    organiser = rng.choice(("l'association", "la médiathèque", "le musée", "l'université"))
    text = template.format(
        s=subject,
        o=organiser,
        O=organiser[0].upper() + organiser[1:],
        n1=rng.choice(nouns),
        n2=rng.choice(nouns),
    )
    return text[0].upper() + text[1:]


def word_count(markdown: str) -> int:
    """Words of a Markdown text as a reader counts them (markup and URLs left out)."""
    without_urls = re.sub(r"\]\([^)]*\)", "]", markdown)
    return len(re.findall(r"[^\W\d_][\w'’-]*", without_urls))


def _paragraph(rng: random.Random, subject: str, nouns: tuple[str, ...]) -> str:
    sentences = [
        _sentence(rng, rng.choice(SENTENCES), subject, nouns) for _ in range(rng.randint(2, 5))
    ]
    if rng.random() < 0.3:
        position = rng.randrange(len(sentences))
        sentences[position] += f" L'activité est {rng.choice(EMPHASES)}."
    return " ".join(sentences)


def _block(rng: random.Random, subject: str, nouns: tuple[str, ...], link: str) -> str:
    """One block after the opening: a paragraph, a heading with a list, or a link."""
    roll = rng.random()
    if roll < 0.12:
        items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
        lines = [f"- {_sentence(rng, item, subject, nouns)}" for item in items]
        return f"## {rng.choice(HEADINGS)}\n\n" + "\n".join(lines)
    if roll < 0.22:
        return (
            f"{_paragraph(rng, subject, nouns)} Le programme complet est sur "
            f"[le site de l'organisateur]({link})."
        )
    return _paragraph(rng, subject, nouns)


def description(rng: random.Random, subject: str, nouns: tuple[str, ...], link: str) -> str:
    """A Markdown description of 150 to 600 words: paragraphs, headings, lists, links."""
    target = rng.randint(170, 560)
    blocks = [_sentence(rng, rng.choice(OPENINGS), subject, nouns)]
    words = word_count(blocks[0])
    while words < target:
        block = _block(rng, subject, nouns, link)
        if words + word_count(block) > 590:
            break
        blocks.append(block)
        words += word_count(block)
    while words < 150:  # the last block was too long: short sentences fill the gap
        block = _sentence(rng, rng.choice(SENTENCES[4:7]), subject, nouns)
        blocks.append(block)
        words += word_count(block)
    return "\n\n".join(blocks) + "\n"
