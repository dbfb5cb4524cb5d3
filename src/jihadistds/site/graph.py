"""The relationship graph, laid out and drawn as SVG in Python: no system binary, no script.

Nodes are the actors that take part in a relationship; each relationship row is one directed
edge (``<g class="edge">``), labelled by its type, from subject to object. The layout is a
force-directed one (Fruchterman and Reingold), started from a circle in id order and run a
fixed number of steps, so the same package always gives the same picture. Boxes are then
pushed apart until none overlap, each edge bows round the boxes in its way, and each edge's
label takes a free place on its own curve.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from ..read.descriptor import Resource
from .facts import verb
from .page import Site, listed, render

if TYPE_CHECKING:
    import numpy as np

WIDTH, HEIGHT, MARGIN = 1400, 1000, 90
MAX_EDGES = 200  # past this many relationship rows, or MAX_NODES actors, no picture: the list
MAX_NODES = 60  # (unreadable, and quadratic to lay out)
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

    @cached_property
    def lines(self) -> list[str]:
        return wrap(self.label)

    @cached_property
    def half(self) -> tuple[float, float]:
        lines = self.lines
        return max(len(s) for s in lines) * CHAR / 2 + 8, len(lines) * LINE / 2 + 5


Point = tuple[float, float]


@dataclass
class Drawn:
    """An edge as drawn: its curve (start, control point, end) and where its label sits."""

    edge: Edge
    label: str
    title: str
    curve: tuple[Point, Point, Point]
    length: float  # between the two boxes' centres
    at: Point = (0.0, 0.0)  # the label's baseline, centred

    @property
    def path(self) -> str:
        (x0, y0), (cx, cy), (x1, y1) = self.curve
        return f"M{x0:.1f},{y0:.1f} Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}"


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


@cache  # a node's box is measured often while the layout runs
def wrap(text: str, width: int = WRAP) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a long word stays whole)."""
    words = " ".join(text.split())
    return textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False) or [""]


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
        node.x = MARGIN + float(scaled[i, 0]) * (WIDTH - 2 * MARGIN)
        node.y = MARGIN + float(scaled[i, 1]) * (HEIGHT - 2 * MARGIN)
    _separate(nodes, _room(edges))


def _room(edges: list[Edge]) -> dict[frozenset[str], float]:
    """How far apart two linked boxes stay side by side: the width of their longest label."""
    room: dict[frozenset[str], float] = defaultdict(float)
    for e in edges:
        pair = frozenset((e.subject, e.object))
        room[pair] = max(room[pair], _width(_label(e)) + 12)
    return room


