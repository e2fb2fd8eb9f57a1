"""Viewer stage: the graph as an interactive page that works offline, straight from disk.

Each view is a pyvis `Network` (nodes, edges, vis-network options); the page is rendered with our own
template (`kg/templates/graph.html`) that inlines the vis-network bundle pyvis ships, because every pyvis
mode still links Bootstrap from a CDN (pyvis #229). Two views of one graph:

- `events`: event nodes linked to their participants by role;
- `actors`: events folded into actor -> actor edges labelled with type and date.

All article text reaches the page as JSON (`tojson` escapes `<`, `>`, `&`, `'`) and is written into the DOM
with `textContent`, so a headline like `<script>alert(1)</script>` shows as text. Large graphs show the most
connected nodes first (positions precomputed with networkx, physics off once settled), with a control to
show the rest.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from . import layout
from .ontology import classes
from .vocab import CONF

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_SHOWN = 300
STYLE = {  # class -> (colour, shape, legend group)
    "Country": ("#1f77b4", "dot", "States"),
    "Government": ("#17becf", "dot", "Governments"),
    "ArmedForce": ("#d62728", "triangle", "Armed forces"),
    "ArmedGroup": ("#ff7f0e", "triangle", "Armed groups"),
    "PeacekeepingForce": ("#2ca02c", "triangle", "Peacekeepers"),
    "PopulationGroup": ("#9467bd", "dot", "Populations"),
    "Person": ("#e377c2", "dot", "People"),
    "Organization": ("#8c564b", "square", "Organisations"),
    "MediaOrganization": ("#7f7f7f", "square", "Media"),
    "InternationalOrganization": ("#bcbd22", "square", "International organisations"),
    "Region": ("#aec7e8", "diamond", "Places"),
    "City": ("#aec7e8", "diamond", "Places"),
    "Place": ("#aec7e8", "diamond", "Places"),
    "Event": ("#ffbb78", "box", "Events"),
}
ROLES = ("agent", "target", "location", "origin", "destination")
EVENT_CLASSES = classes().events


def _local(uri) -> str:
    return str(uri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class EntityInfo:
    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: str
    type: str
    trigger: str
    date: str
    modality: str
    roles: tuple[tuple[str, str], ...]
    quantities: tuple[str, ...]
    sentences: tuple[str, ...]
    attributed_to: str
    source: str
    article: str


class Lit(str):
    """A literal's lexical form; IRIs are plain `str`."""


_TYPE, _LABEL = str(RDF.type), str(RDFS.label)


