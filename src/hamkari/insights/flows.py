"""Route flows: from incident routes (producing -> departure -> transit(s) -> destination) to the links of a flow
(Sankey) chart and the arcs of the map. Pure Python, no Django.

A Sankey chart cannot draw a cycle, and routes make them easily: Iran is a transit country on one route and the
destination of another, Afghanistan both the producing and the departure country of most. So a node is a
country *in a stage column* (producing, departure, transit 1, transit 2, ..., destination): every link goes
from one column to a later one, and the graph is acyclic whatever the data. A country that appears in more
than one column is shown with its stage ("Afghanistan (departure)"), so that its two boxes read apart.
"""

from collections import defaultdict
from dataclasses import dataclass, field

MAX_TRANSITS = 4  # longer routes keep their first three transits and their last: the chart stays readable
PRODUCING, DEPARTURE, DESTINATION = "producing", "departure", "destination"


@dataclass(frozen=True)
class RouteRow:
    """Incidents that share one route, with how many there are and what they seized (kg)."""

    producing: str | None
    departure: str | None
    transits: tuple[str, ...]
    destination: str | None
    cases: int
    kg: float = 0.0


@dataclass
class Link:
    source: str  # node key, "stage:CC"
    target: str
    cases: int = 0
    kg: float = 0.0


@dataclass
class Flows:
    nodes: dict[str, dict] = field(default_factory=dict)  # key -> {"country", "stage", "column", "qualified"}
    links: list[Link] = field(default_factory=list)
    cases: int = 0  # incidents with at least one link
    kg: float = 0.0


def transit_stage(n: int) -> str:
    return f"transit{n}"


def stages_of(row: RouteRow) -> list[tuple[str, int, str]]:
    """(stage, column, country) for each known stage of the route, in order; unknown stages are skipped."""
    transits = [c for c in row.transits if c]
    if len(transits) > MAX_TRANSITS:
        transits = transits[: MAX_TRANSITS - 1] + transits[-1:]
    out = []
    if row.producing:
        out.append((PRODUCING, 0, row.producing))
    if row.departure:
        out.append((DEPARTURE, 1, row.departure))
    for i, country in enumerate(transits, start=1):
        out.append((transit_stage(i), 1 + i, country))
    if row.destination:
        out.append((DESTINATION, 2 + MAX_TRANSITS, row.destination))
    return out


def node_key(stage: str, country: str) -> str:
    return f"{stage}:{country}"


def build_flows(rows, *, limit: int | None = None) -> Flows:
    """The Sankey links of `rows` (RouteRow), heaviest first (kg, then cases); with `limit`, only that many
    links are kept (the table view has them all)."""
    links: dict[tuple[str, str], Link] = {}
    flows = Flows()
    for row in rows:
        stages = stages_of(row)
        if len(stages) < 2:
            continue
        flows.cases += row.cases
        flows.kg += row.kg
        for (stage_a, col_a, a), (stage_b, col_b, b) in zip(stages, stages[1:], strict=False):
            ka, kb = node_key(stage_a, a), node_key(stage_b, b)
            flows.nodes.setdefault(ka, {"country": a, "stage": stage_a, "column": col_a})
            flows.nodes.setdefault(kb, {"country": b, "stage": stage_b, "column": col_b})
            link = links.setdefault((ka, kb), Link(ka, kb))
            link.cases += row.cases
            link.kg += row.kg
    column = {key: node["column"] for key, node in flows.nodes.items()}
    ordered = sorted(links.values(), key=lambda link: (-link.kg, -link.cases, column[link.source],
                                                       link.source, link.target))
    if limit is not None:
        ordered = ordered[:limit]
        used = {k for link in ordered for k in (link.source, link.target)}
        flows.nodes = {k: v for k, v in flows.nodes.items() if k in used}
    flows.links = ordered
    stages = defaultdict(set)
    for node in flows.nodes.values():
        stages[node["country"]].add(node["stage"])
    for node in flows.nodes.values():
        node["qualified"] = len(stages[node["country"]]) > 1
    return flows


def is_acyclic(flows: Flows) -> bool:
    """True when the links form no cycle (always, by construction; the tests hold it to that)."""
    outgoing = defaultdict(list)
    for link in flows.links:
        outgoing[link.source].append(link.target)
    state: dict[str, int] = {}

    def visit(start) -> bool:
        stack = [(start, iter(outgoing[start]))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return False
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(outgoing[child])))
        return True

    return all(visit(n) for n in list(outgoing) if n not in state)


def arcs(rows) -> list[dict]:
    """Departure -> destination pairs (different countries) with cases and kg, heaviest first: the map's arcs.
    A route without a departure country starts from its producing country."""
    pairs: dict[tuple[str, str], dict] = {}
    for row in rows:
        start = row.departure or row.producing
        if not start or not row.destination or start == row.destination:
            continue
        pair = pairs.setdefault((start, row.destination), {"from": start, "to": row.destination, "cases": 0,
                                                           "kg": 0.0})
        pair["cases"] += row.cases
        pair["kg"] += row.kg
    return sorted(pairs.values(), key=lambda p: (-p["cases"], -p["kg"], p["from"], p["to"]))


def parse_path(text: str | None, sep: str = ">") -> tuple[str, ...]:
    """Transit countries from the database's concatenation ("IR>TR"), in order."""
    return tuple(c for c in (text or "").split(sep) if c)
