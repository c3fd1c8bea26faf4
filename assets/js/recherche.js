// Recherche dans l'agenda (Pagefind), chargée en module par chaque page.
// 1. Partout : montre le formulaire de recherche de l'en-tête et cache les liens
//    « Départements · Thématiques » qui le remplacent sans JavaScript.
// 2. Sur /recherche/?q=… : interroge l'index statique de Pagefind (pagefind.js) et
//    affiche les résultats (titre, date, ville, extrait) ; le nombre est annoncé par
//    une zone aria-live. Aucun style en ligne, aucun HTML venu de l'index n'est inséré
//    tel quel : les extraits sont recopiés nœud par nœud (texte et <mark> seulement).

const MAX_RESULTS = 30;

for (const form of document.querySelectorAll("[data-search-form]")) form.hidden = false;
for (const links of document.querySelectorAll("[data-search-fallback]")) links.hidden = true;

const root = document.querySelector("[data-search-results]");
if (root) search(root);

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// Pagefind's excerpt is escaped text with <mark> around the words found: keep only that.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      nodes.push(document.createTextNode(node.textContent));
    } else if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const title = document.createElement("h2");
  title.className = "search-result__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  item.append(title);
  const facts = [data.meta.type, data.meta.date, data.meta.town].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "search-result__meta";
    meta.textContent = facts.join(" · ");
    item.append(meta);
  }
  if (data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
    excerpt.append(...excerptNodes(data.excerpt));
    item.append(excerpt);
  }
  return item;
}

async function search(root) {
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-list]");
  const input = document.getElementById("recherche-q");
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (input) input.value = query;
  if (!query) {
    status.textContent = "Tapez un mot : un événement, un lieu, une ville, un thème…";
    return;
  }
  status.textContent = "Recherche en cours…";
  let pagefind;
  try {
    const bundle = new URL(root.dataset.bundle, window.location.href);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // Pagefind stores URLs from the site root: put the base path (a sub-path site) first.
    await pagefind.options({ baseUrl: root.dataset.base });
  } catch {
    status.textContent = "La recherche est indisponible pour le moment.";
    for (const links of document.querySelectorAll("[data-search-fallback]")) links.hidden = false;
    return;
  }
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  const total = found.results.length;
  if (total === 0) {
    status.textContent = `Aucun résultat pour « ${query} ».`;
  } else if (total > results.length) {
    status.textContent = `${plural(total, "résultat", "résultats")} pour « ${query} », les ${results.length} premiers affichés.`;
  } else {
    status.textContent = `${plural(total, "résultat", "résultats")} pour « ${query} ».`;
  }
}
