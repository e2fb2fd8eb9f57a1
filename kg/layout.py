"""Where the graph view's nodes go: computed once at build time, seeded, so the page opens laid out and the
same input gives the same page."""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx


def components(nodes: list[str], edges: list[tuple[str, str]], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions from networkx for the nodes shown first, so the page opens already laid out.

    Each connected component is laid out on its own and the components are packed in rows, largest
    first: a spring layout of the whole graph would push small components to the far edges.
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a in g and b in g)
    positions: dict[str, tuple[float, float]] = {}
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    row_width = 140 * max(len(nodes), 1) ** 0.5 * 1.6
    x0 = y0 = row_height = 0.0
    for comp in comps:
        size = 170 * len(comp) ** 0.5
        if x0 > 0 and x0 + size > row_width:
            x0, y0, row_height = 0.0, y0 + row_height + 60, 0.0
        sub = nx.Graph()  # not g.subgraph(comp): a subgraph view iterates its nodes in set (hash-seed) order
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges(comp)))
        pos = nx.spring_layout(sub, seed=seed, iterations=80) if len(comp) > 1 else {comp[0]: (0.0, 0.0)}
        for n, (x, y) in pos.items():
            positions[n] = (round(x0 + size / 2 + float(x) * size / 2, 1), round(y0 + size / 2 + float(y) * size / 2, 1))
        x0 += size + 60
        row_height = max(row_height, size)
    return positions


def place_the_rest(ranked: list[dict], edges: list[dict], positions: dict[str, tuple[float, float]]) -> None:
    """Nodes hidden at first get a place beside their best-connected shown neighbour (a spiral around it),
    or on a ring outside the layout, so **Show all** draws at once instead of running physics on thousands."""
    neighbours: dict[str, list[str]] = {}
    for e in edges:
        neighbours.setdefault(e["from"], []).append(e["to"])
        neighbours.setdefault(e["to"], []).append(e["from"])
    crowd: Counter = Counter()
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    radius = max(max(xs) - min(xs), max(ys) - min(ys), 400) * 0.75
    rest = [n["id"] for n in ranked if n["id"] not in positions]
    for i, node in enumerate(rest):
        anchor = next((m for m in neighbours.get(node, []) if m in positions), None)
        if anchor is not None:
            k = crowd[anchor] = crowd[anchor] + 1
            angle, dist = k * 2.39996, 40 + 12 * math.sqrt(k)
            ax, ay = positions[anchor]
            positions[node] = (round(ax + dist * math.cos(angle), 1), round(ay + dist * math.sin(angle), 1))
        else:
            angle = i * 2.39996
            dist = radius + 30 * math.sqrt(i)
            positions[node] = (round(cx + dist * math.cos(angle), 1), round(cy + dist * math.sin(angle), 1))
