// The two graph views (vis-network): events linked to their participants, and actors linked by what one did
// to the other. Positions come laid out from the build (labels kept apart); labels grow with a node's events
// and small ones appear as you zoom in; an edge says its role or event only under the pointer; nodes linked to
// nothing are listed beside the graph instead of drawn.
K.views.graph = (function () {
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const options = {
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
    physics: { enabled: false, solver: "forceAtlas2Based", stabilization: { iterations: 150, updateInterval: 50 },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 90 } },
    edges: { font: { size: 12, align: "middle", strokeWidth: 3 }, smooth: false, color: { color: "#9aa", highlight: "#333", hover: "#333" } },
    nodes: { font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { min: 8, max: 30, label: { enabled: true, min: 12, max: 22, drawThreshold: 8, maxVisible: 26 } } },
    layout: { improvedLayout: false }
  };
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, options);
  Object.assign(K, { nodes, edges, network });

  function visible(view) {
    let ns = view.nodes.filter(n => !n.isolated), es = view.edges;
    if (!K.state.all) { const keep = new Set(ns.filter(n => n.shownFirst).map(n => n.id)); ns = ns.filter(n => keep.has(n.id)); es = es.filter(e => keep.has(e.from) && keep.has(e.to)); }
    if (K.filtering()) {
      if (K.state.view === "events") {
        const evs = new Set(ns.filter(n => n.legend === "Events" && K.eventPasses(n.id)).map(n => n.id));
        es = es.filter(e => evs.has(e.from) || evs.has(e.to));
      } else {
        es = es.filter(e => K.eventPasses(e.event));
      }
      const keep = new Set(es.flatMap(e => [e.from, e.to]));
      ns = ns.filter(n => keep.has(n.id));
    }
    return { ns, es };
  }
  function isolated(view) {
    const box = document.getElementById("isolated-box"), list = document.getElementById("isolated");
    const alone = view.nodes.filter(n => n.isolated);
    box.hidden = alone.length === 0;
    text(box.querySelector("summary"), alone.length + " linked to no event in this view");
    list.replaceChildren();
    for (const n of alone) {
      const li = el("li", { text: n.label }, list);
      li.addEventListener("click", () => K.details(n.label, String(n.title || "").split("\n").slice(1)));
    }
  }
  function legend() {
    const box = document.getElementById("legend");
    box.replaceChildren();
    for (const [name, colour, shape] of K.data.legend) {
      const row = el("div", {}, box);
      const sw = el("span", { class: "swatch " + shape }, row);
      sw.style.background = colour; sw.style.setProperty("--c", colour);
      el("span", { text: name }, row);
    }
    if (K.state.view === "events") el("div", { text: "▭ events, coloured by class as on the map" }, box);
  }
  function draw() {
    const view = K.data.views[K.state.view];
    const { ns, es } = visible(view);
    nodes.clear(); edges.clear();
    nodes.add(ns);
    edges.add(es.map((e, i) => Object.assign({ id: K.state.view + ":" + i + ":" + e.from + ">" + e.to }, e)));
    const hidden = view.total - (K.state.all ? view.total : view.shownFirst);
    text(document.getElementById("status"), ns.length + " nodes, " + es.length + " edges shown" + (hidden > 0 ? "; " + hidden + " less connected nodes hidden (Show all)" : ""));
    document.getElementById("all").disabled = hidden <= 0;
    K.counts.graph = ns.length;
    legend(); isolated(view);
    K.ready = false;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.94 });  // room for the article headings at the edges
    network.once("afterDrawing", () => { K.ready = true; });
    network.redraw();
  }
  network.on("afterDrawing", ctx => {  // article headings at a fixed screen size, over their clusters
    const clusters = K.state.view === "events" ? K.data.views.events.clusters || [] : [];
    if (!clusters.length) return;
    const scale = network.getScale(), size = 13 / scale, taken = [];
    ctx.save();
    ctx.font = "600 " + size + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.lineWidth = 4 / scale; ctx.strokeStyle = "#fff"; ctx.fillStyle = "#234";
    for (const c of [...clusters].sort((a, b) => b.events - a.events)) {
      let words = c.title;  // cut to the cluster's width (no heading runs over its neighbour's)
      while (words.length > 12 && ctx.measureText(words).width > Math.max(c.width, 200 / scale)) words = words.slice(0, -4).trimEnd() + "…";
      const w = ctx.measureText(words).width, box = [c.x - w / 2, c.y - size, c.x + w / 2, c.y + size * 0.3];
      if (taken.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      taken.push(box);
      ctx.strokeText(words, c.x, c.y); ctx.fillText(words, c.x, c.y);
    }
    ctx.restore();
  });
  network.on("hoverEdge", p => { const e = edges.get(p.edge); if (e) edges.update({ id: e.id, label: e.hover }); });
  network.on("blurEdge", p => { if (edges.get(p.edge)) edges.update({ id: p.edge, label: "" }); });
  network.on("click", params => {
    const id = params.nodes[0];
    const n = id !== undefined ? nodes.get(id) : (params.edges[0] !== undefined ? edges.get(params.edges[0]) : null);
    if (!n) { K.details(null); return; }
    const mark = K.markOfEvent[n.event || n.id];
    if (mark && n.legend === "Events") { K.markDetails(mark); return; }
    const lines = String(n.title || n.label || "").split("\n");
    K.details(lines[0], lines.slice(1));
  });
  document.getElementById("all").addEventListener("click", () => { K.state.all = true; draw(); });
  return { draw };
})();
