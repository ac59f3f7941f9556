"""The link chart's graph algorithms, in plain Python (no Django): the graph itself, the shortest path between
two nodes, communities, and the rule that infers a link between two persons who share an identifier.

Everything here is deterministic: the same graph gives the same path, the same communities and the same
inferred links, whatever order the database returned the rows in (nodes and neighbours are visited in sorted
order, ties are broken by the smallest id). networkx is deliberately not a dependency: the three algorithms
below are short, and a link chart holds thousands of nodes, not millions.

Node ids are strings "<kind>:<key>" ("person:12", "incident:7", "hit:HIT-2026-000042").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Edge kinds: an entity's role in an incident, a hit between two records (or towards a placeholder), and a
# link inferred from a shared identifier.
INVOLVEMENT, HIT, INFERRED = "involvement", "hit", "inferred"


@dataclass
class Node:
    id: str
    kind: str
    label: str
    data: dict = field(default_factory=dict)  # what the chart shows beside the label (never hidden data)
    placeholder: bool = False  # a hit/no-hit placeholder: who holds a record, never the record
    # The record the node was read from (for exports), never sent to the browser; None for placeholders.
    record: object | None = field(default=None, repr=False, compare=False)


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    label: str
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.kind}|{self.source}|{self.target}"


class Graph:
    """Nodes and undirected edges, without duplicates. An edge is stored once, between its two ends in sorted
    order, and only when both ends are in the graph (so removing hidden nodes removes their edges)."""

    def __init__(self):
        self.nodes: dict[str, Node] = {}
        self.edges: dict[str, Edge] = {}

    def add_node(self, node: Node) -> Node:
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, source: str, target: str, kind: str, label: str, data: dict | None = None) -> Edge | None:
        if source == target:
            return None
        a, b = sorted((source, target))
        edge = Edge(a, b, kind, label, dict(data or {}))
        existing = self.edges.get(edge.id)
        if existing is not None:
            # Two roles of one entity in one incident ("owner", "driver") are one edge with both labels.
            if label and label not in existing.label.split(", "):
                existing.label = f"{existing.label}, {label}" if existing.label else label
            return existing
        self.edges[edge.id] = edge
        return edge

    def merge(self, other: Graph) -> None:
        for node in other.nodes.values():
            self.add_node(node)
        for edge in other.edges.values():
            self.add_edge(edge.source, edge.target, edge.kind, edge.label, edge.data)

    def prune(self) -> None:
        """Drop edges whose ends are not both nodes of the graph."""
        self.edges = {k: e for k, e in self.edges.items() if e.source in self.nodes and e.target in self.nodes}

    def adjacency(self) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = {n: set() for n in self.nodes}
        for e in self.edges.values():
            if e.source in adj and e.target in adj:
                adj[e.source].add(e.target)
                adj[e.target].add(e.source)
        return adj

    def sorted_nodes(self) -> list[Node]:
        return [self.nodes[k] for k in sorted(self.nodes)]

    def sorted_edges(self) -> list[Edge]:
        return [self.edges[k] for k in sorted(self.edges)]


# --- shortest path -------------------------------------------------------------------------------------------

@dataclass
class PathResult:
    path: list[str]  # node ids from source to target; [] when none was found
    explored: int  # nodes reached by the search
    exhausted: bool  # True when the search stopped at its node budget before it could decide


def shortest_path(source: str, target: str, neighbours: Callable[[list[str]], dict[str, Iterable[str]]], *,
                  max_hops: int, max_nodes: int = 20_000) -> PathResult:
    """The shortest path from `source` to `target` of at most `max_hops` edges, by breadth-first search from
    both ends at once (each step widens the smaller side), or [] when there is none within `max_hops`.

    `neighbours(frontier)` returns the neighbours of a whole frontier in one call ({node: neighbours}), so the
    caller answers a level with a few queries instead of one per node. Among paths of equal length the one
    through the smallest node ids is returned: frontiers and neighbours are visited in sorted order.
    """
    if source == target:
        return PathResult([source], 1, False)
    parents = ({source: None}, {target: None})  # node -> the node it was reached from, per side
    frontiers = ([source], [target])
    depths = [0, 0]
    while frontiers[0] and frontiers[1] and depths[0] + depths[1] < max_hops:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = parents[side], parents[1 - side]
        found = neighbours(sorted(frontiers[side]))
        nxt: list[str] = []
        meeting = None
        for node in sorted(frontiers[side]):
            for other in sorted(set(found.get(node, ()))):
                if other in mine:
                    continue
                mine[other] = node
                nxt.append(other)
                if other in theirs and meeting is None:
                    meeting = other
        depths[side] += 1
        if meeting is not None:
            return PathResult(_join(meeting, parents), len(parents[0]) + len(parents[1]), False)
        if len(parents[0]) + len(parents[1]) > max_nodes:
            return PathResult([], len(parents[0]) + len(parents[1]), True)
        frontiers = (nxt, frontiers[1]) if side == 0 else (frontiers[0], nxt)
    return PathResult([], len(parents[0]) + len(parents[1]), False)


def _join(meeting: str, parents) -> list[str]:
    left, node = [], meeting
    while node is not None:
        left.append(node)
        node = parents[0][node]
    right, node = [], parents[1][meeting]
    while node is not None:
        right.append(node)
        node = parents[1][node]
    return list(reversed(left)) + right


# --- communities ---------------------------------------------------------------------------------------------

def communities(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Communities by the Louvain method (Blondel et al., 2008): move each node to the neighbouring community
    that most increases modularity until no move helps, fold each community into one node, repeat.

    Deterministic: nodes are visited in sorted order, a node moves only for a strictly better gain (ties go to
    the community met first, whose id is the smallest), and communities are numbered by size, largest first,
    then by their smallest node id. Returns {node: community number}; an isolated node is its own community.
    Unweighted input; the folded graphs carry weights.
    """
    names = sorted(set(nodes))
    index = {name: i for i, name in enumerate(names)}
    adj: list[dict[int, float]] = [defaultdict(float) for _ in names]
    for a, b in edges:
        if a in index and b in index and a != b:
            i, j = index[a], index[b]
            if j not in adj[i]:
                adj[i][j] = 1.0
                adj[j][i] = 1.0
    degree = [float(len(neigh)) for neigh in adj]
    membership = list(range(len(names)))  # original node -> current community (a node of the folded graph)
    while True:
        moved, level = _one_level(adj, degree)
        if not moved:
            break
        membership = [level[c] for c in membership]
        adj, degree = _fold(adj, degree, level)
    # Number communities: largest first, then by their smallest member (names are sorted, so by index).
    groups: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(membership):
        groups[c].append(i)
    order = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return {names[i]: number for number, members in enumerate(order) for i in members}


