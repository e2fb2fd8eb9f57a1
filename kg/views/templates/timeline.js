// The timeline: each dated occurrence as a bar from its first to its last possible day, in lanes by event class
// or by actor. A day is a solid bar, a week a lighter one, a month a pale wide one, a year or a decade a thin
// band; so a vague date is seen to be vague. Dragging across the plot selects a date range for every view.
// Context that lies long before the news (the 1990s war behind a 2023 report) goes in a narrow band on the
// left, so it does not squeeze the weeks that matter into a few pixels.
K.views.timeline = (function () {
  const svg = document.getElementById("timeline");
  const GUTTER = 150, EARLY = 80, ROW = 14, LANE_GAP = 10, AXIS = 28;
  const dated = K.data.marks.filter(m => m.begin);
  const news = dated.filter(m => ["day", "week", "month"].includes(m.precision));
  const core = news.length ? news : dated;
  const coreStart = core.length ? Math.min(...core.map(m => K.day(m.begin))) - 1 : 0;
  const end = dated.length ? Math.max(...dated.map(m => K.day(m.end))) + 1 : 1;
  const first = dated.length ? Math.min(...dated.map(m => K.day(m.begin))) : coreStart;
  const early = first < coreStart - 1;
  let x = null, width = 0;

  function scale() {
    width = Math.max(600, svg.parentElement.clientWidth - 20);
    const x0 = GUTTER + (early ? EARLY : 0), x1 = width - 20;
    const main = d => x0 + (d - coreStart) / Math.max(end - coreStart, 1) * (x1 - x0);
    x = d => d >= coreStart ? main(d) : GUTTER + (d - first) / Math.max(coreStart - first, 1) * (EARLY - 12);
    x.invert = px => px >= x0 ? coreStart + (px - x0) / (x1 - x0) * Math.max(end - coreStart, 1) : first + (px - GUTTER) / (EARLY - 12) * Math.max(coreStart - first, 1);
  }
  function lanes() {
    const by = document.getElementById("group").value;
    const groups = new Map();
    for (const m of dated) {
      if (!K.passes(m, { dates: true })) continue;
      let key = m.type;
      if (by === "actor") {
        const named = m.actors.filter(a => K.entities[a]).map(a => K.entities[a].label).sort();
        key = named[0] || "(no actor)";
      }
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(m);
    }
    return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  }
  function axis(g, height) {
    const span = end - coreStart;
    const unit = span <= 45 ? "day" : span <= 1100 ? "month" : "year";
    const step = unit === "day" ? Math.ceil(span / 15) : 1;
    let d = new Date(coreStart * 86400000);
    if (unit !== "day") d = new Date(Date.UTC(d.getUTCFullYear(), unit === "year" ? 0 : d.getUTCMonth(), 1));
    const every = unit === "month" ? Math.ceil(span / 30 / 14) : 1;
    for (let i = 0; i < 400; i++) {
      const day = d.getTime() / 86400000;
      if (day > end) break;
      if (day >= coreStart) {
        const px = x(day);
        el("svg:line", { x1: px, x2: px, y1: AXIS - 6, y2: height, stroke: "#eee" }, g);
        const words = unit === "year" ? String(d.getUTCFullYear()) : unit === "month" ? d.toISOString().slice(0, 7) : d.toISOString().slice(5, 10);
        el("svg:text", { x: px + 2, y: AXIS - 10, text: words }, g);
      }
      if (unit === "day") d = new Date(d.getTime() + step * 86400000);
      else if (unit === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + every, 1));
      else d = new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
    }
    if (early) {
      el("svg:rect", { x: GUTTER, y: AXIS - 6, width: EARLY - 12, height: height - AXIS + 6, fill: "#f6f6f6" }, g);
      el("svg:text", { x: GUTTER + 2, y: AXIS - 10, text: "from " + K.iso(first).slice(0, 4) }, g);
    }
  }
  function bar(g, m, y) {
    const x0 = x(K.day(m.begin)), x1 = x(K.day(m.end) + 1);
    const p = m.precision, thin = p === "year" || p === "decade" || !p;
    const w = Math.max(p === "day" ? 6 : 4, x1 - x0);
    const inRange = (!K.state.from || m.end >= K.state.from) && (!K.state.to || m.begin <= K.state.to);
    const dim = inRange ? 1 : 0.2;  // outside the selected range: kept for context, faded
    const h = thin ? 4 : p === "day" ? ROW - 3 : p === "week" ? ROW - 5 : ROW - 3;
    const r = el("svg:rect", { x: x0, y: thin ? y + 4 : p === "week" ? y + 1 : y, width: w, height: h, rx: 2, class: "bar", "data-id": m.id,
      fill: K.colour(m.type), "fill-opacity": (p === "day" ? 0.95 : p === "week" ? 0.45 : p === "month" ? 0.18 : 0.35) * dim,
      stroke: p === "month" || p === "week" ? K.colour(m.type) : "none", "stroke-opacity": dim, "stroke-dasharray": p === "month" ? "3 2" : "" }, g);
    el("svg:title", { text: m.label + " — " + (m.date || "") + " (" + p + ")" }, r);
    r.addEventListener("pointerdown", ev => ev.stopPropagation());
    r.addEventListener("click", () => K.markDetails(m));
    return w;
  }
  function draw() {
    scale();
    svg.replaceChildren();
    const g = el("svg:g", { class: "axis" }, svg);
    const plot = el("svg:g", {}, svg);
    let y = AXIS, bars = 0;
    for (const [name, ms] of lanes()) {
      const rows = [];  // greedy packing: a bar goes in the first row it does not overlap
      const top = y;
      ms.sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : a.id < b.id ? -1 : 1));
      for (const m of ms) {
        const x0 = x(K.day(m.begin)), x1 = Math.max(x(K.day(m.end) + 1), x0 + 7);
        let row = rows.findIndex(r => r <= x0);
        if (row < 0) { rows.push(0); row = rows.length - 1; }
        rows[row] = x1 + 1;
        bar(plot, m, top + row * ROW);
        bars++;
      }
      y = top + Math.max(rows.length, 1) * ROW + LANE_GAP;
      el("svg:text", { x: 6, y: top + 10, class: "lane-label", text: name.length > 22 ? name.slice(0, 21) + "…" : name + " (" + ms.length + ")" }, svg);
      el("svg:line", { x1: 0, x2: width, y1: y - LANE_GAP / 2, y2: y - LANE_GAP / 2, stroke: "#ddd" }, plot);
    }
    axis(g, y);
    svg.setAttribute("width", width); svg.setAttribute("height", y + 10);
    if (K.state.from || K.state.to) {
      const a = x(K.day(K.state.from || K.iso(first))), b = x(K.day(K.state.to || K.iso(end)) + 1);
      el("svg:rect", { x: a, y: AXIS - 6, width: Math.max(b - a, 2), height: y - AXIS, fill: "#4363d8", "fill-opacity": 0.08, stroke: "#4363d8", class: "brush" }, svg);
    }
    K.counts.timeline = bars;
    if (!dated.length) el("svg:text", { x: GUTTER, y: AXIS + 20, text: "No dated events." }, svg);
  }
  let brush = null;
  svg.addEventListener("pointerdown", ev => {
    const r = svg.getBoundingClientRect();
    brush = { x0: ev.clientX - r.left, rect: el("svg:rect", { y: AXIS - 6, height: svg.getAttribute("height"), fill: "#4363d8", "fill-opacity": 0.15 }, svg) };
  });
  svg.addEventListener("pointermove", ev => {
    if (!brush) return;
    const r = svg.getBoundingClientRect(), px = ev.clientX - r.left;
    brush.rect.setAttribute("x", Math.min(px, brush.x0)); brush.rect.setAttribute("width", Math.abs(px - brush.x0));
  });
  window.addEventListener("pointerup", ev => {
    if (!brush) return;
    const r = svg.getBoundingClientRect(), px = ev.clientX - r.left, x0 = brush.x0;
    brush = null;
    if (Math.abs(px - x0) < 4) { K.select({ from: "", to: "" }); return; }
    const lo = Math.max(GUTTER, Math.min(px, x0)), hi = Math.max(px, x0);
    K.select({ from: K.iso(Math.floor(x.invert(lo))), to: K.iso(Math.floor(x.invert(hi))) });
  });
  document.getElementById("group").addEventListener("change", draw);
  window.addEventListener("resize", () => { if (K.state.view === "timeline") draw(); });
  return { draw };
})();
