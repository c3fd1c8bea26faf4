// <agenda-csti> : l'agenda des sciences à intégrer dans le site d'un partenaire.
//
//   <script type="module" src="https://…/assets/js/agenda-csti.js"></script>
//   <agenda-csti departement="vosges" limite="5">
//     <a href="https://…/departements/vosges/">Agenda des sciences dans les Vosges</a>
//   </agenda-csti>
//
// Un seul attribut parmi departement, lieu, partenaire, thematique, public (aucun :
// toute la région) ; limite : 1 à 50 événements (5 par défaut) ; source : l'adresse du
// site de l'agenda (par défaut, celle d'où ce script est chargé, sous-dossier compris).
// Sans JavaScript, le lien placé dans l'élément reste affiché.
//
// Le contenu est ajouté dans le document lui-même (pas de shadow root) : la liste prend
// les polices, couleurs et styles de liens du site hôte comme son propre texte. Nos
// quelques règles sont dans :where(), de spécificité nulle, pour que toute règle du site
// hôte l'emporte ; elles passent par une feuille construite (adoptedStyleSheets), qu'une
// CSP stricte sans 'unsafe-inline' n'interdit pas. Le texte vient des partenaires : il
// n'est inséré qu'avec textContent, jamais comme HTML.

const GENRES = ["departement", "lieu", "partenaire", "thematique", "public"];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PAR_DEFAUT = 5;
const MAXIMUM = 50;
// Le site de l'agenda : deux dossiers au-dessus de /assets/js/agenda-csti.js.
const SOURCE = new URL("../../", import.meta.url).href;

const STYLES = `
:where(agenda-csti) { display: block; }
:where(.agenda-csti__liste) { list-style: none; margin: 0; padding: 0; }
:where(.agenda-csti__evenement) { margin: 0 0 0.75em; }
:where(.agenda-csti__date, .agenda-csti__ville) { display: block; font-size: 0.9em; }
:where(.agenda-csti__titre) { font-weight: bold; }
:where(.agenda-csti__statut) { font-weight: bold; text-transform: uppercase; }
`;

function adopterStyles() {
  if (!("adoptedStyleSheets" in document) || typeof CSSStyleSheet !== "function") return;
  try {
    const feuille = new CSSStyleSheet();
    feuille.replaceSync(STYLES);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, feuille];
  } catch {
    // Sans feuille construite, la liste garde les styles du site hôte : rien de grave.
  }
}

// « 2026-11-25 » : le jour qu'il est à Paris, quel que soit le fuseau de l'appareil.
function aujourdhui() {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

// Une adresse http(s) seulement : jamais javascript: ni data:, même si le JSON l'était.
function lienSur(texte, base) {
  try {
    const url = new URL(texte, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function element(nom, classe, texte) {
  const noeud = document.createElement(nom);
  if (classe) noeud.className = classe;
  if (texte !== undefined) noeud.textContent = texte;
  return noeud;
}

class AgendaCsti extends HTMLElement {
  connectedCallback() {
    if (this.dataset.etat) return; // déjà affiché (élément déplacé dans la page)
    this.dataset.etat = "chargement";
    // Le lien de repli écrit par le partenaire : gardé tant que la liste n'est pas là.
    this.repli = this.querySelector("a[href]");
    this.charger();
  }

  // Le fichier JSON de la tranche choisie, ou null si un attribut est incorrect.
  adresse() {
    const source = this.getAttribute("source") || SOURCE;
    const base = lienSur(source.endsWith("/") ? source : `${source}/`, document.baseURI);
    if (!base) return null;
    const genre = GENRES.find((g) => this.hasAttribute(g));
    if (!genre) return new URL("donnees/widget/region.json", base).href;
    const slug = this.getAttribute(genre).trim();
    if (!SLUG.test(slug)) return null;
    return new URL(`donnees/widget/${genre}/${slug}.json`, base).href;
  }

  limite() {
    const n = Number.parseInt(this.getAttribute("limite") || "", 10);
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAXIMUM) : PAR_DEFAUT;
  }

  async charger() {
    this.setAttribute("aria-busy", "true");
    const adresse = this.adresse();
    try {
      if (!adresse) throw new Error("attribut incorrect");
      const reponse = await fetch(adresse, { credentials: "omit" });
      if (!reponse.ok) throw new Error(`HTTP ${reponse.status}`);
      this.afficher(await reponse.json(), adresse);
      this.dataset.etat = "pret";
    } catch {
      this.erreur();
      this.dataset.etat = "erreur";
    } finally {
      this.setAttribute("aria-busy", "false");
    }
  }

  afficher(donnees, adresse) {
    const jour = aujourdhui();
    const evenements = (Array.isArray(donnees.events) ? donnees.events : [])
      .filter((e) => !(typeof e.last === "string" && e.last < jour))
      .slice(0, this.limite());
    const contenu = [];
    if (evenements.length) {
      const liste = element("ul", "agenda-csti__liste");
      for (const e of evenements) liste.append(this.evenement(e, adresse));
      contenu.push(liste);
    } else {
      contenu.push(element("p", "agenda-csti__vide", "Aucun événement à venir pour le moment."));
    }
    const page = lienSur(String(donnees.url || ""), adresse);
    if (page) {
      const total = Number.isInteger(donnees.total) ? donnees.total : 0;
      const plus = element("p", "agenda-csti__plus");
      const texte = String(donnees.title || "Agenda des sciences");
      const lien = element("a", "", total > 0 ? `${texte} (${total} à venir)` : texte);
      lien.href = page;
      plus.append(lien);
      contenu.push(plus);
    }
    this.replaceChildren(...contenu);
  }

  evenement(e, adresse) {
    const item = element("li", "agenda-csti__evenement");
    const date = element("time", "agenda-csti__date", String(e.date || ""));
    if (typeof e.start === "string") date.dateTime = e.start;
    item.append(date);
    if (e.statusLabel) item.append(element("strong", "agenda-csti__statut", String(e.statusLabel)), " ");
    const url = lienSur(String(e.url || ""), adresse);
    const titre = element(url ? "a" : "span", "agenda-csti__titre", String(e.title || ""));
    if (url) titre.href = url;
    item.append(titre);
    if (e.town) item.append(element("span", "agenda-csti__ville", String(e.town)));
    return item;
  }

  erreur() {
    const message = element(
      "p",
      "agenda-csti__erreur",
      "L’agenda des sciences n’a pas pu être chargé pour le moment.",
    );
    message.setAttribute("role", "status");
    // Le lien de repli reste : on peut toujours consulter l'agenda sur son site.
    this.replaceChildren(message, ...(this.repli ? [this.repli] : []));
  }
}

if (!customElements.get("agenda-csti")) {
  adopterStyles();
  customElements.define("agenda-csti", AgendaCsti);
}
