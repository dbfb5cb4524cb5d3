"""The relationship graph, laid out and drawn as SVG in Python: no system binary, no script.

Nodes are the actors that take part in a relationship; each relationship row is one directed
edge (``<g class="edge">``), labelled by its type, from subject to object. The layout is a
force-directed one (Fruchterman and Reingold), started from a circle in id order and run a
fixed number of steps, so the same package always gives the same picture. Labels are then
pushed apart until no two node boxes overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ..read.descriptor import Resource
from .page import Site, listed, render

WIDTH, HEIGHT, MARGIN = 1400, 1000, 90
MAX_EDGES = 200  # past this many relationship rows, one arrow per subject, type and object
MAX_NODES = 60  # past this many actors, no picture (unreadable, and quadratic to lay out): the list
LINE = 15  # px per line of a node label
CHAR = 6.6  # px per character at the label's font size, an estimate
WRAP = 22  # characters per line of a node label


@dataclass(frozen=True)
class Edge:
    id: str
    subject: str
    object: str
    type: str
    symmetric: bool = False


@dataclass
class Node:
    id: str
    label: str
    kind: str
    x: float = 0.0
    y: float = 0.0

    @property
    def lines(self) -> list[str]:
        return wrap(self.label)

    @property
    def half(self) -> tuple[float, float]:
        lines = self.lines
        return max(len(s) for s in lines) * CHAR / 2 + 8, len(lines) * LINE / 2 + 5


def relationship_graph(
    relationships: Resource, rows: list[dict[str, str]], actors: list[dict[str, str]]
) -> tuple[list[Node], list[Edge]]:
    """The package's graph: one edge per relationship row, in file order, and one node per actor
    that takes part, in order of first appearance. A type the schema lists in
    ``symmetricCategories`` makes a symmetric edge. The site's picture and the README's Mermaid
    block are both drawn from this."""
    type_field = next((f for f in relationships.fields if f.name == "type"), None)
    categories = (
        listed(type_field.spec, "symmetricCategories", file=relationships.schema_file)
        if type_field
        else []
    )
    symmetric = {c for c in categories if isinstance(c, str)}
    edges = [
        Edge(
            r["relationship_id"], r["subject_id"], r["object_id"], r["type"], r["type"] in symmetric
        )
        for r in rows
    ]
    by_id = {r["actor_id"]: r for r in actors}
    used = dict.fromkeys(a for e in edges for a in (e.subject, e.object))
    nodes = [
        Node(a, by_id[a]["name"], by_id[a]["kind"]) if a in by_id else Node(a, a, "unknown")
        for a in used
    ]
    return nodes, edges


def wrap(text: str, width: int = WRAP) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def layout(nodes: list[Node], edges: list[Edge], steps: int = 400) -> None:
    """Place ``nodes`` (in place): force-directed, then boxes pushed apart."""
    import numpy as np

    n = len(nodes)
    if n == 0:
        return
    index = {node.id: i for i, node in enumerate(nodes)}
    angle = np.linspace(0, 2 * math.pi, n, endpoint=False)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.5
    pairs = np.array(
        sorted({(index[e.subject], index[e.object]) for e in edges if e.subject != e.object}),
        dtype=np.int64,
    ).reshape(-1, 2)
    k = 2.0 * math.sqrt(1.0 / n)  # the ideal edge length: long enough for its label
    temperature = 0.1
    for _ in range(steps):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-4)
        force = (3 * k * k / distance**2)[:, :, None] * delta  # every pair repels
        move = force.sum(axis=1)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-4)[:, None]
            pull = d * length / k  # linked pairs attract
            np.add.at(move, pairs[:, 0], -pull)
            np.add.at(move, pairs[:, 1], pull)
        move -= pos * 0.02  # a weak pull to the centre keeps the parts of the graph together
        size = np.maximum(np.linalg.norm(move, axis=1), 1e-9)[:, None]
        pos += move / size * np.minimum(size, temperature)
        temperature = max(temperature * 0.985, 0.002)
    # A hub's neighbours crowd it: spread the middle of the picture more than its edges.
    centre = pos.mean(axis=0)
    offset = pos - centre
    radius = np.maximum(np.linalg.norm(offset, axis=1), 1e-9)[:, None]
    pos = centre + offset / radius * radius**0.7
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    scaled = (pos - low) / span
    for i, node in enumerate(nodes):
        node.x = MARGIN + scaled[i, 0] * (WIDTH - 2 * MARGIN)
        node.y = MARGIN + scaled[i, 1] * (HEIGHT - 2 * MARGIN)
    _separate(nodes)


def _separate(nodes: list[Node], rounds: int = 200) -> None:
    """Push overlapping label boxes apart, then keep every box inside the picture."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                (aw, ah), (bw, bh) = a.half, b.half
                dx, dy = b.x - a.x, b.y - a.y
                ox, oy = aw + bw + 6 - abs(dx), ah + bh + 6 - abs(dy)
                if ox > 0 and oy > 0:
                    moved = True
                    if ox < oy:
                        shift = ox / 2 * (1 if dx >= 0 else -1)
                        a.x, b.x = a.x - shift, b.x + shift
                    else:
                        shift = oy / 2 * (1 if dy >= 0 else -1)
                        a.y, b.y = a.y - shift, b.y + shift
        for node in nodes:
            w, h = node.half
            node.x = min(max(node.x, w + 4), WIDTH - w - 4)
            node.y = min(max(node.y, h + 4), HEIGHT - h - 4)
        if not moved:
            return


