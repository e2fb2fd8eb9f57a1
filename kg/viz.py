"""Viewer stage: the graph as an interactive pyvis page that works offline, straight from disk.

pyvis 0.3.2 links Bootstrap from a CDN in every mode (pyvis #229): the page is rendered with vis-network
inline and those links removed, so opening `graph.html` makes no network request.
"""
from __future__ import annotations

import html
import re

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from .vocab import CONF

COLOURS = {
    "Country": "#1f77b4", "Government": "#17becf", "ArmedForce": "#d62728", "ArmedGroup": "#ff7f0e",
    "PeacekeepingForce": "#2ca02c", "PopulationGroup": "#9467bd", "Person": "#e377c2", "Organization": "#8c564b",
    "MediaOrganization": "#7f7f7f", "InternationalOrganization": "#bcbd22", "Region": "#aec7e8",
    "City": "#c5b0d5", "Place": "#c7c7c7", "Event": "#ffbb78",
}
ROLES = ("agent", "target", "location", "origin", "destination")


def _local(uri) -> str:
    return str(uri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def render_html(graph: Graph, height: str = "800px") -> str:
    """Events linked to their participants, coloured by class; labels and tooltips escaped as text."""
    from pyvis.network import Network

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", notebook=False)
    net.toggle_physics(True)
    added: set[str] = set()

    def node(uri, kind: str, label: str, tooltip: str) -> str:
        key = str(uri)
        if key not in added:
            added.add(key)
            net.add_node(key, label=html.escape(label), title=html.escape(tooltip), color=COLOURS.get(kind, "#dddddd"),
                         shape="box" if kind == "Event" else "dot")
        return key

    def entity(uri) -> str:
        kinds = [_local(t) for t in graph.objects(uri, RDF.type)]
        kind = next((k for k in kinds if k in COLOURS), "Place")
        label = str(graph.value(uri, RDFS.label) or _local(uri))
        return node(uri, kind, label, f"{label} ({kind})")

    events = sorted({s for s in graph.subjects(CONF.trigger, None)}, key=str)
    for ev in events:
        kind = next((_local(t) for t in graph.objects(ev, RDF.type)), "Event")
        date = graph.value(ev, CONF.date)
        label = f"{kind}" + (f" {date}" if date else "")
        src = node(ev, "Event", label, f"{kind}: {graph.value(ev, CONF.trigger)}" + (f" ({date})" if date else ""))
        for role in ROLES:
            for target in sorted(graph.objects(ev, CONF[role]), key=str):
                net.add_edge(src, entity(target), label=role, title=role)
    page = net.generate_html()
    page = re.sub(r'<link[^>]+href="https?://[^"]+"[^>]*>\s*', "", page)
    page = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>\s*', "", page)
    return page