def _separate(nodes: list[Node], room: dict[frozenset[str], float], rounds: int = 200) -> None:
    """Push boxes apart until no two overlap and two linked boxes leave room for a label
    between them (its width side by side, two lines one above the other), then keep every
    box inside the picture."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                (aw, ah), (bw, bh) = a.half, b.half
                dx, dy = b.x - a.x, b.y - a.y
                gap = room.get(frozenset((a.id, b.id)))
                ox = aw + bw + (gap or 6) - abs(dx)
                oy = ah + bh + (26 if gap else 6) - abs(dy)
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


Box = tuple[float, float, float, float]


def _width(label: str) -> float:
    """An edge label's width in px at its 11 px size, by narrow, wide and other letters:
    within a few px of what Chromium measures for each label of the package."""
    return sum(3.6 if c in "fijlrt ()'.,-" else 9.8 if c in "mwMW" else 6.8 for c in label)


def _covered(box: Box, others: np.ndarray) -> float:
    """The area of ``box`` that ``others`` (one box per row) cover, summed."""
    import numpy as np

    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return float((np.clip(w, 0, None) * np.clip(h, 0, None)).sum())


def _place_labels(drawn: list[Drawn], nodes: list[Node], rounds: int = 4) -> list[Drawn]:
    """Put each edge's label on its own curve where it covers no box and no other label: the
    point nearest the curve's middle that is free, a few px to either side if none on it is.
    Short edges, which have the fewest places, choose first; a label that found no free place
    chooses again once the others have theirs. Returns the edges whose label found no free
    place."""
    boxes = [(n.x - w, n.y - h, n.x + w, n.y + h) for n in nodes for w, h in [n.half]]
    order = sorted(drawn, key=lambda d: d.length)
    placed: dict[int, Box] = {}

    def others(i: int) -> np.ndarray:
        import numpy as np

        return np.array(boxes + [b for j, b in placed.items() if j != i]).reshape(-1, 4)

    for _ in range(rounds):
        for i, d in enumerate(order):
            if i in placed and not _covered(placed[i], others(i)):
                continue
            half, around = _width(d.label) / 2 + 2, others(i)
            points = curve_points(*d.curve, steps=20)
            candidates = sorted(  # nearest the curve first, then nearest its middle
                (abs(shift), abs(k - 10), x, y + shift)
                for shift in (0, 7, -7, 14, -14, 21, -21)
                for k, (x, y) in enumerate(points)
                if 3 <= k <= 17
            )
            costs = [
                _covered((x - half, y - 7, x + half, y + 7), around) for *_, x, y in candidates
            ]
            _, _, x, y = candidates[costs.index(min(costs))]
            placed[i] = (x - half, y - 7, x + half, y + 7)
            d.at = (x, y + 4)  # the text's baseline, for a label centred on (x, y)
    return [d for i, d in enumerate(order) if _covered(placed[i], others(i))]


# Bows tried, in px from the wanted one, for an edge that would cross another actor's box.
DETOURS = (0, 45, -45, 90, -90, 140, -140, 200, -200, 270, -270, 350, -350)


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
    import numpy as np

    t = np.linspace(0, 1, steps + 1)[:, None]
    points = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
    return [(x, y) for x, y in points.tolist()]


def _crossings(curve: tuple[Point, Point, Point], boxes: np.ndarray, pad: float = 3.0) -> int:
    """How many of ``boxes`` (one ``x, y, half width, half height`` per row, with ``pad`` px
    around) the curve passes through."""
    import numpy as np

    points = np.array(curve_points(*curve))
    dx = np.abs(points[None, :, 0] - boxes[:, None, 0]) < boxes[:, None, 2] + pad
    dy = np.abs(points[None, :, 1] - boxes[:, None, 1]) < boxes[:, None, 3] + pad
    return int((dx & dy).any(axis=1).sum())


def _label(edge: Edge) -> str:
    return edge.type.replace("_", " ")


def drawn_edges(nodes: list[Node], edges: list[Edge]) -> list[Drawn]:
    """Each edge as drawn: its path between the two boxes and where its label sits. Where a
    label finds no free place, the two boxes of its edge move apart and all are drawn again."""
    by_id = {n.id: n for n in nodes}
    fewest = math.inf
    for _ in range(12):
        drawn = _curves(nodes, edges)
        crowded = _place_labels(drawn, nodes)
        if len(crowded) >= fewest or not crowded:  # done, or moving boxes no longer helps
            return drawn
        fewest = len(crowded)
        for d in crowded:
            a, b = by_id[d.edge.subject], by_id[d.edge.object]
            dx, dy = b.x - a.x, b.y - a.y
            length = math.hypot(dx, dy) or 1.0
            a.x, a.y = a.x - dx / length * 8, a.y - dy / length * 8
            b.x, b.y = b.x + dx / length * 8, b.y + dy / length * 8
        _separate(nodes, _room(edges))
    drawn = _curves(nodes, edges)
    _place_labels(drawn, nodes)
    return drawn


def _curves(nodes: list[Node], edges: list[Edge]) -> list[Drawn]:
    """Each edge's curve: between one pair in turn to either side, bowed round other boxes."""
    import numpy as np

    by_id = {n.id: n for n in nodes}
    seen: dict[frozenset[str], int] = {}
    drawn: list[Drawn] = []
    for e in edges:
        a, b = by_id[e.subject], by_id[e.object]
        pair = frozenset((e.subject, e.object))
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        # Edges between one pair bow out in turn, so that each stays visible.
        step = min((nth + 1) // 2, 4)  # past four a side, edges of one pair share a curve
        wanted = 0.0 if nth == 0 else 40 * step * (1 if nth % 2 else -1)
        # The least bow from the wanted one that passes through no other actor's box.
        others = np.array([(n.x, n.y, *n.half) for n in nodes if n.id not in pair]).reshape(-1, 4)
        bend = min(
            (wanted + d for d in DETOURS),
            key=lambda bend: (_crossings(_curve(a, b, bend), others), abs(bend - wanted)),
        )
        label = _label(e)
        title = f"{a.label} {label} {b.label} ({e.id})"
        drawn.append(Drawn(e, label, title, _curve(a, b, bend), math.dist((a.x, a.y), (b.x, b.y))))
    return drawn


def graph_page(site: Site) -> str:
    """``graph.html``: the graph, its legend, and the same relationships as a list."""
    if "relationships" not in site.rows:
        return render(
            "graph.html", up="", title="Graph — jihadistds", description="", nodes=[], edges=[]
        )
    res = site.resource("relationships")
    nodes, edges = relationship_graph(res, site.rows["relationships"], site.rows["actors"])
    described = f"{len(edges)} relationships between {len(nodes)} actors"
    if len(nodes) > MAX_NODES or len(edges) > MAX_EDGES:
        description = (
            f"{described}: more than a picture can show legibly ({MAX_NODES} actors, "
            f"{MAX_EDGES} relationships), so they are listed, each from subject to object with "
            "its type. Each actor links to its page."
        )
        nodes = []
    else:
        layout(nodes, edges)
        description = (
            f"{described}, each an arrow from subject to object labelled by its type; a "
            "two-headed arrow is a symmetric type. Each actor links to its page."
        )
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
        kinds=sorted({n.kind for n in nodes}),
        verbs={e.type: verb(res, e.type) for e in edges},  # the list says what the sentences say
        size=(WIDTH, HEIGHT),
        line=LINE,
    )
