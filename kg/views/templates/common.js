// Shared state, filters and the details panel. Every view draws from `K.data` through `K.passes`, so a
// selection made in one view (a date range, a country, an actor, a type) filters all of them.
const K = window.kg = {
  data: JSON.parse(document.getElementById("kg-data").textContent),
  state: { view: "", all: false, type: "", actor: "", country: "", from: "", to: "" },
  ready: false,
  views: {},
  counts: {},
};
const SVGNS = "http://www.w3.org/2000/svg";

function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }
function el(tag, attrs, parent) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") text(node, v); else node.setAttribute(k, v);
  }
  if (parent) parent.append(node);
  return node;
}
K.el = el; K.text = text;

K.entities = {};
for (const n of K.data.views.events.nodes) if (n.legend !== "Events") K.entities[n.id] = n;
K.markOfEvent = {};
for (const m of K.data.marks) for (const r of m.reports) K.markOfEvent[r] = m;
K.colour = cls => K.data.eventColours[cls] || "#ffbb78";

// the ids of the entities an actor name stands for: its label or any alias, any case
K.actorIds = function (name) {
  const wanted = String(name || "").trim().toLowerCase();
  const ids = new Set();
  if (!wanted) return ids;
  for (const e of Object.values(K.entities)) {
    if (String(e.label).toLowerCase() === wanted || (e.aliases || []).some(a => a.toLowerCase() === wanted)) ids.add(e.id);
  }
  return ids;
};

// does an occurrence pass the current selection? `skip` names filters a view applies its own way
K.passes = function (m, skip) {
  const s = K.state, no = skip || {};
  if (s.type && m.type !== s.type) return false;
  if (s.country && !no.country && m.country !== s.country) return false;
  if (s.actor && !no.actor) { const ids = K.actorIds(s.actor); if (!m.actors.some(a => ids.has(a))) return false; }
  if ((s.from || s.to) && !no.dates) {
    if (!m.begin) return false;
    if (s.from && m.end < s.from) return false;
    if (s.to && m.begin > s.to) return false;
  }
  return true;
};
K.filtering = () => Boolean(K.state.type || K.state.actor || K.state.country || K.state.from || K.state.to);
K.eventPasses = function (eventId) {
  const m = K.markOfEvent[eventId];
  return m ? K.passes(m) : !K.filtering();
};

K.select = function (patch) {
  Object.assign(K.state, patch);
  if (K.state.from && K.state.to && K.state.from > K.state.to) [K.state.from, K.state.to] = [K.state.to, K.state.from];
  for (const id of ["etype", "actor", "country", "from", "to"]) {
    const key = id === "etype" ? "type" : id;
    const input = document.getElementById(id);
    if (input.value !== K.state[key]) input.value = K.state[key];
  }
  const chips = document.getElementById("selection");
  chips.replaceChildren();
  const s = K.state;
  if (s.from || s.to) el("span", { text: (s.from || "…") + " – " + (s.to || "…") }, chips);
  if (s.country) el("span", { text: (K.countryName[s.country] || s.country) }, chips);
  if (s.actor) el("span", { text: s.actor }, chips);
  if (s.type) el("span", { text: s.type }, chips);
  K.draw();
};

K.details = function (heading, lines) {
  const box = document.getElementById("details");
  box.replaceChildren();
  if (!heading) { text(box, "Click a mark, a bar or a node for its details."); return; }
  el("strong", { text: heading }, box);
  for (const line of lines) {
    const div = el("div", {}, box);
    if (String(line).startsWith("http://www.wikidata.org/")) {
      const a = el("a", { href: line, target: "_blank", rel: "noopener noreferrer" }, div);
      text(a, "Wikidata " + String(line).split("/").pop());
    } else { text(div, line); if (String(line).startsWith("“")) div.className = "quote"; }
  }
};

const GEO_WORDS = { 1: "town or village", 2: "district", 3: "region", 4: "country only" };
K.markDetails = function (m) {
  const lines = [m.type + " · " + (m.date ? m.date + " (" + (m.precision || "?") + ")" : "undated")];
  if (m.place) lines.push("where: " + m.place + (m.geo ? " — located to the " + (GEO_WORDS[m.geo] || "?") : ""));
  if (m.killed != null) lines.push("killed: " + m.killed + " (lowest figure per party over the reports)");
  lines.push(m.reports.length + " report(s) from " + m.articles + " article(s)");
  for (const t of m.tolls) lines.push("toll: " + t);
  const actors = m.actors.filter(a => K.entities[a]).map(a => K.entities[a].label);
  if (actors.length) lines.push("actors: " + actors.join(", "));
  for (const r of m.reports) {
    const node = K.eventNode[r];
    if (node) lines.push("", ...String(node.title).split("\n"));
  }
  K.details(m.label, lines);
};
K.eventNode = {};
for (const n of K.data.views.events.nodes) if (n.legend === "Events") K.eventNode[n.id] = n;

K.countryName = {};
for (const c of K.data.world.countries) K.countryName[c.code] = c.name;

// dates as day numbers, for scales
K.day = iso => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
K.iso = day => new Date(Math.round(day) * 86400000).toISOString().slice(0, 10);