class Triples:
    """Subject -> predicate -> objects, all strings: what the viewer reads, filled from an rdflib graph or
    straight from Oxigraph quads (a large build never builds rdflib objects for its page)."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]):
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            self.out[s][p].append(o)

    @classmethod
    def of(cls, graph) -> Triples:
        if isinstance(graph, Triples):
            return graph
        return cls((str(s), str(p), Lit(o) if isinstance(o, Literal) else str(o)) for s, p, o in graph)

    @classmethod
    def from_oxigraph(cls, quads) -> Triples:
        """From pyoxigraph `Quad`s or `Triple`s."""
        import pyoxigraph as ox

        return cls(
            (q.subject.value, q.predicate.value, Lit(q.object.value) if isinstance(q.object, ox.Literal) else q.object.value)
            for q in quads
        )

    def objects(self, s: str, p: str) -> list[str]:
        return self.out.get(s, {}).get(p, [])

    def value(self, s: str | None, p: str) -> str | None:
        found = self.objects(s, p) if s is not None else []
        return found[0] if found else None


def read_graph(graph) -> tuple[dict[str, EntityInfo], list[EventInfo]]:
    """What the viewer shows, read from RDF (the viewer never sees pipeline records)."""
    g = Triples.of(graph)
    entities: dict[str, EntityInfo] = {}
    events: list[EventInfo] = []
    label = lambda n: str(g.value(n, _LABEL) or _local(n))
    roles_of = [(r, str(CONF[r])) for r in ROLES]
    for node, props in sorted(g.out.items()):  # the store's order is not the page's: same input, same page
        if _TYPE not in props:
            continue
        types = {_local(t) for t in props[_TYPE]}
        if types & EVENT_CLASSES:
            roles = tuple(sorted((r, o) for r, prop in roles_of for o in props.get(prop, ())))
            quantities = tuple(sorted(str(g.value(q, _LABEL)) for q in props.get(str(CONF.quantity), ())))
            sentences = tuple(sorted(str(g.value(s, str(CONF.text))) for s in props.get(str(PROV.wasDerivedFrom), ())))
            article = g.value(node, str(CONF.inArticle))
            title = g.value(article, str(DCTERMS.title))
            attributed, source = g.value(node, str(CONF.attributedTo)), g.value(node, str(CONF.source))
            events.append(
                EventInfo(
                    node,
                    sorted(types & EVENT_CLASSES)[0],
                    str(g.value(node, str(CONF.trigger)) or ""),
                    str(g.value(node, str(CONF.date)) or ""),
                    _local(g.value(node, str(CONF.modality)) or ""),
                    roles,
                    quantities,
                    sentences,
                    label(attributed) if attributed else "",
                    label(source) if source else "",
                    str(title or _local(article or "")),
                )
            )
        else:
            kind = next((t for t in sorted(types) if t in STYLE and t != "Event"), None)
            if kind is None:
                continue
            wd = next((o for o in props.get(str(OWL.sameAs), ()) if "wikidata.org" in o), None)
            aliases = tuple(sorted(a for a in props.get(str(SKOS.altLabel), ()) if isinstance(a, Lit)))
            entities[node] = EntityInfo(node, label(node), kind, aliases, wd)
    events.sort(key=lambda e: (e.date, e.type, e.id))
    return dict(sorted(entities.items())), events


def _add_entity_node(net, e: EntityInfo, events: int) -> None:
    """An actor or place, styled by class and sized by how many events it takes part in (both views)."""
    colour, shape, group = STYLE[e.type]
    net.add_node(
        e.id,
        label=e.label,
        title=_entity_title(e, events),
        color=colour,
        shape=shape,
        legend=group,
        kind=e.type,
        size=10 + 4 * min(events, 12) ** 0.8,
        wikidata=e.wikidata or "",
        aliases=list(e.aliases),
    )


def _entity_title(e: EntityInfo, count: int) -> str:
    lines = [e.label, e.type]
    if e.aliases:
        lines.append("also: " + ", ".join(e.aliases[:8]))
    if e.wikidata:
        lines.append(e.wikidata)
    lines.append(f"{count} event(s)")
    return "\n".join(lines)


def _event_title(ev: EventInfo, entities: dict[str, EntityInfo]) -> str:
    lines = [f"{ev.type} ({ev.trigger})", f"date: {ev.date or 'unknown'}", f"modality: {ev.modality}"]
    for role, target in ev.roles:
        lines.append(f"{role}: {entities[target].label if target in entities else _local(target)}")
    lines += [f"quantity: {q}" for q in ev.quantities]
    if ev.attributed_to:
        lines.append(f"according to: {ev.attributed_to}")
    if ev.source:
        lines.append(f"source: {ev.source}")
    lines += [f"“{s}”" for s in ev.sentences[:2]]
    lines.append(f"article: {ev.article}")
    return "\n".join(lines)


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership on every `add_node` and twice per `add_edge`, so a
    page of thousands of nodes took seconds (pyvis #304, unfixed). The same list, with set-speed `in`."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._ids.add(item)

    def __contains__(self, item) -> bool:
        return item in self._ids


def _network():
    from pyvis.network import Network

    net = Network(directed=True, notebook=False, cdn_resources="in_line")  # directed: no scan for duplicate edges
    net.node_ids = _IdList()
    return net


def build_views(graph: Graph | Triples, max_shown: int = MAX_SHOWN) -> dict:
    """Both views as plain data (nodes, edges, which to show first) plus the legend and filter values."""
    entities, events = read_graph(graph)
    involvement = Counter(t for ev in events for _r, t in ev.roles)
    views = {}

    # events view
    net = _network()
    for e in entities.values():
        _add_entity_node(net, e, involvement[e.id])
    for ev in events:
        colour, shape, group = STYLE["Event"]
        net.add_node(
            ev.id,
            label=f"{ev.type}\n{ev.date}".strip(),
            title=_event_title(ev, entities),
            color=colour,
            shape=shape,
            legend=group,
            kind=ev.type,
            size=12,
            modality=ev.modality,
            sentences=list(ev.sentences),
            article=ev.article,
            date=ev.date,
        )
        for role, target in ev.roles:
            if target in entities:
                net.add_edge(ev.id, target, label=role, title=role, arrows="to" if role != "agent" else "from")
    views["events"] = _view(net, max_shown)

    # actors view: actor -> actor edges, one per event with both an agent and another participant
    net = _network()
    pairs = defaultdict(list)
    for ev in events:
        agents = [t for r, t in ev.roles if r == "agent" and t in entities]
        others = [(r, t) for r, t in ev.roles if r != "agent" and t in entities]
        for a in agents:
            for _role, o in others:
                if o != a:
                    pairs[(a, o)].append(ev)
    used = {x for pair in pairs for x in pair}
    for eid in sorted(used):
        _add_entity_node(net, entities[eid], involvement[eid])
    for (a, o), evs in sorted(pairs.items()):
        for ev in evs:
            net.add_edge(a, o, label=f"{ev.type} {ev.date}".strip(), title=_event_title(ev, entities), kind=ev.type)
    views["actors"] = _view(net, max_shown)
    legend = sorted({(STYLE[e.type][2], STYLE[e.type][0], STYLE[e.type][1]) for e in entities.values()})
    if events:
        legend.append(("Events", STYLE["Event"][0], STYLE["Event"][1]))
    return {
        "views": views,
        "legend": [list(x) for x in legend],
        "eventTypes": sorted({ev.type for ev in events}),
        "actors": sorted({e.label for e in entities.values()}),
    }


def _view(net, max_shown: int) -> dict:
    nodes, edges, _heading, _h, _w, _options = net.get_network_data()
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    ranked = sorted(nodes, key=lambda n: (-degree[n["id"]], str(n["id"])))
    first = {n["id"] for n in ranked[:max_shown]}
    positions = layout.components(sorted(first), [(e["from"], e["to"]) for e in edges])
    layout.place_the_rest(ranked, edges, positions)
    for n in nodes:
        n["x"], n["y"] = positions[n["id"]]
        n["shownFirst"] = n["id"] in first
    return {"nodes": nodes, "edges": edges, "total": len(nodes), "shownFirst": len(first)}


def render_html(graph: Graph | Triples, title: str = "conflict-kg") -> str:
    """The self-contained page: inline vis-network, inline data, no external request."""
    import jinja2
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    data = build_views(graph)
    return env.get_template("graph.html").render(
        title=title,
        data=data,
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
    )


def graph_stats(graph: Graph | Triples, top: int = 10) -> dict:
    """A networkx view for analysis: counts per class, most active actors, events per type, date span."""
    entities, events = read_graph(graph)
    g = nx.Graph()
    for ev in events:
        g.add_node(ev.id, kind="event")
        for _role, target in ev.roles:
            if target in entities:
                g.add_edge(ev.id, target)
    betweenness = nx.betweenness_centrality(g, k=min(len(g), 500), seed=7) if len(g) > 2 else {}
    actors = [e for e in entities.values() if e.id in g]
    ranked = sorted(actors, key=lambda e: (-g.degree(e.id), -betweenness.get(e.id, 0), e.label))[:top]
    dates = sorted(ev.date for ev in events if ev.date)
    dates = [f"{d}0s" if len(d) == 3 else d for d in dates]  # a decade, `199` -> `1990s`
    return {
        "entities_by_class": dict(sorted(Counter(e.type for e in entities.values()).items())),
        "events_by_type": dict(sorted(Counter(ev.type for ev in events).items())),
        "most_active": [
            {"actor": e.label, "class": e.type, "events": g.degree(e.id), "betweenness": round(betweenness.get(e.id, 0.0), 4)}
            for e in ranked
        ],
        "date_span": [dates[0], dates[-1]] if dates else [],
        "entities": len(entities),
        "events": len(events),
    }
