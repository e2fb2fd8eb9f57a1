// The map: country outlines (Natural Earth, equirectangular, drawn from path data prepared at build time) and
// one mark per located occurrence: size by deaths, colour by event class, and the precision of the place
// shown by the mark's form (a town is a dot, a district or region a dashed disc, a country a dotted ring).
K.views.map = (function () {
  const svg = document.getElementById("map");
  const Q = K.data.world.quantum;
  const land = el("svg:g", { class: "land" }, svg);
  const marksG = el("svg:g", { class: "marks" }, svg);
  const labelsG = el("svg:g", { class: "labels" }, svg);
  const withEvents = new Set(K.data.world.withEvents);
  const paths = {};
  for (const c of K.data.world.countries) {
    const p = el("svg:path", { d: c.path, "data-code": c.code }, land);
    if (withEvents.has(c.code)) p.classList.add("active");
    el("svg:title", { text: c.name + (withEvents.has(c.code) ? " — click to select" : "") }, p);
    p.addEventListener("click", () => { if (!dragged) K.select({ country: K.state.country === c.code ? "" : c.code }); });
    (paths[c.code] = paths[c.code] || []).push(p);
  }
  const located = K.data.marks.filter(m => m.lat !== null && m.lon !== null);
  let t = null, dragged = false;

  function bounds(ms) {
    if (!ms.length) return [-3600, -1700, 3600, 1700];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const m of ms) { const x = m.lon / Q, y = -m.lat / Q; x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    const pad = Math.max(3 / Q, (x1 - x0) * 0.15, (y1 - y0) * 0.15);  // at least 3 degrees around the marks
    return [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
  }
  function fit(ms) {
    const [x0, y0, x1, y1] = bounds(ms), w = svg.clientWidth || 1000, h = svg.clientHeight || 700;
    const k = Math.min(w / (x1 - x0), h / (y1 - y0));
    t = { k, x: w / 2 - k * (x0 + x1) / 2, y: h / 2 - k * (y0 + y1) / 2 };
  }
  function radius(m) { return Math.min(28, 5 + 2.2 * Math.sqrt(m.killed || 0)); }
  function draw() {
    if (!t) fit(located);
    land.setAttribute("transform", `translate(${t.x},${t.y}) scale(${t.k})`);
    for (const [code, ps] of Object.entries(paths)) for (const p of ps) p.classList.toggle("chosen", code === K.state.country);
    marksG.replaceChildren(); labelsG.replaceChildren();
    const shown = located.filter(m => K.passes(m));
    const at = new Map();
    for (const m of shown) {
      const key = m.lat.toFixed(3) + "," + m.lon.toFixed(3);
      if (!at.has(key)) at.set(key, []);
      at.get(key).push(m);
    }
    let drawn = 0;
    const groups = [...at.values()].sort((a, b) => b.length - a.length || (a[0].place < b[0].place ? -1 : 1));
    for (const group of groups) {
      const cx = group[0].lon / Q * t.k + t.x, cy = -group[0].lat / Q * t.k + t.y;
      group.sort((a, b) => (b.killed || 0) - (a.killed || 0) || (a.id < b.id ? -1 : 1));
      group.forEach((m, i) => {  // several occurrences at one point: a small spiral, so each stays clickable
        const angle = i * 2.39996, dist = i ? 12 * Math.sqrt(i) : 0;
        const r = radius(m), colour = K.colour(m.type), geo = m.geo || 1;
        const c = el("svg:circle", { cx: cx + dist * Math.cos(angle), cy: cy + dist * Math.sin(angle), r: geo >= 4 ? r + 8 : geo >= 2 ? r + 4 : r,
          fill: geo >= 4 ? "none" : colour, "fill-opacity": geo >= 2 ? 0.35 : 0.85, stroke: geo >= 2 ? colour : "#333",
          "stroke-width": geo >= 2 ? 2 : 0.8, "stroke-dasharray": geo >= 4 ? "2 3" : geo >= 2 ? "5 3" : "", "data-id": m.id, class: "mark" }, marksG);
        el("svg:title", { text: m.label }, c);
        c.addEventListener("click", ev => { ev.stopPropagation(); K.markDetails(m); });
        drawn++;
      });
    }
    K.counts.map = drawn;
    labelCountries(labelPlaces(groups));
    legend();
  }
  function labelPlaces(groups) {  // one label per place, beside its marks, biggest first, never over other marks
    const spots = groups.map(group => {
      const m = group[0], x = m.lon / Q * t.k + t.x, y = -m.lat / Q * t.k + t.y, r = 14 + 12 * Math.sqrt(group.length - 1);
      return { group, x, y, r, box: [x - r, y - r, x + r, y + r] };
    });
    const taken = spots.map(s => s.box);
    for (const { group, x, y, r, box: own } of spots) {
      const m = group[0];
      if (!m.place) continue;
      const words = m.place + (group.length > 1 ? " (" + group.length + ")" : "");
      const box = [x + r + 2, y - 8, x + r + 4 + 7 * words.length, y + 6];
      if (taken.some(b => b !== own && box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      taken.push(box);
      el("svg:text", { x: x + r + 3, y: y + 4, text: words }, labelsG);
    }
    return taken;
  }
  function labelCountries(taken) {  // country names where there is room: countries with events first
    const w = svg.clientWidth || 1000, h = svg.clientHeight || 700;
    const order = [...K.data.world.countries].sort((a, b) => (withEvents.has(b.code) - withEvents.has(a.code)) || a.rank - b.rank || (a.name < b.name ? -1 : 1));
    for (const c of order) {
      const x = c.label[0] / Q * t.k + t.x, y = -c.label[1] / Q * t.k + t.y;
      if (x < 0 || y < 14 || x > w || y > h) continue;
      const half = 3.6 * c.name.length, box = [x - half, y - 11, x + half, y + 3];
      if (taken.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      taken.push(box);
      const label = el("svg:text", { x, y, text: c.name, "text-anchor": "middle", class: "country" }, labelsG);
      if (c.code === K.state.country) label.setAttribute("font-weight", "bold");
    }
  }
  function legend() {
    const box = document.getElementById("map-legend");
    box.replaceChildren();
    el("strong", { text: K.counts.map + " located occurrence(s) of " + K.data.marks.length }, box);
    const types = [...new Set(located.map(m => m.type))].sort();
    for (const ty of types) { const row = el("div", {}, box); const sw = el("span", { class: "swatch dot" }, row); sw.style.background = K.colour(ty); el("span", { text: ty }, row); }
    for (const [words, attrs] of [["town or village", { fill: "#777", "fill-opacity": 0.85, stroke: "#333", "stroke-width": 0.8 }],
      ["district or region", { fill: "#777", "fill-opacity": 0.35, stroke: "#777", "stroke-width": 2, "stroke-dasharray": "5 3" }],
      ["country only", { fill: "none", stroke: "#777", "stroke-width": 2, "stroke-dasharray": "2 3" }]]) {
      const row = el("div", {}, box), sym = el("svg:svg", { width: 18, height: 18 }, row);
      el("svg:circle", Object.assign({ cx: 9, cy: 9, r: 7 }, attrs), sym);
      el("span", { text: words }, row);
    }
    el("div", { text: "size: deaths reported; click a country to select it" }, box);
  }
  function zoom(f, px, py) {
    const w = svg.clientWidth, h = svg.clientHeight;
    px = px == null ? w / 2 : px; py = py == null ? h / 2 : py;
    t = { k: t.k * f, x: px - (px - t.x) * f, y: py - (py - t.y) * f };
    draw();
  }
  svg.addEventListener("wheel", ev => { ev.preventDefault(); const r = svg.getBoundingClientRect(); zoom(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - r.left, ev.clientY - r.top); }, { passive: false });
  let start = null;
  svg.addEventListener("pointerdown", ev => { start = [ev.clientX, ev.clientY, t.x, t.y]; dragged = false; });
  svg.addEventListener("pointermove", ev => {
    if (!start) return;
    const dx = ev.clientX - start[0], dy = ev.clientY - start[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) dragged = true;
    if (dragged) { t = { k: t.k, x: start[2] + dx, y: start[3] + dy }; draw(); }
  });
  window.addEventListener("pointerup", () => { start = null; setTimeout(() => { dragged = false; }, 0); });
  document.getElementById("zoom-in").addEventListener("click", () => zoom(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1 / 1.5));
  document.getElementById("zoom-fit").addEventListener("click", () => { fit(located.filter(m => K.passes(m))); draw(); });
  window.addEventListener("resize", () => { if (K.state.view === "map") draw(); });
  return { draw, legend: () => [] };
})();
