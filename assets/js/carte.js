// The maps of the venue, département and home pages (templates/_map.html).
//
// The page already lists the places of each map (address and OpenStreetMap link): that
// list is what readers without JavaScript, screen readers and keyboard users get, and it
// stays. Each mapped place carries data-lat, data-lon, data-nom, data-adresse and, on the
// département and home pages, data-url (its page). This module adds a Leaflet map under
// the section's heading once the section comes near the screen: Leaflet (vendored in
// assets/vendor/leaflet/) and the tiles are fetched only then, which spares phones on
// slow connections. No inline script or style attribute: the page's CSP allows neither.
//
// Phones and scrolling: the map never captures the page's scroll. The mouse wheel zooms
// the map only after a click in it or keyboard focus on it; on touch screens one finger
// scrolls the page (dragging is off), two fingers zoom, and the + / − buttons remain.

const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const ATTRIBUTION =
  '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>';

let leaflet = null; // one Promise<L> for every map of the page

function load(tag, attributes) {
  return new Promise((resolve, reject) => {
    const element = document.createElement(tag);
    Object.assign(element, attributes);
    element.addEventListener("load", resolve);
    element.addEventListener("error", reject);
    document.head.append(element);
  });
}

function loadLeaflet(section) {
  if (leaflet === null) {
    const { leafletCss, leafletJs, carteCss } = section.dataset;
    leaflet = Promise.all([
      load("link", { rel: "stylesheet", href: leafletCss }),
      load("link", { rel: "stylesheet", href: carteCss }),
      load("script", { src: leafletJs }),
    ]).then(() => window.L);
  }
  return leaflet;
}

function placesOf(section) {
  return Array.from(section.querySelectorAll("[data-lat][data-lon]"), (element) => ({
    name: element.dataset.nom || "",
    address: element.dataset.adresse || "",
    url: element.dataset.url || "",
    lat: Number(element.dataset.lat),
    lon: Number(element.dataset.lon),
  })).filter((place) => Number.isFinite(place.lat) && Number.isFinite(place.lon));
}

// The popup of a marker, built as elements: names and addresses are text, never HTML.
function popup(place) {
  const box = document.createElement("p");
  box.className = "carte__popup";
  const name = document.createElement(place.url ? "a" : "strong");
  name.textContent = place.name;
  if (place.url) name.href = place.url;
  box.append(name);
  if (place.address) box.append(document.createElement("br"), place.address);
  return box;
}

function draw(L, section) {
  const places = placesOf(section);
  if (places.length === 0 || section.querySelector(".carte__plan")) return;
  const element = document.createElement("div");
  element.className = "carte__plan";
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", section.dataset.label || "Carte");
  section.querySelector("h2").after(element);

  const map = L.map(element, {
    scrollWheelZoom: false,
    dragging: !L.Browser.mobile,
    zoomControl: false,
  });
  // The + / − buttons, named in French (Leaflet's own names are English).
  L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
  for (const place of places) {
    L.marker([place.lat, place.lon], { title: place.name, alt: place.name })
      .bindPopup(popup(place))
      .addTo(map);
  }
  if (places.length === 1) {
    map.setView([places[0].lat, places[0].lon], Number(section.dataset.zoom) || 15);
  } else {
    const bounds = L.latLngBounds(places.map((place) => [place.lat, place.lon]));
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }
  map.on("focus click", () => map.scrollWheelZoom.enable());
  map.on("blur mouseout", () => map.scrollWheelZoom.disable());
  section.classList.add("carte--dessinee");
}

function start(section) {
  loadLeaflet(section)
    .then((L) => draw(L, section))
    .catch(() => {
      // Leaflet could not load (offline): the list of places is still there.
    });
}

const sections = document.querySelectorAll("section[data-carte]");
if ("IntersectionObserver" in window) {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          start(entry.target);
        }
      }
    },
    { rootMargin: "200px 0px" },
  );
  sections.forEach((section) => observer.observe(section));
} else {
  sections.forEach(start);
}
