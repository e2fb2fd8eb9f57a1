"""The graph views of the page (`kg/views/page.py` assembles it) and `kg stats`.

Each view is a pyvis `Network` (nodes, edges, vis-network options), turned into plain data the page draws:

- `events`: event nodes linked to their participants by role, coloured by class as on the map;
- `actors`: events folded into actor -> actor edges, each edge one event.

Positions are computed here (`kg/views/layout.py`: seeded, labels pushed apart, one cluster per article), so the
page opens laid out and the same graph gives the same bytes. Edge words live in `hover` (shown under the
pointer), nodes linked to nothing are marked `isolated` (listed beside the graph), and large graphs show
the most connected nodes first, with a control to show the rest.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.graph.vocab import CONF
from kg.knowledge.ontology import classes
from kg.views import layout

MAX_SHOWN = 150  # nodes laid out and shown first: about what 1400x900 can show with readable labels
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
EVENT_PALETTE = (  # distinguishable mid-tone colours (after Sasha Trubetskoy's list), readable as pale bars too
    "#e6194b", "#3cb44b", "#d4a017", "#4363d8", "#f58231", "#911eb4", "#1fa5c7", "#f032e6", "#7fae1f", "#d6688f", "#469990",
    "#8e6fd1", "#9a6324", "#800000", "#2e8b57", "#808000", "#c06030", "#000075", "#708090", "#b8860b", "#6a5acd",
)  # fmt: skip
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
        value=events,
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
        _colour, shape, group = STYLE["Event"]
        net.add_node(
            ev.id,
            label=f"{ev.type}\n{ev.date}".strip(),
            title=_event_title(ev, entities),
            color=event_colour(ev.type),
            font={"color": _ink(event_colour(ev.type)), "strokeWidth": 0},
            shape=shape,
            legend=group,
            kind=ev.type,
            value=1,
            modality=ev.modality,
            sentences=list(ev.sentences),
            article=ev.article,
            date=ev.date,
        )
        for role, target in ev.roles:
            if target in entities:
                net.add_edge(ev.id, target, hover=role, title=role, arrows="to" if role != "agent" else "from", event=ev.id)
    homes = _homes(events, entities) if len({ev.article for ev in events}) > 1 else None
    views["events"] = _view(net, max_shown, homes)
    views["events"]["clusters"] = layout.headings(views["events"]["nodes"], homes) if homes else []

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
            net.add_edge(a, o, hover=f"{ev.type} {ev.date}".strip(), title=_event_title(ev, entities), kind=ev.type, event=ev.id)
    views["actors"] = _view(net, max_shown)
    legend = sorted({(STYLE[e.type][2], STYLE[e.type][0], STYLE[e.type][1]) for e in entities.values()})
    return {
        "views": views,
        "legend": [list(x) for x in legend],
        "eventTypes": sorted({ev.type for ev in events}),
        "eventColours": {t: event_colour(t) for t in sorted({ev.type for ev in events})},
        "actors": sorted({e.label for e in entities.values()}),
    }


def _view(net, max_shown: int, groups: dict[str, str] | None = None) -> dict:
    """Nodes ranked by degree, the first `max_shown` laid out with their labels apart; nodes with no edge are
    marked `isolated` (the page lists them beside the graph instead of drawing a grid of them)."""
    nodes, edges, _heading, _h, _w, _options = net.get_network_data()
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    linked = [n for n in nodes if degree[n["id"]]]
    ranked = sorted(linked, key=lambda n: (-degree[n["id"]], str(n["id"])))
    first = {n["id"] for n in ranked[:max_shown]}
    top = max((n.get("value", 1) for n in linked), default=1)
    boxes = {n["id"]: layout.box(n, top) for n in linked if n["id"] in first}
    positions = layout.components(sorted(first), [(e["from"], e["to"]) for e in edges], boxes=boxes, groups=groups)
    layout.place_the_rest(ranked, edges, positions)
    for n in nodes:
        n["x"], n["y"] = positions.get(n["id"], (0.0, 0.0))
        n["shownFirst"] = n["id"] in first
        n["isolated"] = not degree[n["id"]]
    return {"nodes": nodes, "edges": edges, "total": len(linked), "shownFirst": len(first), "isolated": len(nodes) - len(linked)}


def _homes(events: list[EventInfo], entities: dict[str, EntityInfo]) -> dict[str, str]:
    """Each node's article: an event's own, an entity's the one it takes part in most (first by title on a
    tie). The events view lays each article out as its own cluster."""
    counts: dict[str, Counter] = defaultdict(Counter)
    homes = {}
    for ev in events:
        homes[ev.id] = ev.article
        for _role, target in ev.roles:
            if target in entities:
                counts[target][ev.article] += 1
    for node, seen in counts.items():
        homes[node] = min(seen, key=lambda a: (-seen[a], a))
    return homes


def _ink(background: str) -> str:
    """Black or white text, whichever reads on the background (WCAG relative luminance, simplified)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "#111111"


def event_colour(cls: str) -> str:
    """One colour per event class, the same on the map, the timeline and the graph; a kind of a class
    (an AirStrike, a Shelling) takes its class's colour (an Attack's), so the map stays readable."""
    tree = classes()
    ordered = sorted(c for c in EVENT_CLASSES if c not in tree.broader)
    cls = tree.root(cls)
    return EVENT_PALETTE[ordered.index(cls) % len(EVENT_PALETTE)] if cls in ordered else "#ffbb78"


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
