// /integrer/ : compose le code à coller (élément <agenda-csti> ou cadre <iframe>), le
// copie, et montre l'aperçu avec le vrai script. Sans JavaScript, le générateur reste
// caché (hidden) et la page montre les codes prêts à coller pour toute la région.
// L'adresse peut présélectionner un agenda : /integrer/?lieu=nef-mulhouse.

import "./agenda-csti.js";

const bloc = document.querySelector("[data-generateur]");
const formulaire = bloc?.querySelector("[data-generateur-form]");
const code = bloc?.querySelector("[data-generateur-code]");
const statut = bloc?.querySelector("[data-generateur-statut]");
const apercu = document.querySelector("[data-generateur-apercu]");

// Le code est du texte à coller ailleurs : les valeurs y sont échappées comme en HTML.
const echapper = (texte) =>
  texte.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function choixCourant() {
  const genre = formulaire.elements.genre.value;
  const liste = formulaire.elements.namedItem(genre);
  const option = liste.selectedOptions[0] || liste.options[0];
  const defaut = Number(bloc.dataset.limiteDefaut);
  const n = Number.parseInt(formulaire.elements.limite.value, 10);
  return {
    genre,
    slug: option.value,
    titre: option.dataset.titre,
    page: option.dataset.page,
    cadre: option.dataset.cadre,
    limite: Number.isFinite(n) ? Math.min(Math.max(n, 1), 50) : defaut,
    defaut,
    forme: formulaire.elements.forme.value,
  };
}

function hauteurCadre(limite) {
  const n = Math.min(limite, Number(bloc.dataset.limiteCadre));
  return Number(bloc.dataset.hauteurBase) + Number(bloc.dataset.hauteurEvenement) * n;
}

function attributs(c) {
  const liste = [];
  if (c.genre !== "region") liste.push([c.genre, c.slug]);
  if (c.limite !== c.defaut) liste.push(["limite", String(c.limite)]);
  return liste;
}

function texteDuCode(c) {
  if (c.forme === "cadre") {
    return (
      `<iframe src="${echapper(c.cadre)}" title="${echapper(c.titre)}" ` +
      `width="100%" height="${hauteurCadre(c.limite)}" loading="lazy"></iframe>`
    );
  }
  const attr = attributs(c).map(([nom, valeur]) => ` ${nom}="${echapper(valeur)}"`).join("");
  return (
    `<script type="module" src="${echapper(bloc.dataset.script)}"></script>\n` +
    `<agenda-csti${attr}><a href="${echapper(c.page)}">${echapper(c.titre)}</a></agenda-csti>`
  );
}

// L'aperçu est construit avec le DOM (jamais innerHTML) : le même rendu que chez un
// partenaire, servi par ce site.
function apercuDe(c) {
  if (c.forme === "cadre") {
    const cadre = document.createElement("iframe");
    cadre.src = c.cadre;
    cadre.title = c.titre;
    cadre.width = "100%";
    cadre.height = String(hauteurCadre(c.limite));
    return cadre;
  }
  const widget = document.createElement("agenda-csti");
  for (const [nom, valeur] of attributs(c)) widget.setAttribute(nom, valeur);
  const lien = document.createElement("a");
  lien.href = c.page;
  lien.textContent = c.titre;
  widget.append(lien);
  return widget;
}

function mettreAJour() {
  const c = choixCourant();
  for (const p of bloc.querySelectorAll("[data-choix]")) {
    p.hidden = p.dataset.choix !== c.genre || c.genre === "region";
  }
  code.value = texteDuCode(c);
  statut.textContent = "";
  apercu.replaceChildren(apercuDe(c));
}

// ?departement=vosges, ?lieu=…, ?partenaire=… : l'agenda choisi depuis sa page.
function preselectionner() {
  const params = new URLSearchParams(window.location.search);
  for (const [genre, slug] of params) {
    const liste = formulaire.elements.namedItem(genre);
    if (!(liste instanceof HTMLSelectElement) || genre === "genre") continue;
    if (![...liste.options].some((o) => o.value === slug)) continue;
    formulaire.elements.genre.value = genre;
    liste.value = slug;
    return;
  }
}

async function copier() {
  code.select();
  try {
    await navigator.clipboard.writeText(code.value);
    statut.textContent = "Code copié : collez-le dans votre page.";
  } catch {
    statut.textContent = "Copie impossible ici : le code est sélectionné, copiez-le avec Ctrl+C (⌘+C sur Mac).";
  }
}

if (bloc && formulaire && code && statut && apercu) {
  preselectionner();
  formulaire.addEventListener("change", mettreAJour);
  formulaire.addEventListener("input", mettreAJour);
  formulaire.addEventListener("submit", (e) => e.preventDefault());
  bloc.querySelector("[data-generateur-copier]").addEventListener("click", copier);
  bloc.hidden = false;
  mettreAJour();
}
