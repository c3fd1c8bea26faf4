// Filtres des listes d'événements (accueil, départements, thématiques).
// Sans JavaScript, la page montre la liste complète rendue par le serveur et le
// formulaire reste caché (attribut hidden). Avec : le formulaire apparaît, l'index JSON
// des événements à venir est chargé au premier filtre, les résultats remplacent la
// liste du serveur, l'adresse (?quand=week-end&gratuit=1…) suit les filtres.

const bloc = document.querySelector("[data-filtres]");
const PAR_PAGE = 50;
const FIN = "9999-12-31";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

const enDate = (jour) => new Date(`${jour}T00:00:00Z`);
const versJour = (d) => d.toISOString().slice(0, 10);
const plus = (jour, n) => versJour(new Date(enDate(jour).getTime() + n * 86400000));

// Les jours [premier, dernier] d'un choix « quand », en heure de Paris.
function periode(quand, du, au, t) {
  const js = enDate(t).getUTCDay(); // 0 = dimanche
  if (quand === "aujourdhui") return [t, t];
  if (quand === "week-end") {
    if (js === 0) return [t, t];
    if (js === 6) return [t, plus(t, 1)];
    return [plus(t, 6 - js), plus(t, 7 - js)];
  }
  if (quand === "semaine") return [t, js === 0 ? t : plus(t, 7 - js)];
  if (quand === "mois") {
    const d = enDate(t);
    return [t, versJour(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)))];
  }
  if (quand === "dates") return [du || t, au || FIN];
  return [t, FIN];
}

// « 2026-12-01/2027-01-15 » → ["2026-12-01", "2027-01-15"]
function jours(seance) {
  const [debut, fin] = seance.split("/");
  return [debut.slice(0, 10), fin || debut.slice(0, 10)];
}

// Les filtres de l'adresse ou du formulaire, nettoyés : seules les valeurs utiles restent.
function nettoyer(params, form) {
  const propre = new URLSearchParams();
  for (const [nom, valeur] of params) {
    const champs = form.elements.namedItem(nom);
    if (!champs || !valeur) continue;
    const liste = champs instanceof RadioNodeList ? [...champs] : [champs];
    const ok = liste.some((c) => {
      if (c.type === "checkbox" || c.type === "radio") return c.value === valeur;
      if (c.tagName === "SELECT") return [...c.options].some((o) => o.value === valeur);
      if (c.type === "date") return DATE.test(valeur);
      if (c.type === "number") return /^\d{1,3}$/.test(valeur);
      return false;
    });
    if (ok) propre.append(nom, valeur);
  }
  if (propre.get("quand") !== "dates") {
    propre.delete("du");
    propre.delete("au");
  } else if (!propre.has("du") && !propre.has("au")) {
    propre.delete("quand");
  }
  return propre;
}

function correspond(e, f, t) {
  // « p » : un code, ou la liste des départements d'un événement itinérant.
  if (f.departement && ![].concat(e.p || []).includes(f.departement)) return null;
  if (f.format && e.f !== f.format) return null;
  if (f.theme && !(e.th || []).includes(f.theme)) return null;
  if (f.public && !(e.a || []).includes(f.public)) return null;
  if (f.age !== null && ((e.am ?? 0) > f.age || (e.aM ?? 999) < f.age)) return null;
  if (f.gratuit && !e.g) return null;
  if (f.enLigne && !e.o) return null;
  if (f.acces.some((a) => !(e.x || []).includes(a))) return null;
  const [a, b] = f.periode;
  const seances = e.d.filter((s) => {
    const [premier, dernier] = jours(s);
    return premier <= b && dernier >= a && dernier >= t;
  });
  return seances.length ? seances : null;
}

const dateLongue = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

// « samedi 9 janvier 2027, 14 h 00 », « du … au … »
function texteSeance(seance) {
  const [debut, fin] = seance.split("/");
  let texte = dateLongue.format(enDate(debut.slice(0, 10)));
  if (debut.length > 10) texte += `, ${Number(debut.slice(11, 13))} h ${debut.slice(14, 16)}`;
  if (fin) texte = `du ${texte} au ${dateLongue.format(enDate(fin))}`;
  return texte;
}

function phrase(n) {
  if (n === 0) return "Aucun événement ne correspond à ces filtres.";
  return n === 1 ? "1 événement correspond" : `${n} événements correspondent`;
}

