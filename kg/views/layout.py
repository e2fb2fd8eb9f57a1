"""Where the graph view's nodes go: computed once at build time, seeded, so the page opens laid out and the
same input gives the same page."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

Box = tuple[float, float]  # a node's drawn width and height, label included, in graph units
LABEL_FONT = (12.0, 22.0)  # smallest and largest label, px at zoom 1: labels grow with a node's events
NODE_SIZE = (8.0, 30.0)  # the same for the node's radius (the page's vis-network `scaling` options)


def components(
    nodes: list[str],
    edges: list[tuple[str, str]],
    seed: int = 7,
    boxes: dict[str, Box] | None = None,
    groups: dict[str, str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions from networkx for the nodes shown first, so the page opens already laid out.

    Each connected component is laid out on its own and the components are packed in rows, largest first:
    a spring layout of the whole graph would push small components to the far edges. Given `groups` (node ->
    article), each group's components are packed into a block of their own and the blocks packed in turn, so
    several articles form separate clusters joined only by the edges between them. With `boxes`, labels are
    pushed apart until none overlaps (`separate`).
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a in g and b in g)
    members: dict[str, list[str]] = {}
    for n in nodes:
        members.setdefault((groups or {}).get(n, ""), []).append(n)
    blocks = []
    for key in sorted(members, key=lambda k: (-len(members[k]), k)):
        inside = nx.Graph()
        inside.add_nodes_from(members[key])
        inside.add_edges_from((a, b) for a, b in g.edges(members[key]) if a in inside and b in inside)
        comps = sorted((sorted(c) for c in nx.connected_components(inside)), key=lambda c: (-len(c), c[0]))
        laid = []
        for comp in comps:
            local = _spring(inside, comp, seed)
            laid.append(separate(local, boxes) if boxes else local)
        blocks.append(_pack(laid, boxes or {}, gap=40))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in _pack(blocks, boxes or {}, gap=100).items()}


def _pack(blocks: list[dict[str, tuple[float, float]]], boxes: dict[str, Box], gap: float) -> dict[str, tuple[float, float]]:
    """Blocks of positions side by side in rows about as wide as the whole is tall (roughly square)."""
    extents = [_extent(b, boxes) for b in blocks]
    area = sum((r - left + gap) * (bottom - top + gap) for left, top, r, bottom in extents)
    widest = max((r - left for left, _t, r, _b in extents), default=0.0)
    row_width = max(area**0.5 * 1.3, widest)
    positions: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for block, (left, top, right, bottom) in zip(blocks, extents, strict=True):
        width, height = right - left, bottom - top
        if x0 > 0 and x0 + width > row_width:
            x0, y0, row_height = 0.0, y0 + row_height + gap, 0.0
        for n, (x, y) in block.items():
            positions[n] = (x0 + x - left, y0 + y - top)
        x0 += width + gap
        row_height = max(row_height, height)
    return positions


def _spring(g: nx.Graph, block: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """A component's own spring layout, scaled to its size."""
    size = 110 * len(block) ** 0.5  # compact: `separate` then makes the room the labels need
    sub = nx.Graph()  # not g.subgraph(block): a subgraph view iterates its nodes in set (hash-seed) order
    sub.add_nodes_from(block)
    sub.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges(block)))
    pos = nx.spring_layout(sub, seed=seed, iterations=80) if len(block) > 1 else {block[0]: (0.0, 0.0)}
    return {n: (float(x) * size / 2, float(y) * size / 2) for n, (x, y) in pos.items()}


def _extent(pos: dict[str, tuple[float, float]], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    if not pos:
        return 0.0, 0.0, 0.0, 0.0
    half = {n: (boxes.get(n, (0.0, 0.0))[0] / 2, boxes.get(n, (0.0, 0.0))[1] / 2) for n in pos}
    return (
        min(x - half[n][0] for n, (x, _y) in pos.items()),
        min(y - half[n][1] for n, (_x, y) in pos.items()),
        max(x + half[n][0] for n, (x, _y) in pos.items()),
        max(y + half[n][1] for n, (_x, y) in pos.items()),
    )


def separate(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart, each pair along the axis where they overlap least, until none overlaps
    (or `rounds` passes). Pairs are found in a grid of cells the size of the largest box, so a pass is about
    linear; nodes are visited in sorted order, so the result is the same on every run."""
    at = {n: list(p) for n, p in sorted(pos.items())}
    cell = max((max(b) for b in boxes.values()), default=1.0) or 1.0
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = {}
        for n, (x, y) in at.items():
            grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(n)
        moved = False
        for (cx, cy), members in sorted(grid.items()):
            near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in grid.get((cx + dx, cy + dy), ())]
            for a in members:
                for b in near:
                    if b <= a:
                        continue
                    moved |= _push(at[a], at[b], boxes.get(a, (0.0, 0.0)), boxes.get(b, (0.0, 0.0)))
        if not moved:
            break
    return {n: (p[0], p[1]) for n, p in at.items()}


def _push(pa: list[float], pb: list[float], ba: Box, bb: Box) -> bool:
    over_x = (ba[0] + bb[0]) / 2 - abs(pa[0] - pb[0])
    over_y = (ba[1] + bb[1]) / 2 - abs(pa[1] - pb[1])
    if over_x <= 0 or over_y <= 0:
        return False
    axis = 0 if over_x / max(ba[0] + bb[0], 1) < over_y / max(ba[1] + bb[1], 1) else 1
    step = (over_x if axis == 0 else over_y) / 2 + 0.5
    sign = 1.0 if pb[axis] >= pa[axis] else -1.0
    pa[axis] -= sign * step
    pb[axis] += sign * step
    return True


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


def _scale(value: float, top: float) -> float:
    """Where a node's `value` falls between the smallest (1, an event) and the largest, as vis-network's
    `scaling` computes it for sizes and label fonts."""
    return 0.0 if top <= 1 else (min(value, top) - 1) / (top - 1)


def box(node: dict, top: float) -> Box:
    """The room a node takes on the canvas with its label (about 0.6 em a character). A dot's label hangs below
    it; the box is kept centred on the node, so it counts the label's height on both sides."""
    scale = _scale(node.get("value", 1), top)
    font = LABEL_FONT[0] + scale * (LABEL_FONT[1] - LABEL_FONT[0])
    lines = str(node.get("label", "")).split("\n")
    width = 0.6 * font * max(len(line) for line in lines) + 12
    if node.get("shape") == "box":
        return width, 1.3 * font * len(lines) + 14
    size = NODE_SIZE[0] + scale * (NODE_SIZE[1] - NODE_SIZE[0])
    return max(width, 2 * size + 8), 2 * (size + 1.3 * font * len(lines) + 6)


def headings(nodes: list[dict], homes: dict[str, str]) -> list[dict]:
    """A heading over each article's cluster (its headline), so a page of several articles says which
    cluster is which even zoomed out, where the nodes' own labels are too small to draw."""
    spots: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        if n["shownFirst"] and n["id"] in homes:
            spots[homes[n["id"]]].append(n)
    found = []
    for article, members in sorted(spots.items()):
        xs, ys = [n["x"] for n in members], [n["y"] for n in members]
        events = sum(1 for n in members if n.get("legend") == "Events")
        width = max(xs) - min(xs) + 140
        centre = round((min(xs) + max(xs)) / 2, 1)
        found.append({"title": article, "x": centre, "y": round(min(ys) - 45, 1), "width": round(width, 1), "events": events})
    return found