def _border(node: Node, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``node``'s centre toward a point leaves its box."""
    w, h = node.half
    dx, dy = toward[0] - node.x, toward[1] - node.y
    if dx == 0 and dy == 0:
        return node.x, node.y
    scale = min(w / abs(dx) if dx else math.inf, h / abs(dy) if dy else math.inf)
    return node.x + dx * scale, node.y + dy * scale


def _spread_labels(
    labels: list[tuple[str, list[float]]], nodes: list[Node], rounds: int = 200
) -> None:
    """Nudge edge labels (in place) so that no two overlap and none sits on a node's box.

    Each round sweeps the labels in order of height and compares a label only with those
    less than a line below it, so a round costs little more than a sort.
    """
    boxes = [(n.x, n.y, *n.half) for n in nodes]
    widths = [len(text) * 2.9 + 3 for text, _ in labels]
    for _ in range(rounds):
        moved = False
        order = sorted(range(len(labels)), key=lambda i: labels[i][1][1])
        for k, i in enumerate(order):
            a = labels[i][1]
            for j in order[k + 1 :]:
                b = labels[j][1]
                oy = 13 - abs(a[1] - b[1])
                if oy <= 0:
                    break
                ox = widths[i] + widths[j] - abs(a[0] - b[0])
                if ox > 0:
                    moved = True
                    # A little apart sideways too: between two boxes, where up and down
                    # are both taken, that is the way out.
                    side = min(ox, 6.0) / 2
                    left, right = (a, b) if a[0] <= b[0] else (b, a)
                    left[0], right[0] = left[0] - side, right[0] + side
                    shift = oy / 2 + 0.5
                    if a[1] <= b[1]:
                        a[1], b[1] = a[1] - shift, b[1] + shift
                    else:
                        a[1], b[1] = a[1] + shift, b[1] - shift
        for (_, a), width in zip(labels, widths):
            for x, y, w, h in boxes:
                ox, oy = width + w - abs(a[0] - x), 6.5 + h - abs(a[1] - 4 - y)
                if ox > 0 and oy > 0:
                    moved = True
                    a[1] += oy + 0.5 if a[1] - 4 >= y else -(oy + 0.5)
        if not moved:
            return


# Bows tried, in px from the wanted one, for an edge that would cross another actor's box.
DETOURS = (0, 45, -45, 90, -90, 140, -140, 200, -200, 270, -270, 350, -350)
Point = tuple[float, float]


def _curve(a: Node, b: Node, bend: float) -> tuple[Point, Point, Point]:
    """The quadratic curve from ``a``'s box to ``b``'s, bowed ``bend`` px off the straight
    line: its start, control point and end."""
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    control = (mx - dy / length * bend, my + dx / length * bend)
    return _border(a, control), control, _border(b, control)


def curve_points(start: Point, control: Point, end: Point, steps: int = 40) -> list[Point]:
    """Points along a quadratic curve, ends included."""
    out = []
    for k in range(steps + 1):
        t = k / steps
        u = 1 - t
        out.append(
            (
                u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
                u * u * start[1] + 2 * u * t * control[1] + t * t * end[1],
            )
        )
    return out


def _crossings(curve: tuple[Point, Point, Point], boxes: list[Node], pad: float = 3.0) -> int:
    """How many of ``boxes`` (with ``pad`` px around) the curve passes through."""
    points = curve_points(*curve)
    hit = 0
    for n in boxes:
        w, h = n.half
        if any(abs(x - n.x) < w + pad and abs(y - n.y) < h + pad for x, y in points):
            hit += 1
    return hit


def _label(edge: Edge) -> str:
    return edge.type.replace("_", " ")


def drawn_edges(nodes: list[Node], edges: list[Edge]) -> list[dict[str, object]]:
    """Each edge as drawn: its path between the two boxes and where its label sits."""
    by_id = {n.id: n for n in nodes}
    seen: dict[frozenset[str], int] = {}
    drawn: list[dict[str, object]] = []
    for e in edges:
        a, b = by_id[e.subject], by_id[e.object]
        pair = frozenset((e.subject, e.object))
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        # Edges between one pair bow out in turn, so that each stays visible.
        step = min((nth + 1) // 2, 4)  # past four a side, edges of one pair share a curve
        wanted = 0.0 if nth == 0 else 40 * step * (1 if nth % 2 else -1)
        # The least bow from the wanted one that passes through no other actor's box.
        others = [n for n in nodes if n.id not in pair]
        bend = min(
            (wanted + d for d in DETOURS),
            key=lambda bend: (_crossings(_curve(a, b, bend), others), abs(bend - wanted)),
        )
        start, (cx, cy), end = _curve(a, b, bend)
        label = _label(e)
        drawn.append(
            {
                "edge": e,
                "label": label,
                "title": f"{a.label} {label} {b.label} ({e.id})",
                "path": f"M{start[0]:.1f},{start[1]:.1f} Q{cx:.1f},{cy:.1f} {end[0]:.1f},{end[1]:.1f}",
                "at": [(start[0] + 2 * cx + end[0]) / 4, (start[1] + 2 * cy + end[1]) / 4],
            }
        )
    _spread_labels([(str(d["label"]), d["at"]) for d in drawn], nodes)  # type: ignore[misc]
    return drawn


__all__ = ["Edge", "Node", "drawn_edges", "layout", "relationship_graph", "wrap"]


def graph_page(site: Site) -> str:
    """``graph.html``: the graph, its legend, and the same relationships as a list."""
    if "relationships" not in site.rows:
        return render(
            "graph.html", up="", title="Graph — jihadistds", description="", nodes=[], edges=[]
        )
    nodes, edges = relationship_graph(
        site.resource("relationships"), site.rows["relationships"], site.rows["actors"]
    )
    rows = len(edges)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    if rows > MAX_EDGES:  # one arrow per subject, type and object, with how many rows it stands for
        firsts: dict[tuple[str, str, str], Edge] = {}
        for e in edges:
            triple = (e.subject, e.type, e.object)
            counts[triple] += 1
            firsts.setdefault(triple, e)
        edges = list(firsts.values())
    if len(nodes) > MAX_NODES:
        description = (
            f"{rows} relationships between {len(nodes)} actors: more actors than the "
            f"{MAX_NODES} a picture can show legibly, so they are listed, each from subject to "
            "object with its type. Each actor links to its page."
        )
        nodes = []
    else:
        layout(nodes, edges)
        description = _description(rows, len(nodes), len(edges), bool(counts))
    return render(
        "graph.html",
        up="",
        title="Relationship graph — jihadistds",
        description=description,
        site=site,
        nodes=nodes,
        edges=drawn_edges(nodes, edges)
        if nodes
        else [{"edge": e, "label": _label(e)} for e in edges],
        picture=bool(nodes),
        more={e.id: counts[(e.subject, e.type, e.object)] - 1 for e in edges} if counts else {},
        kinds=sorted({n.kind for n in nodes}),
        size=(WIDTH, HEIGHT),
        line=LINE,
    )


def _description(rows: int, actors: int, arrows: int, merged: bool) -> str:
    drawn = (
        f"{rows} relationships between {actors} actors, each an arrow"
        if not merged
        else f"{rows} relationships between {actors} actors, drawn as {arrows} arrows, "
        "one per subject, type and object (the list below gives how many rows each stands for)"
    )
    return (
        f"{drawn} from subject to object labelled by its type; a two-headed arrow is a "
        "symmetric type. Each actor links to its page."
    )