function demarrer(bloc) {
  const form = bloc.querySelector("form");
  const statut = bloc.querySelector("[data-filtres-statut]");
  const resultats = bloc.querySelector("[data-filtres-resultats]");
  const details = bloc.querySelector("details");
  const masques = [...document.querySelectorAll(form.dataset.masquer)];
  let index = null;
  let chargement = null;
  let minuterie = 0;

  function charger() {
    chargement ??= fetch(form.dataset.index, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
      .then((donnees) => (index = donnees));
    return chargement;
  }

  function remplir(params) {
    for (const champ of form.elements) {
      if (!champ.name) continue;
      const valeurs = params.getAll(champ.name);
      if (champ.type === "checkbox" || champ.type === "radio") {
        champ.checked = champ.type === "radio" && !valeurs.length
          ? champ.value === ""
          : valeurs.includes(champ.value);
      } else if (champ.tagName !== "BUTTON") {
        champ.value = valeurs[0] || "";
      }
    }
  }

  function afficherListe(actif) {
    for (const el of masques) el.hidden = actif;
    resultats.hidden = !actif;
  }

  function lien(e, seances) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `${index.base}${e.s}/`;
    a.textContent = e.t;
    const titre = document.createElement("p");
    titre.className = "filtres__titre";
    if (e.st) {
      const badge = document.createElement("span");
      badge.className = `badge badge--${e.st}`;
      badge.textContent = index.statuts[e.st] || e.st;
      titre.append(badge, " ");
    }
    titre.append(a);
    const infos = document.createElement("p");
    const quand = document.createElement("time");
    quand.dateTime = seances[0].split("/")[0];
    quand.textContent = texteSeance(seances[0]);
    infos.append(quand);
    if (seances.length > 1) infos.append(` (et ${seances.length - 1} autre${seances.length > 2 ? "s" : ""} date${seances.length > 2 ? "s" : ""})`);
    const lieu = [e.c, e.o ? "en ligne" : ""].filter(Boolean).join(" et ");
    if (lieu) infos.append(` · ${lieu[0].toUpperCase()}${lieu.slice(1)}${e.p ? ` (${[].concat(e.p).join(", ")})` : ""}`);
    li.append(titre, infos);
    return li;
  }

  function montrer(trouves) {
    const liste = document.createElement("ul");
    liste.className = "filtres__liste";
    let montres = 0;
    const plusBouton = document.createElement("button");
    plusBouton.type = "button";
    plusBouton.className = "filtres__plus";
    const suite = () => {
      const debut = montres;
      for (const [e, s] of trouves.slice(montres, montres + PAR_PAGE)) liste.append(lien(e, s));
      montres = Math.min(trouves.length, montres + PAR_PAGE);
      const reste = trouves.length - montres;
      plusBouton.hidden = reste === 0;
      plusBouton.textContent = `Afficher ${Math.min(reste, PAR_PAGE)} événements de plus (${reste} restants)`;
      return liste.children[debut];
    };
    plusBouton.addEventListener("click", () => suite()?.querySelector("a").focus());
    suite();
    resultats.replaceChildren(liste, plusBouton);
  }

  async function appliquer(params, annoncer = true) {
    const actif = [...params.keys()].length > 0;
    const adresse = `${location.pathname}${actif ? `?${params}` : ""}${location.hash}`;
    history.replaceState(history.state, "", adresse);
    if (!actif) {
      afficherListe(false);
      resultats.replaceChildren();
      if (annoncer) statut.textContent = "Filtres effacés : tous les événements à venir sont affichés.";
      return;
    }
    if (!index) {
      statut.textContent = "Chargement des événements…";
      try {
        await charger();
      } catch {
        chargement = null;
        statut.textContent = "Les filtres n'ont pas pu être chargés : la liste complète reste affichée.";
        return;
      }
    }
    const t = aujourdhui();
    const age = params.get("age");
    const f = {
      departement: params.get("departement"),
      format: params.get("format"),
      theme: params.get("theme"),
      public: params.get("public"),
      age: age === null ? null : Number(age),
      gratuit: params.has("gratuit"),
      enLigne: params.has("en-ligne"),
      acces: params.getAll("acces"),
      periode: periode(params.get("quand"), params.get("du"), params.get("au"), t),
    };
    const trouves = [];
    for (const e of index.events) {
      const seances = correspond(e, f, t);
      if (seances) trouves.push([e, seances]);
    }
    afficherListe(true);
    montrer(trouves);
    statut.textContent = phrase(trouves.length);
  }

  const depuisFormulaire = () => nettoyer(new FormData(form), form);

  form.addEventListener("submit", (ev) => {
    ev.preventDefault(); // jamais envoyé : la page filtre elle-même (form-action 'none')
    clearTimeout(minuterie);
    appliquer(depuisFormulaire());
  });
  form.addEventListener("reset", () => {
    clearTimeout(minuterie);
    // Après la remise à zéro du navigateur (les valeurs par défaut du formulaire).
    setTimeout(() => appliquer(new URLSearchParams()));
  });
  const changer = (ev) => {
    if (ev.target.name === "du" || ev.target.name === "au") {
      const choix = form.querySelector('input[name="quand"][value="dates"]');
      if (ev.target.value && choix) choix.checked = true;
    }
    clearTimeout(minuterie);
    minuterie = setTimeout(() => appliquer(depuisFormulaire()), 250);
  };
  form.addEventListener("input", changer);
  form.addEventListener("change", changer);

  const depart = nettoyer(new URLSearchParams(location.search), form);
  remplir(depart);
  bloc.hidden = false;
  if ([...depart.keys()].length) {
    details.open = true;
    appliquer(depart);
  }
}

if (bloc) demarrer(bloc);