def _one_level(adj: list[dict[int, float]], degree: list[float]) -> tuple[bool, list[int]]:
    """Local moves until stable. Returns (whether any node moved, node -> community renumbered 0..k-1)."""
    n = len(adj)
    m2 = sum(degree)  # twice the total edge weight
    community = list(range(n))
    total = list(degree)  # sum of degrees of the nodes in each community
    if m2 == 0:
        return False, community
    moved_any = False
    for _ in range(100):  # passes; modularity only grows, so this ends long before in practice
        moved = False
        for i in range(n):
            current = community[i]
            links: dict[int, float] = defaultdict(float)  # community -> weight from i into it
            for j, w in sorted(adj[i].items()):
                if j != i:
                    links[community[j]] += w
            total[current] -= degree[i]
            best, best_gain = current, links.get(current, 0.0) - total[current] * degree[i] / m2
            for c in sorted(links):
                gain = links[c] - total[c] * degree[i] / m2
                if gain > best_gain + 1e-12:
                    best, best_gain = c, gain
            total[best] += degree[i]
            if best != current:
                community[i] = best
                moved = moved_any = True
        if not moved:
            break
    renumber: dict[int, int] = {}
    return moved_any, [renumber.setdefault(c, len(renumber)) for c in community]


def _fold(adj, degree, level) -> tuple[list[dict[int, float]], list[float]]:
    """One node per community; weights between communities summed; degrees carried over (so the weight inside
    a community still counts in the modularity of the folded graph without a self-loop)."""
    k = max(level) + 1 if level else 0
    folded: list[dict[int, float]] = [defaultdict(float) for _ in range(k)]
    folded_degree = [0.0] * k
    for i, neigh in enumerate(adj):
        ci = level[i]
        folded_degree[ci] += degree[i]
        for j, w in neigh.items():
            cj = level[j]
            if ci != cj:
                folded[ci][cj] += w
    return folded, folded_degree


# --- inferred links ------------------------------------------------------------------------------------------

# A phone, vehicle, account or address linked to more persons than this (a bus, a shared office line, a
# money-transfer agent's account) says little about any two of them: it infers no link between persons other
# than the one the chart is centred on (as matching stops using a key that occurs too often).
SHARED_CAP = 50


@dataclass(frozen=True)
class InferredLink:
    a: str  # person node ids, a < b
    b: str
    via_kind: str  # phone, vehicle, account, address
    via: str  # the identifier's group: its canonical key ("phone:+93701234567") or its record ("address:5")


def shared_links(memberships: dict[tuple[str, str], set[str]], *, focus: Iterable[str] = (),
                 among: set[str] | None = None, cap: int = SHARED_CAP) -> list[InferredLink]:
    """Links between persons who share an identifier.

    memberships: {(via_kind, group): persons linked to that identifier}. A link joins two persons of one group;
    one link per pair and identifier kind (named after the first group, in sorted order, that gives it).
    With `among`, only persons of `among` take part. In a group of more than `cap` persons only pairs with a
    `focus` person are made (the chart's centre keeps its links; strangers on one bus are not linked).
    """
    focus = set(focus)
    found: dict[tuple[str, str, str], str] = {}
    for (via_kind, group) in sorted(memberships):
        persons = sorted(memberships[(via_kind, group)])
        if among is not None:
            persons = [p for p in persons if p in among]
        if len(persons) < 2:
            continue
        if len(persons) > cap:
            pairs = [(f, p) for f in persons if f in focus for p in persons if p != f]
        else:
            pairs = [(p, q) for i, p in enumerate(persons) for q in persons[i + 1:]]
        for p, q in pairs:
            a, b = sorted((p, q))
            found.setdefault((a, b, via_kind), group)
    return [InferredLink(a, b, kind, group) for (a, b, kind), group in sorted(found.items())]
