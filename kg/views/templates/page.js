// The summary a large collection opens on, the routing between views (`#summary`, `#map`, `#timeline`,
// `#events`, `#actors`: a link opens the right one), and the filter controls.
K.views.summary = (function () {
  const box = document.getElementById("v-summary");
  const S = K.data.summary;
  function numbers() {
    const row = el("div", { class: "numbers" }, box);
    for (const [n, words] of [[S.articles, "articles"], [S.marks, "occurrences"], [S.reports, "event reports"], [S.located, "located"], [S.dated, "dated"], [S.killed, "killed (reported, lowest figure per party)"]]) {
      const d = el("div", {}, row); el("span", { class: "n", text: n.toLocaleString("en") }, d); d.append(words);
    }
  }
  function bars(parent, rows, onClick) {
    const list = el("div", { class: "bars" }, parent);
    const top = Math.max(1, ...rows.map(r => r[1]));
    for (const [name, n, key] of rows) {
      const row = el("div", {}, list);
      const b = el("span", { class: "bar" }, row); b.style.width = Math.max(2, 160 * n / top) + "px";
      el("span", { text: name + " (" + n + ")" }, row);
      row.addEventListener("click", () => onClick(name, key));
    }
  }
  function mini(parent) {
    const svg = el("svg:svg", { id: "mini", role: "img", "aria-label": "every located occurrence" }, parent);
    const Q = K.data.world.quantum, g = el("svg:g", {}, svg);
    for (const c of K.data.world.countries) el("svg:path", { d: c.path }, g);
    const ms = K.data.marks.filter(m => m.lat !== null);
    const xs = ms.map(m => m.lon / Q), ys = ms.map(m => -m.lat / Q);
    const pad = 6 / Q;
    const x0 = ms.length ? Math.min(...xs) - pad : -3600, x1 = ms.length ? Math.max(...xs) + pad : 3600;
    const y0 = ms.length ? Math.min(...ys) - pad : -1700, y1 = ms.length ? Math.max(...ys) + pad : 1700;
    svg.setAttribute("viewBox", `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
    const r = Math.max(x1 - x0, y1 - y0) / 120;
    for (const m of ms) el("svg:circle", { cx: m.lon / Q, cy: -m.lat / Q, r, fill: K.colour(m.type), "fill-opacity": 0.7, stroke: "#333", "stroke-width": r / 6 }, svg);
    svg.addEventListener("click", () => { location.hash = "#map"; });
  }
  let built = false;
  function draw() {
    if (built) return;
    built = true;
    el("h2", { text: K.data.title }, box).style.fontSize = "18px";
    numbers();
    const cols = el("div", { class: "cols" }, box);
    const left = el("div", {}, cols), right = el("div", {}, cols);
    el("h2", { text: "Most active actors" }, left);
    bars(left, S.topActors, name => { K.select({ actor: name }); location.hash = "#events"; });
    el("h2", { text: "Countries with the most occurrences" }, left);
    bars(left, S.countries.map(([code, n]) => [K.countryName[code] || code, n, code]), (_n, code) => { K.select({ country: code }); location.hash = "#map"; });
    el("h2", { text: "Busiest months" }, right);
    const busiest = [...S.months].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
    bars(right, busiest.map(([month, n]) => [month, n, month]), (_n, month) => {
      const last = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).toISOString().slice(0, 10);
      K.select({ from: month + "-01", to: last }); location.hash = "#timeline";
    });
    if (!busiest.length) el("div", { text: "No events dated to a month or better." }, right);
    el("h2", { text: "Everything located (click for the map)" }, right);
    mini(right);
  }
  return { draw };
})();

(function () {
  const VIEWS = ["summary", "map", "timeline", "events", "actors"];
  const panel = { summary: "v-summary", map: "v-map", timeline: "v-timeline", events: "v-graph", actors: "v-graph" };
  const fallback = K.data.summary.opensOnSummary ? "summary" : K.data.summary.located ? "map" : "events";
  const subtitle = document.getElementById("subtitle");
  const S = K.data.summary;
  text(subtitle, S.articles + " article(s) · " + S.marks + " occurrence(s) from " + S.reports + " report(s) · " + S.located + " on the map · " + S.dated + " dated");
  const countries = document.getElementById("country");
  for (const code of K.data.world.withEvents) el("option", { value: code, text: K.countryName[code] || code }, countries);

  K.draw = function () {
    const v = K.state.view;
    K.ready = false;
    if (v === "events" || v === "actors") { K.views.graph.draw(); return; }
    document.getElementById("legend").replaceChildren();
    document.getElementById("isolated-box").hidden = true;
    K.views[v].draw();
    text(document.getElementById("status"), v === "map" ? K.counts.map + " occurrence(s) on the map" : v === "timeline" ? K.counts.timeline + " occurrence(s) on the timeline" : "");
    K.ready = true;
  };
  function show() {
    const wanted = location.hash.slice(1);
    const v = VIEWS.includes(wanted) ? wanted : fallback;
    K.state.view = v;
    for (const id of new Set(Object.values(panel))) document.getElementById(id).classList.toggle("on", id === panel[v]);
    for (const a of document.querySelectorAll("nav#tabs a")) a.classList.toggle("on", a.getAttribute("href") === "#" + v);
    document.title = K.data.title + " — " + v;
    K.draw();
  }
  window.addEventListener("hashchange", show);
  document.getElementById("etype").addEventListener("change", e => K.select({ type: e.target.value }));
  document.getElementById("actor").addEventListener("change", e => K.select({ actor: e.target.value.trim() }));
  countries.addEventListener("change", e => K.select({ country: e.target.value }));
  document.getElementById("from").addEventListener("change", e => K.select({ from: e.target.value }));
  document.getElementById("to").addEventListener("change", e => K.select({ to: e.target.value }));
  document.getElementById("reset").addEventListener("click", () => { K.state.all = false; K.select({ type: "", actor: "", country: "", from: "", to: "" }); });
  show();
})();
